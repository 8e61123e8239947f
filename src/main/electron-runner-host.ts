import { MessageChannelMain, utilityProcess } from 'electron';
import type { ProcessExit, RunnerConnection, RunnerHost } from '../core/runner-host/runner-host';
import { RUNNER_V8_FLAGS, compileCacheFolder, createOutputTail, runnerEnvironment } from '../core/runner-host/runner-host';
import { signalProcessTree } from '../core/runner-host/process-tree';
import { runnerArgs } from '../shared/runner-args';

export type ElectronRunnerHostOptions = Readonly<{
  /** The built runner bundle (out/main/runner.js). */
  runnerEntry: string;
  /** Node's module compile cache for the runner bundle, in the data folder (`compileCacheDirOf`); none when unset. */
  compileCacheDir?: string;
}>;

/**
 * Starts runners as Electron utility processes; the protocol rides a MessageChannelMain whose
 * second port goes to the child with the first message (DESIGN §2).
 *
 * A utility process cannot be detached, so the runner stays in the app's process group and cannot
 * lead its own: `kill` signals the runner's process tree instead (each tool's group, then the
 * runner), never the app's group.
 */
export function createElectronRunnerHost(options: ElectronRunnerHostOptions): RunnerHost {
  const compileCacheDir = compileCacheFolder(options.compileCacheDir);
  return {
    start(runId, startOptions) {
      const child = utilityProcess.fork(options.runnerEntry, runnerArgs({ compileCacheDir: compileCacheDir(), spare: startOptions?.spare === true }), {
        serviceName: `autoloop-runner-${runId}`,
        stdio: 'pipe',
        env: runnerEnvironment(process.env),
        // execArgv becomes the utility process's command-line switches; its Node accepts only debug
        // options there, and V8 flags arrive through Chromium's --js-flags switch.
        execArgv: [`--js-flags=${RUNNER_V8_FLAGS.join(' ')}`],
      });
      const { port1, port2 } = new MessageChannelMain();
      child.postMessage({ type: 'port' }, [port2]);
      port1.start();
      const tail = createOutputTail();
      const capture = (chunk: Buffer): void => tail.append(chunk.toString('utf8'));
      child.stdout?.on('data', capture);
      child.stderr?.on('data', capture);
      const exited = new Promise<ProcessExit>((resolve) => {
        // Messages already queued on the port are delivered before the exit event's task runs.
        child.once('exit', (code) => setImmediate(() => resolve({ code, signal: null, stderrTail: tail.text() })));
      });
      const connection: RunnerConnection = {
        pid: child.pid ?? -1,
        send: (message) => port1.postMessage(message),
        onMessage(listener) {
          const forward = (event: { data: unknown }): void => listener(event.data);
          port1.on('message', forward);
          return () => void port1.off('message', forward);
        },
        kill(signal) {
          const pid = child.pid;
          if (pid === undefined) return;
          signalProcessTree(pid, signal);
        },
        exited,
        stderrTail: () => tail.text(),
      };
      return connection;
    },
  };
}
