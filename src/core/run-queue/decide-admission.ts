/** The concurrency caps: every run counts, scheduled or not. A cap of 0 or absent means no limit. */
export type ConcurrencyCaps = Readonly<{ maxConcurrentRuns: number; perProvider: Readonly<Record<string, number>> }>;

/** What admission reads: the runs that hold a slot now (have or are about to have a process) and the queue, oldest first. */
export type AdmissionInput = Readonly<{
  caps: ConcurrencyCaps;
  /** The provider of each run that counts against the caps now. */
  activeProviders: ReadonlyArray<string>;
  queue: ReadonlyArray<Readonly<{ id: string; provider: string }>>;
}>;

/** The provider part of a `provider/model` id. */
export function providerOf(model: string): string {
  const slash = model.indexOf('/');
  return slash < 0 ? model : model.slice(0, slash);
}

function underCap(count: number, cap: number | undefined): boolean {
  return cap === undefined || cap <= 0 || count < cap;
}

/** Whether one more run of `provider` fits under the caps now. */
export function fitsUnderCaps(caps: ConcurrencyCaps, activeProviders: ReadonlyArray<string>, provider: string): boolean {
  const ofProvider = activeProviders.filter((active) => active === provider).length;
  return underCap(activeProviders.length, caps.maxConcurrentRuns) && underCap(ofProvider, caps.perProvider[provider]);
}

/**
 * The queued runs that may start now, in queue order (pure). A run whose provider is at its own cap waits without holding up runs of
 * other providers behind it; the overall cap stops admission for everyone.
 */
export function decideAdmission(input: AdmissionInput): string[] {
  const active = [...input.activeProviders];
  const admitted: string[] = [];
  for (const queued of input.queue) {
    if (!underCap(active.length, input.caps.maxConcurrentRuns)) break;
    if (!fitsUnderCaps(input.caps, active, queued.provider)) continue;
    admitted.push(queued.id);
    active.push(queued.provider);
  }
  return admitted;
}
