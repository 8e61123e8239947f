import type { ZodError } from 'zod';

/** An Error as plain data, for postMessage, JSON lines and the events table. */
export type SerializedError = Readonly<{ name: string; message: string; stack: string; cause?: SerializedError }>;

/** Turns anything thrown into plain data that survives a process boundary. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      stack: error.stack ?? '',
      ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
    };
  }
  return { name: 'NonError', message: String(error), stack: '' };
}

/** The message of anything thrown, for showing to a person. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * What is wrong with some input, on one line a person can act on (the CLI prints it as it is): each problem with the field it
 * is at, e.g. `check name: a token name is 1 to 64 letters…`. The schemas' own messages say what to give instead.
 */
export function issuesInWords(error: ZodError): string {
  return error.issues
    .map((issue) => {
      const at = issue.path.map(String).join('.');
      return at === '' ? issue.message : `check ${at}: ${issue.message}`;
    })
    .join('; ');
}
