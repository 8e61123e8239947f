import { parseDuration } from '../../shared/duration';
import { type LimitKey, parseLimit } from '../../shared/limit-text';
import type { Limits } from '../../shared/records';
import { UsageError } from './usage-error';

/** A limit flag's value (the same rules as the window's forms), or undefined when the flag was not given or is blank. */
export function limitFlag(flag: string, key: LimitKey, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = parseLimit(key, value);
  if (!parsed.ok) throw new UsageError(`${flag} must be ${parsed.expected}, not "${value}"`);
  return parsed.value ?? undefined;
}

/** The flags of the limits `run` and `resume` take. */
export type LimitFlagValues = Readonly<{ [F in 'max-iterations' | 'max-tokens' | 'max-cost' | 'max-duration']?: string }>;

/** The limits the flags give, only those given; a bad value is refused before anything happens. */
export function limitFlags(values: LimitFlagValues): Limits {
  const limits: { -readonly [K in LimitKey]?: number } = {};
  const set = (key: LimitKey, value: number | undefined): void => {
    if (value !== undefined) limits[key] = value;
  };
  set('maxIterations', limitFlag('--max-iterations', 'maxIterations', values['max-iterations']));
  set('maxTokens', limitFlag('--max-tokens', 'maxTokens', values['max-tokens']));
  set('maxCostUsd', limitFlag('--max-cost', 'maxCostUsd', values['max-cost']));
  set('maxDurationMs', limitFlag('--max-duration', 'maxDurationMs', values['max-duration']));
  return limits;
}

/** A `--flag DUR` value in milliseconds (`90s`, `15m`, `2h`), or undefined when the flag was not given. */
export function durationFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === null || !Number.isSafeInteger(Math.round(ms))) throw new UsageError(`${flag} must be a duration such as 90s, 15m or 2h, not "${value}"`);
  return Math.round(ms);
}

/** A `--flag` value that must be one of a few words, or undefined when the flag was not given. */
export function choiceFlag<T extends string>(flag: string, value: string | undefined, choices: ReadonlyArray<T>): T | undefined {
  if (value === undefined) return undefined;
  const choice = choices.find((candidate) => candidate === value);
  if (choice === undefined) throw new UsageError(`${flag} must be one of ${choices.join(', ')}, not "${value}"`);
  return choice;
}
