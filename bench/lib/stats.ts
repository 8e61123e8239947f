/** Sorted copy, ascending. */
const sorted = (samples: ReadonlyArray<number>): number[] => [...samples].sort((a, b) => a - b);

/** The median (mean of the two middle samples when n is even). */
export function median(samples: ReadonlyArray<number>): number {
  if (samples.length === 0) return Number.NaN;
  const s = sorted(samples);
  const middle = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[middle] as number) : ((s[middle - 1] as number) + (s[middle] as number)) / 2;
}

/** Nearest-rank percentile: the smallest sample with at least q of the samples at or below it. */
export function percentile(samples: ReadonlyArray<number>, q: number): number {
  if (samples.length === 0) return Number.NaN;
  const s = sorted(samples);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

export function mean(samples: ReadonlyArray<number>): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

export function max(samples: ReadonlyArray<number>): number {
  return samples.reduce((most, value) => Math.max(most, value), Number.NEGATIVE_INFINITY);
}

export function min(samples: ReadonlyArray<number>): number {
  return samples.reduce((least, value) => Math.min(least, value), Number.POSITIVE_INFINITY);
}
