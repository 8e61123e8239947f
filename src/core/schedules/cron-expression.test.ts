import { describe, expect, it } from 'vitest';
import { checkCronExpression, createCronSlots } from './cron-expression';

const at = (iso: string): Date => new Date(iso);
const iso = (dates: ReadonlyArray<Date>): string[] => dates.map((date) => date.toISOString());

describe('checkCronExpression', () => {
  it('accepts five fields and six with seconds', () => {
    expect(checkCronExpression('0 3 * * *', 'UTC')).toBeNull();
    expect(checkCronExpression('*/2 * * * * *', 'Europe/Berlin')).toBeNull();
  });

  it('names the field at fault with its column', () => {
    expect(checkCronExpression('0 25 * * *', 'UTC')).toMatchObject({ position: 3, message: expect.stringContaining('hour field "25" at column 3') });
    expect(checkCronExpression('*/2 * * x * *', 'UTC')).toMatchObject({ position: 9, message: expect.stringContaining('day of month') });
  });

  it('refuses a wrong number of fields and an unknown time zone, saying what to write', () => {
    expect(checkCronExpression('* *', 'UTC')?.message).toContain('5 fields');
    expect(checkCronExpression('0 3 * * *', 'Mars/Olympus')?.message).toContain('IANA name');
  });
});

describe('createCronSlots', () => {
  it('computes the next slot in the schedule’s time zone', () => {
    expect(createCronSlots('0 3 * * *', 'Europe/Berlin').nextAfter(at('2026-01-01T00:00:00Z'))?.toISOString()).toBe('2026-01-01T02:00:00.000Z');
    expect(createCronSlots('0 3 * * *', 'UTC').nextAfter(at('2026-01-01T03:00:00Z'))?.toISOString()).toBe('2026-01-02T03:00:00.000Z');
  });

  it('lists the slots due in a window, the end included and the start not', () => {
    const slots = createCronSlots('*/2 * * * * *', 'UTC');
    expect(iso(slots.dueBetween(at('2026-01-01T00:00:00Z'), at('2026-01-01T00:00:06Z'), 10).slots)).toEqual([
      '2026-01-01T00:00:02.000Z',
      '2026-01-01T00:00:04.000Z',
      '2026-01-01T00:00:06.000Z',
    ]);
    expect(slots.dueBetween(at('2026-01-01T00:00:06Z'), at('2026-01-01T00:00:06Z'), 10).slots).toEqual([]);
  });

  it('keeps the latest slots of a long window and summarises the earlier ones', () => {
    const due = createCronSlots('*/2 * * * * *', 'UTC').dueBetween(at('2026-01-01T00:00:00Z'), at('2026-01-01T01:00:00Z'), 3);
    expect(iso(due.slots)).toEqual(['2026-01-01T00:59:56.000Z', '2026-01-01T00:59:58.000Z', '2026-01-01T01:00:00.000Z']);
    expect(due.earlier && iso([due.earlier.from, due.earlier.to])).toEqual(['2026-01-01T00:00:02.000Z', '2026-01-01T00:59:54.000Z']);
  });
});
