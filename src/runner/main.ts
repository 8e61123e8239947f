// The runner bundle's entry. Node's compile cache covers only modules loaded after it is enabled,
// so this file imports nothing but node:module and the argument parser, enables the cache, and
// then imports the runner itself in two steps: the handshake (the protocol only) answers `ready`,
// then the AI SDK, the tools and the loop load.
import { constants, enableCompileCache } from 'node:module';
import { compileCacheDirIn } from '../shared/runner-args';

const cacheDir = compileCacheDirIn(process.argv);
const cache = cacheDir ? enableCompileCache(cacheDir) : null;
const { dieOf, handshake, log } = await import('./runner-handshake');
if (cache?.status === constants.compileCacheStatus.FAILED)
  log(`the compile cache in ${cacheDir} is not available (${cache.message ?? 'no reason given'}); starting without it`);
handshake()
  .then(async ({ link, init }) => (await import('./runner-process')).runRun(link, init))
  .catch(dieOf);
