import { fork } from 'node:child_process';
import type { ProcessExit, RunnerConnection, RunnerHost } from './runner-host';
import { runnerArgs } from '../../shared/runner-args';
import { RUNNER_V8_FLAGS, compileCacheFolder, createOutputTail, runnerEnvironment } from './runner-host';

export type NodeRunnerHostOptions = Readonly<{
  /** The built runner bundle (out/main/runner.js). */
  runnerEntry: string;
  /** Node's module compile cache for the runner bundle, in the data folder (`compileCacheDirOf`); none when unset. */
  compileCacheDir?: string;
  /** V8 flags for the runner (RUNNER_V8_FLAGS unless set; benchmarks start an earlier build with its own). */
  v8Flags?: ReadonlyArray<string>;
  /** Receives the runner's stdout and stderr, line by line, for the debug log. */
  onOutput?: (runId: string, text: string) => void;
}>;

/** Starts runners with `child_process.fork` in their own process group; the protocol rides the IPC channel (DESIGN §2). */
export function createNodeRunnerHost(options: NodeRunnerHostOptions): RunnerHost {
  const compileCacheDir = compileCacheFolder(options.compileCacheDir);
  return {
    start(runId, startOptions) {
      const child = fork(options.runnerEntry, runnerArgs({ compileCacheDir: compileCacheDir(), spare: startOptions?.spare === true }), {
        serialization: 'advanced',
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        detached: true,
        env: runnerEnvironment(process.env),
        // Node takes V8 flags on its command line.
        execArgv: [...(options.v8Flags ?? RUNNER_V8_FLAGS)],
      });
      const tail = createOutputTail();
      const capture = (chunk: Buffer): void => {
        const text = chunk.toString('utf8');
        tail.append(text);
        options.onOutput?.(runId, text);
      };
      child.stdout?.on('data', capture);
      child.stderr?.on('data', capture);
      // 'close' comes after 'exit' once stdio and the IPC channel are drained: no message is lost.
      const exited = new Promise<ProcessExit>((resolve) => {
        child.once('close', (code, signal) => resolve({ code, signal, stderrTail: tail.text() }));
        child.once('error', (error) => {
          tail.append(`\n${error.message}`);
          if (child.pid === undefined) resolve({ code: null, signal: null, stderrTail: tail.text() });
        });
      });
      const connection: RunnerConnection = {
        pid: child.pid ?? -1,
        send(message) {
          if (child.connected) child.send(message, (error) => error && tail.append(`\nsend failed: ${error.message}`));
        },
        onMessage(listener) {
          child.on('message', listener);
          return () => void child.off('message', listener);
        },
        kill(signal) {
          if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
          try {
            process.kill(-child.pid, signal);
          } catch {
            child.kill(signal);
          }
        },
        exited,
        stderrTail: () => tail.text(),
      };
      return connection;
    },
  };
}
