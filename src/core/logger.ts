import { stringifyValue } from '../shared/event-words';

/** Where the engine writes what a person debugging it needs. */
export type Logger = Readonly<{
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}>;

/** Writes timestamped lines to stderr (the server's console, the Electron main log). */
export function createConsoleLogger(prefix = 'autoloop'): Logger {
  const write = (level: string, message: string): void => void process.stderr.write(`${new Date().toISOString()} ${prefix} ${level} ${message}\n`);
  return {
    info: (message) => write('info', message),
    warn: (message) => write('warn', message),
    error: (message, error) =>
      write('error', error === undefined ? message : `${message}: ${error instanceof Error ? (error.stack ?? error.message) : stringifyValue(error)}`),
  };
}

/** Keeps log lines in memory; for tests that assert what was logged. */
export function createMemoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => void lines.push(`info ${message}`),
    warn: (message) => void lines.push(`warn ${message}`),
    error: (message, error) =>
      void lines.push(`error ${message}${error === undefined ? '' : `: ${error instanceof Error ? String(error) : stringifyValue(error)}`}`),
  };
}
