import { describe, expect, it } from 'vitest';
import type { RunnerHost } from './runner-host';

/** What every RunnerHost must do (DESIGN §2), written once so each host runs the same tests. */
export function describeRunnerHostContract(hostName: string, makeHost: (runnerEntry: string) => RunnerHost, burstRunnerEntry: string): void {
  const collect = (host: RunnerHost) => {
    const connection = host.start('contract-run');
    const received: unknown[] = [];
    connection.onMessage((message) => received.push(message));
    return { connection, received };
  };
  const waitFor = async (condition: () => boolean): Promise<void> => {
    const deadline = Date.now() + 10_000;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error('condition not reached in time');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };

  describe(`${hostName} keeps the RunnerHost contract`, () => {
    it('starts a process with a pid and carries messages both ways', async () => {
      const { connection, received } = collect(makeHost(burstRunnerEntry));
      expect(connection.pid).toBeGreaterThan(0);
      connection.send({ type: 'ping', nonce: 'n1' });
      await waitFor(() => received.some((message) => (message as { type?: string }).type === 'pong'));
      expect(received).toContainEqual({ type: 'pong', nonce: 'n1' });
      connection.kill('SIGKILL');
      await connection.exited;
    });

    it('delivers every queued message before it reports the exit', async () => {
      const { connection, received } = collect(makeHost(burstRunnerEntry));
      connection.send({ type: 'stop', reason: 'user_stop' });
      const exit = await connection.exited;
      expect(exit.code).toBe(0);
      expect(received.filter((message) => (message as { type?: string }).type === 'event')).toHaveLength(200);
      expect(received.at(-1)).toMatchObject({ type: 'exit', reason: 'user_stop' });
    });

    it('reports a kill with its signal and keeps the output tail', async () => {
      const { connection } = collect(makeHost(burstRunnerEntry));
      await waitFor(() => connection.stderrTail().includes('burst runner: up'));
      connection.kill('SIGKILL');
      const exit = await connection.exited;
      expect(exit).toMatchObject({ code: null, signal: 'SIGKILL' });
      expect(exit.stderrTail).toContain('burst runner: up');
    });
  });
}
