/** Colours for terminal text; every one is the identity when colour is off. */
export type Palette = Readonly<Record<'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan', (text: string) => string>>;

/** Where a command prints: human lines or JSON lines on stdout, problems on stderr. */
export type Output = Readonly<{
  /** `--json`: one JSON object per line, nothing else on stdout. */
  json: boolean;
  /** stdout is a terminal: live status lines and prompts make sense. */
  isTTY: boolean;
  /** The terminal's width (100 when it reports none); unlimited when stdout is not a terminal, so nothing piped is cut. */
  columns: number;
  paint: Palette;
  line(text?: string): void;
  jsonLine(value: unknown): void;
  /** Writes without a newline (live status lines, streamed text). */
  write(text: string): void;
  warn(text: string): void;
}>;

/** The streams a command writes to; the real process streams, or buffers in tests. */
export type OutputStreams = Readonly<{
  stdout: Readonly<{ write(text: string): unknown; isTTY?: boolean; columns?: number }>;
  stderr: Readonly<{ write(text: string): unknown }>;
}>;

/** Colour only on a terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb. */
export function shouldUseColor(isTTY: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  if (!isTTY) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return env.TERM !== 'dumb';
}

const ANSI = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39], cyan: [36, 39] } as const;

/** A palette of ANSI colours, or of no-ops. */
export function createPalette(enabled: boolean): Palette {
  const style =
    ([open, close]: readonly [number, number]) =>
    (text: string): string =>
      enabled && text !== '' ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: style(ANSI.bold),
    dim: style(ANSI.dim),
    red: style(ANSI.red),
    green: style(ANSI.green),
    yellow: style(ANSI.yellow),
    cyan: style(ANSI.cyan),
  };
}

/** The output of one command. */
export function createOutput(
  options: Readonly<{ json: boolean }>,
  streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr },
  env: Readonly<Record<string, string | undefined>> = process.env,
): Output {
  const isTTY = streams.stdout.isTTY === true;
  return {
    json: options.json,
    isTTY,
    columns: isTTY ? streams.stdout.columns || 100 : Number.POSITIVE_INFINITY,
    paint: createPalette(!options.json && shouldUseColor(isTTY, env)),
    line: (text = '') => void streams.stdout.write(`${text}\n`),
    jsonLine: (value) => void streams.stdout.write(`${JSON.stringify(value)}\n`),
    write: (text) => void streams.stdout.write(text),
    warn: (text) => void streams.stderr.write(`${text}\n`),
  };
}
