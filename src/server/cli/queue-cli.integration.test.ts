import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApiClient } from '../api-client';
import { type ServeProcess, autoloopSync, startServe } from '../testing/cli-process';

// The concurrency cap through the CLI: a real `autoloop serve` with a cap of one, and detached runs over it.
const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-queue-cli-'));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe(dataDir);
  const client = await connectApiClient({ host: '127.0.0.1', port: serve.port, token: serve.token });
  await client.call('settings.set', { concurrency: { maxConcurrentRuns: 1 } });
  await client.close();
});
afterAll(async () => {
  autoloop('stop', '--all');
  await serve.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('autoloop run --detach over the concurrency cap', () => {
  it('says the run is queued, not started, and lists it with its place', () => {
    const first = autoloop('run', 'demo-counter', '--interval', '60s', '--name', 'holder', '--detach');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toContain('Started holder');
    const second = autoloop('run', 'demo-counter', '--name', 'waiter', '--detach');
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('Started waiter');
    expect(second.stderr).toContain('Queued waiter');
    expect(second.stderr).toContain(`autoloop start-now ${second.stdout.trim()}`);
    expect(autoloop('ls').stdout).toMatch(/waiter\s+queued 1 of 1/);
  });
});
