import type { MessageChannelLike } from '../shared/channel';

/** The parts of Electron's MessagePortMain the runner uses, typed here so it never imports `electron`. */
interface PortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  off(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}
interface ParentPortLike {
  once(event: 'message', listener: (event: { data: unknown; ports: PortLike[] }) => void): void;
}

/** Connects to the supervisor: a transferred MessagePort under Electron, the fork IPC channel under Node. */
export async function connectToParent(proc: NodeJS.Process = process): Promise<MessageChannelLike> {
  const parentPort = (proc as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
  if (parentPort) {
    // ElectronRunnerHost transfers our end of a MessageChannelMain with its first message (DESIGN §2).
    const port = await new Promise<PortLike>((resolve, reject) =>
      parentPort.once('message', ({ ports }) => (ports[0] ? resolve(ports[0]) : reject(new Error('The first parentPort message carried no port.')))),
    );
    port.start(); // a MessagePortMain queues messages until start()
    return {
      send: (message) => port.postMessage(message),
      onMessage: (listener) => {
        const forward = (event: { data: unknown }): void => listener(event.data);
        port.on('message', forward);
        return () => port.off('message', forward);
      },
      close: () => port.close(),
    };
  }
  const send = proc.send?.bind(proc);
  if (send) {
    let pending = 0;
    let closeWhenFlushed = false;
    const disconnectIfDone = (): void => {
      if (closeWhenFlushed && pending === 0 && proc.connected) proc.disconnect();
    };
    return {
      send: (message) => {
        if (!proc.connected) return;
        pending += 1;
        send(message, undefined, {}, () => {
          pending -= 1;
          disconnectIfDone();
        });
      },
      onMessage: (listener) => {
        proc.on('message', listener);
        return () => void proc.off('message', listener);
      },
      // Disconnect only after every queued message has been written: the last one is usually `exit`.
      close: () => {
        closeWhenFlushed = true;
        disconnectIfDone();
      },
    };
  }
  throw new Error('The runner must be started by a RunnerHost: no parentPort and no IPC channel.');
}
