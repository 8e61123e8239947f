import { describe, expect, it } from 'vitest';
import { mayShowInsideDataFolder } from './agent-launch';

describe('mayShowInsideDataFolder', () => {
  it('binds back a run’s own folders in the data folder, and folders outside it, but never the data folder or the rest of it', () => {
    const data = '/home/me/.autoloop';
    expect(mayShowInsideDataFolder('/home/me/project', data)).toBe(true);
    expect(mayShowInsideDataFolder('/home/me', data)).toBe(true);
    expect(mayShowInsideDataFolder(`${data}/workspaces/r1`, data)).toBe(true);
    expect(mayShowInsideDataFolder(`${data}/worktrees/r1/sub`, data)).toBe(true);
    expect(mayShowInsideDataFolder(`${data}/runs/r1/output`, data)).toBe(true);
    expect(mayShowInsideDataFolder(data, data)).toBe(false);
    expect(mayShowInsideDataFolder(`${data}/`, data)).toBe(false);
    expect(mayShowInsideDataFolder(`${data}/workspaces`, data)).toBe(false);
    expect(mayShowInsideDataFolder(`${data}/templates`, data)).toBe(false);
    expect(mayShowInsideDataFolder(`${data}/workspaces/../access.json`, data)).toBe(false);
    expect(mayShowInsideDataFolder('/home/me/.autoloop-other/x', data)).toBe(true);
  });
});
