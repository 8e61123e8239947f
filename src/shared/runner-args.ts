// Imported by the runner's entry before anything else: no imports here, so the entry stays tiny.

const COMPILE_CACHE_ARG = '--compile-cache=';
const SPARE_ARG = '--spare';

/**
 * The command-line arguments a host starts the runner bundle with. A `spare` runner is started before its run is
 * known (`keepingASpare`): it loads the whole runner while it waits for `init`, and waits for it without a deadline.
 */
export function runnerArgs(options: Readonly<{ compileCacheDir?: string | undefined; spare?: boolean }>): string[] {
  return [...(options.compileCacheDir ? [`${COMPILE_CACHE_ARG}${options.compileCacheDir}`] : []), ...(options.spare ? [SPARE_ARG] : [])];
}

/** The compile-cache folder the host named in the runner's arguments, or null. */
export function compileCacheDirIn(argv: ReadonlyArray<string>): string | null {
  const arg = argv.find((value) => value.startsWith(COMPILE_CACHE_ARG));
  return arg && arg.length > COMPILE_CACHE_ARG.length ? arg.slice(COMPILE_CACHE_ARG.length) : null;
}

/** Whether the host started this runner as a spare. */
export function isSpareIn(argv: ReadonlyArray<string>): boolean {
  return argv.includes(SPARE_ARG);
}

/**
 * What a spare runner says once it has loaded everything and waits for `init`. It is no message of the run's protocol
 * (DESIGN §3): the host that keeps the spare takes it, and the supervisor never sees it.
 */
export const SPARE_STANDBY = 'autoloop-spare-standby';

export function isSpareStandby(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === SPARE_STANDBY;
}
