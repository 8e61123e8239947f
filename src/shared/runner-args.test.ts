import { describe, expect, it } from 'vitest';
import { SPARE_STANDBY, compileCacheDirIn, isSpareIn, isSpareStandby, runnerArgs } from './runner-args';

describe('runner arguments', () => {
  it('name the compile cache and a spare, and read back what they name', () => {
    expect(runnerArgs({})).toEqual([]);
    const args = runnerArgs({ compileCacheDir: '/data/cache/compile', spare: true });
    expect(compileCacheDirIn(args)).toBe('/data/cache/compile');
    expect(isSpareIn(args)).toBe(true);
    expect(isSpareIn(runnerArgs({ compileCacheDir: '/data/cache/compile' }))).toBe(false);
    expect(compileCacheDirIn(runnerArgs({ spare: true }))).toBeNull();
  });

  it('tell a spare’s standby from the run’s messages', () => {
    expect(isSpareStandby({ type: SPARE_STANDBY })).toBe(true);
    for (const other of [{ type: 'ready', pid: 1, protocol: 1 }, [{ type: SPARE_STANDBY }], null, 'standby', { type: 'standby' }])
      expect(isSpareStandby(other)).toBe(false);
  });
});
