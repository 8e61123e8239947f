/** The streamed kinds whose deltas are joined before they cross to the engine. */
export type DeltaKind = 'text' | 'reasoning';

/**
 * Joins the text and reasoning deltas that arrive together into one `event` each (issue #19): a
 * scripted or buffered response delivers a whole answer in one go, and one protocol message per
 * word made the IPC writes the runner's largest cost. Deltas are held only until the event loop
 * turns (`setImmediate`), so a provider's stream still reaches the person as it arrives; any other
 * part flushes first (`flush`), so the log keeps its order.
 */
export function createDeltaBatcher(send: (kind: DeltaKind, text: string) => void) {
  let kind: DeltaKind | null = null;
  let text = '';
  let scheduled: NodeJS.Immediate | null = null;

  function flush(): void {
    if (scheduled !== null) clearImmediate(scheduled);
    scheduled = null;
    if (kind !== null && text !== '') send(kind, text);
    kind = null;
    text = '';
  }

  return {
    push(deltaKind: DeltaKind, delta: string): void {
      if (kind !== deltaKind) flush();
      kind = deltaKind;
      text += delta;
      scheduled ??= setImmediate(flush);
    },
    flush,
  };
}
