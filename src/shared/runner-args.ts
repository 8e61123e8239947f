// Imported by the runner's entry before anything else: no imports here, so the entry stays tiny.

const COMPILE_CACHE_ARG = '--compile-cache=';

/** The command-line arguments a host starts the runner bundle with. */
export function runnerArgs(options: Readonly<{ compileCacheDir?: string | undefined }>): string[] {
  return options.compileCacheDir ? [`${COMPILE_CACHE_ARG}${options.compileCacheDir}`] : [];
}

/** The compile-cache folder the host named in the runner's arguments, or null. */
export function compileCacheDirIn(argv: ReadonlyArray<string>): string | null {
  const arg = argv.find((value) => value.startsWith(COMPILE_CACHE_ARG));
  return arg && arg.length > COMPILE_CACHE_ARG.length ? arg.slice(COMPILE_CACHE_ARG.length) : null;
}
