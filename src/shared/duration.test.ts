import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['90s', 90_000],
    ['15m', 900_000],
    ['2h', 7_200_000],
    ['500ms', 500],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['1.5s', 1_500],
    ['250', 250],
    [' 15m ', 900_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['abc', '5x', '', '   ', 'm', '15 m', '1h 30m', '-5s', 's5', '15mm'])('returns null for %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1_000, '1.0 s'],
    [12_345, '12.3 s'],
    [60_000, '1 min 00 s'],
    [245_000, '4 min 05 s'],
    [3_600_000, '1 h 00 min'],
    [7_380_000, '2 h 03 min'],
  ])('writes %d ms as %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatDuration near a minute', () => {
  it('writes 59 960 ms as "1 min 00 s", never as "60.0 s"', () => {
    expect(formatDuration(59_960)).toBe('1 min 00 s');
  });
});
