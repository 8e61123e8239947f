// The runner bundle's entry. Node's compile cache covers only modules loaded after it is enabled,
// so this file imports nothing but node:module and the argument parser, enables the cache, and
// then imports the runner itself in two steps: the handshake (the protocol only) answers `ready`,
// then the AI SDK, the tools and the loop load. A spare runner (started before its run is known)
// loads them at once, while it waits for `init`.
import { constants, enableCompileCache } from 'node:module';
import { compileCacheDirIn, isSpareIn } from '../shared/runner-args';

const cacheDir = compileCacheDirIn(process.argv);
const cache = cacheDir ? enableCompileCache(cacheDir) : null;
const { dieOf, handshake, log } = await import('./runner-handshake');
if (cache?.status === constants.compileCacheStatus.FAILED)
  log(`the compile cache in ${cacheDir} is not available (${cache.message ?? 'no reason given'}); starting without it`);
const preloaded = isSpareIn(process.argv) ? import('./runner-process').then(async (runner) => (await runner.preloadForSpare(), runner)) : null;
preloaded?.catch(dieOf);
handshake(preloaded)
  .then(async ({ link, init }) => (await (preloaded ?? import('./runner-process'))).runRun(link, init))
  .catch(dieOf);
