import { setFlagsFromString } from 'node:v8';

/**
 * V8's linear-time regex engine (the `l` flag), switched on for this process: a regex the model writes cannot
 * backtrack for minutes. Every other regex falls back to the linear engine after many
 * backtracks, a net for patterns in our own code that see model text.
 */
setFlagsFromString('--enable-experimental-regexp-engine');
setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

/** Compiles a regex the model wrote to run in linear time; backreferences and lookaround cannot, and are refused with a reason. */
export function linearRegExp(source: string, flags: string): RegExp {
  try {
    return new RegExp(source, `${flags}l`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/linear time/i.test(message)) {
      throw new Error(`${message}: backreferences and lookaround are not supported; rewrite the pattern without them`, { cause: error });
    }
    throw error;
  }
}
