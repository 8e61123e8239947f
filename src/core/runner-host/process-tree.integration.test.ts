import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessAlive } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { signalProcessTree } from './process-tree';

// A parent that is not a group leader (as a runner under Electron's utilityProcess) starts a
// detached `sleep` (its own group, as the bash tool does) and prints its pid.
const PARENT = `
const { spawn } = require('node:child_process');
const tool = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
process.stdout.write(String(tool.pid) + '\\n');
setInterval(() => {}, 1000);
`;

describe('signalProcessTree', () => {
  it('kills a runner that leads no group together with the detached tool group it started', async () => {
    const parent = spawn(process.execPath, ['-e', PARENT], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(parent.stdout, 'data')) as [Buffer];
    const toolPid = Number(line.toString().trim());
    expect(isProcessAlive(toolPid)).toBe(true);
    const exited = once(parent, 'exit');
    signalProcessTree(parent.pid as number, 'SIGKILL');
    expect(await exited).toEqual([null, 'SIGKILL']);
    await waitUntil(() => !isProcessAlive(toolPid), 'the detached tool to die');
    // This process (the engine's group) is untouched.
    expect(isProcessAlive(process.pid)).toBe(true);
  });
});
