/** Keeps the first and last bytes of a stream of output, counting what falls in between. */
export type OutputCollector = Readonly<{
  push(chunk: Uint8Array): void;
  /** Everything kept, as text, with `[… N bytes omitted …]` where the middle was dropped. */
  text(): string;
  /** How many bytes were pushed in all. */
  total(): number;
}>;

/** A collector that keeps the first `headBytes` and the last `tailBytes` of everything pushed, in memory bounded by their sum. */
export function createOutputCollector(headBytes: number, tailBytes: number): OutputCollector {
  const head: Buffer[] = [];
  let headLength = 0;
  let tail: Buffer[] = [];
  let tailLength = 0;
  let total = 0;

  function pushTail(chunk: Buffer): void {
    tail.push(chunk);
    tailLength += chunk.length;
    if (tailLength <= tailBytes * 2) return;
    // Compact lazily: joining on every push would copy the tail for each small chunk.
    const joined = Buffer.concat(tail);
    tail = [joined.subarray(joined.length - tailBytes)];
    tailLength = tailBytes;
  }

  return {
    push(chunk) {
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      total += bytes.length;
      const headRoom = headBytes - headLength;
      if (headRoom > 0) {
        const taken = bytes.subarray(0, headRoom);
        head.push(Buffer.from(taken));
        headLength += taken.length;
        if (bytes.length > headRoom) pushTail(Buffer.from(bytes.subarray(headRoom)));
        return;
      }
      pushTail(Buffer.from(bytes));
    },
    text() {
      const tailJoined = Buffer.concat(tail);
      const kept = tailJoined.subarray(Math.max(0, tailJoined.length - tailBytes));
      const omitted = total - headLength - kept.length;
      const headText = Buffer.concat(head).toString('utf8');
      if (omitted <= 0) return headText + kept.toString('utf8');
      return `${headText}\n[… ${omitted} bytes omitted …]\n${kept.toString('utf8')}`;
    },
    total: () => total,
  };
}
