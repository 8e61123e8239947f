import { afterAll, expect } from 'vitest';
import { type TempEngine, createTempEngine, isProcessAlive } from './temp-engine';

/**
 * Temp engines for the tests of the calling file: the function returned makes one (with its options, else `defaults`);
 * after the file every one is disposed, then `cleanUp` runs (the file's fake servers, folders), and no runner process
 * any of them started may be left.
 */
export function tempEnginesPerFile(
  defaults: Parameters<typeof createTempEngine>[0] = {},
  cleanUp: () => unknown = () => undefined,
): (options?: Parameters<typeof createTempEngine>[0]) => TempEngine {
  const engines: TempEngine[] = [];
  afterAll(async () => {
    const pids = engines.flatMap((engine) => engine.pids);
    await Promise.all(engines.map((engine) => engine.dispose()));
    await cleanUp();
    // No runner process may outlive the file's tests.
    expect(pids.filter(isProcessAlive)).toEqual([]);
  });
  return (options = defaults) => {
    const created = createTempEngine(options);
    engines.push(created);
    return created;
  };
}
