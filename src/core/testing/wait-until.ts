const POLL_MS = 20;

/**
 * Polls until `condition` holds: for a state the engine reaches on its own (a process exit, a row in
 * SQLite). Bounded, so a broken engine fails the test saying what it waited for instead of hanging it.
 */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what = 'the condition', timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
