// The runner bundle's entry. Node's compile cache covers only modules loaded after it is enabled,
// so this file imports nothing but node:module and the argument parser, enables the cache, and
// then imports the runner itself.
import { constants, enableCompileCache } from 'node:module';
import { compileCacheDirIn } from '../shared/runner-args';

const cacheDir = compileCacheDirIn(process.argv);
const cache = cacheDir ? enableCompileCache(cacheDir) : null;
const { dieOf, runRunner } = await import('./runner-process');
if (cache?.status === constants.compileCacheStatus.FAILED) {
  process.stderr.write(`[runner ${process.pid}] the compile cache in ${cacheDir} is not available (${cache.message ?? 'no reason given'}); starting without it\n`);
}
runRunner().catch(dieOf);
