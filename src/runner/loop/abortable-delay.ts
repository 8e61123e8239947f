/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Like `abortableDelay`, but an abort ends the wait early instead of throwing. Returns whether it was aborted. */
export async function waitUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (ms <= 0) return signal.aborted;
  try {
    await abortableDelay(ms, signal);
    return false;
  } catch {
    return true;
  }
}
