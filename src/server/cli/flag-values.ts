import { parseDuration } from '../../shared/duration';
import { UsageError } from './usage-error';

/** An amount of US dollars as typed on a command line: `5`, `$5`, `0.50` or `$.5`; null for anything else. Pure. */
export function parseMoney(text: string): number | null {
  const match = /^\$?((?:\d+(?:\.\d*)?)|(?:\.\d+))$/.exec(text.trim());
  if (!match?.[1]) return null;
  const amount = Number(match[1]);
  return Number.isFinite(amount) ? amount : null;
}

/** A `--flag USD` value in dollars, or undefined when the flag was not given. */
export function moneyFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const amount = parseMoney(value);
  if (amount === null) throw new UsageError(`${flag} must be an amount in US dollars such as 5 or $2.50, not "${value}"`);
  return amount;
}

/** A `--flag N` value above 0, or undefined when the flag was not given. */
export function positiveIntFlag(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number <= 0) {
    throw new UsageError(`${flag} must be a whole number above 0, not "${value}"`);
  }
  return number;
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
