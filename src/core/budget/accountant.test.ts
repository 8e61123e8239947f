import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOOP_OPTIONS, type Limits, type Run } from '../../shared/records';
import { buildRun } from '../../shared/testing/build-run';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { openDatabase } from '../store/database';
import { createRunsRepository } from '../store/runs-repository';
import { createAccountant, utcDay } from './accountant';
import { budgetWarnings } from './budget-warnings';
import { decideGate } from './decide-gate';

function setup(options: { settings?: Settings; clock?: { now: Date } } = {}) {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'autoloop-accountant-')), 'autoloop.db'));
  const runs = createRunsRepository(db);
  const clock = options.clock ?? { now: new Date('2026-11-26T12:00:00.000Z') };
  const warnings: string[] = [];
  const published: Array<{ run: Run; committed: boolean }> = [];
  const accountant = createAccountant({
    db,
    runs,
    settings: () => options.settings ?? DEFAULT_SETTINGS,
    now: () => clock.now,
    publish: (run) => void published.push({ run, committed: !db.inTransaction }),
    warn: (_runId, message) => void warnings.push(message),
  });
  const addRun = (id: string, limits: Limits = {}, model = 'scripted/x'): void => {
    const run = buildRun({ id, name: id, status: 'running', limits, model, createdAt: clock.now.toISOString() });
    runs.insertRun({ run, loop: DEFAULT_LOOP_OPTIONS, params: {} });
  };
  return { accountant, runs, addRun, warnings, clock, published };
}

const usage = (input: number, output = 0) => ({ inputTokens: input, outputTokens: output, cacheReadTokens: 0, cacheWriteTokens: 0 });

describe('accountant', () => {
  it('sums 20 runs reporting concurrently exactly, per run and for the day', async () => {
    const { accountant, runs, addRun } = setup();
    const ids = Array.from({ length: 20 }, (_, i) => `r${i}`);
    ids.forEach((id) => addRun(id));
    await Promise.all(
      ids.flatMap((id) =>
        Array.from({ length: 25 }, async (_, k) => {
          await Promise.resolve();
          accountant.record(id, 'scripted/x', usage(10 + k, 1), 0.001);
        }),
      ),
    );
    for (const id of ids) expect(runs.getRun(id)?.run).toMatchObject({ inputTokens: 25 * 10 + 300, outputTokens: 25 });
    expect(accountant.daily()).toMatchObject({ tokens: 20 * (25 * 10 + 300 + 25) });
    expect(accountant.daily().costUsd).toBeCloseTo(20 * 25 * 0.001, 10);
  });

  it('publishes the run’s new totals once per report, after the transaction that stored them commits', () => {
    const { accountant, addRun, published } = setup();
    addRun('r1');
    accountant.record('r1', 'scripted/x', usage(100, 20), 0.5);
    expect(published).toEqual([{ run: expect.objectContaining({ id: 'r1', inputTokens: 100, outputTokens: 20, costUsd: 0.5 }), committed: true }]);
  });

  it('rolls the day over at 00:00 UTC', () => {
    const clock = { now: new Date('2026-11-26T23:59:59.000Z') };
    const { accountant, addRun } = setup({ clock });
    addRun('r1');
    accountant.record('r1', 'scripted/x', usage(100), 0);
    clock.now = new Date('2026-11-27T00:00:00.000Z');
    accountant.record('r1', 'scripted/x', usage(7), 0);
    expect(accountant.daily('2026-11-26').tokens).toBe(100);
    expect(accountant.daily().tokens).toBe(7);
    expect(utcDay(new Date('2026-11-27T00:30:00+02:00'))).toBe('2026-11-26');
  });

  it('keeps an unknown price unknown: the run’s cost becomes null, never 0', () => {
    const { accountant, runs, addRun } = setup();
    addRun('r1', {}, 'someprovider/unknown-model');
    accountant.record('r1', 'someprovider/unknown-model', usage(1_000), null);
    expect(runs.getRun('r1')?.run.costUsd).toBeNull();
    expect(accountant.daily().unpricedResponses).toBe(1);
  });

  it('pauses the gate for the daily token budget across runs', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, budgets: { dailyMaxTokens: 500, dailyMaxCostUsd: null } };
    const { accountant, addRun } = setup({ settings });
    addRun('a');
    addRun('b');
    accountant.record('a', 'scripted/x', usage(300), 0);
    expect(accountant.gate('b', null)).toEqual({ decision: 'go' });
    accountant.record('a', 'scripted/x', usage(200), 0);
    expect(accountant.gate('b', null)).toMatchObject({ decision: 'pause', reason: 'budget', detail: 'Used 500 of 500 tokens today (2026-11-26, UTC)' });
  });

  it('warns once at 80 % and once at 95 % of a limit', () => {
    const { accountant, addRun, warnings } = setup();
    addRun('r1', { maxTokens: 1_000 });
    accountant.record('r1', 'scripted/x', usage(700), 0);
    accountant.record('r1', 'scripted/x', usage(100), 0);
    accountant.record('r1', 'scripted/x', usage(60), 0);
    accountant.record('r1', 'scripted/x', usage(100), 0);
    expect(warnings).toEqual(['Run tokens: 80 % used (800 of 1,000)', 'Run tokens: 95 % used (960 of 1,000)']);
  });
});

describe('decideGate, the seed’s quota scenarios', () => {
  const gate = (tokens: number, limits: Limits) => decideGate({ pauseRequested: null, usage: { tokens, costUsd: 0 }, limits }).decision;
  it('treats a limit of 0 or none as unlimited', () => {
    expect(gate(1_000_000, {})).toBe('go');
    expect(gate(1_000_000, { maxTokens: 0 })).toBe('go');
  });
  it('pauses at used ≥ limit: 500/500 pauses, 499/500 does not', () => {
    expect(gate(500, { maxTokens: 500 })).toBe('pause');
    expect(gate(499, { maxTokens: 500 })).toBe('go');
  });
});

describe('budgetWarnings', () => {
  it('says nothing without a limit or past the limit', () => {
    const format = String;
    expect(budgetWarnings([{ label: 'x', limit: null, before: 0, after: 100, format }])).toEqual([]);
    expect(budgetWarnings([{ label: 'x', limit: 100, before: 90, after: 120, format }])).toEqual([]);
  });
});

describe('limits that fail closed', () => {
  it('pauses a run whose cost limit cannot be checked because its cost is unknown', () => {
    const { accountant, addRun } = setup();
    addRun('r1', { maxCostUsd: 1 }, 'local/unpriced-model');
    accountant.record('r1', 'local/unpriced-model', usage(1_000, 10), null);
    expect(accountant.gate('r1', null)).toMatchObject({ decision: 'pause', reason: 'budget', detail: expect.stringContaining('cannot be checked') });
  });

  it('counts unpriced usage against the daily cost budget as unknown, and says so once a day', () => {
    const settings: Settings = { ...DEFAULT_SETTINGS, budgets: { ...DEFAULT_SETTINGS.budgets, dailyMaxCostUsd: 5 } };
    const { accountant, addRun, warnings } = setup({ settings });
    addRun('r1', {}, 'local/unpriced-model');
    addRun('r2', {}, 'local/unpriced-model');
    accountant.record('r1', 'local/unpriced-model', usage(100), null);
    accountant.record('r2', 'local/unpriced-model', usage(100), null);
    accountant.record('r1', 'local/unpriced-model', usage(100), null);
    expect(warnings.filter((warning) => warning.includes('has no known price'))).toEqual([
      "Spend today (2026-11-26): local/unpriced-model has no known price, so the daily cost budget ($5.00) cannot count its usage; today's spend is unknown. Add the model's price in settings, or set a daily token budget",
    ]);
    expect(accountant.daily()).toMatchObject({ unpricedResponses: 3 });
  });
});
