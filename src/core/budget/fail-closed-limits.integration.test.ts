import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { SettingsPatch } from '../../shared/settings';
import { type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';

// A limit that cannot be enforced is refused up front rather than silently not limiting.

const tempEngine = tempEnginesPerFile();

async function engineWithUnpricedProvider(): Promise<TempEngine> {
  const engine = tempEngine();
  // The provider is never called: the run is refused before it starts.
  await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-test' } });
  return engine;
}

const start = (engine: TempEngine, params: Record<string, unknown>) =>
  engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', workdir: mkdtempSync(join(tmpdir(), 'autoloop-limits-')), ...params }));

describe('a cost limit on a model without a known price', () => {
  it('is refused at start, saying to set a token limit or a price', async () => {
    const engine = await engineWithUnpricedProvider();
    await expect(start(engine, { model: 'local/mystery-model', limits: { maxCostUsd: 2 } })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('local/mystery-model has none: set a token limit instead'),
    });
    expect((await engine.api['runs.list']({ limit: 10 })).runs).toEqual([]);
  });

  it('is accepted once the model has a price in the settings', async () => {
    const engine = await engineWithUnpricedProvider();
    await engine.api['settings.set'](SettingsPatch.parse({ prices: { 'local/mystery-model': { input: 1, output: 2 } } }));
    const run = await start(engine, { model: 'local/mystery-model', limits: { maxCostUsd: 2 }, loop: { intervalMs: 0 } });
    expect(run.limits.maxCostUsd).toBe(2);
    await engine.api['runs.stop']({ id: run.id });
  });
});

describe('durations over 24 days (Node fires longer timers at once)', () => {
  const DAYS_25 = 25 * 86_400_000;
  it('are refused by the schemas: approval timeout, interval, error pause, settings', () => {
    for (const params of [{ permissions: { approvalTimeoutMs: DAYS_25 } }, { loop: { intervalMs: DAYS_25 } }, { loop: { errorPauseMs: DAYS_25 } }]) {
      const parsed = StartRunParams.safeParse({ template: 'demo-counter', ...params });
      expect(parsed.success, JSON.stringify(params)).toBe(false);
      expect(JSON.stringify(parsed.error?.issues)).toContain('at most 24 days');
    }
    expect(SettingsPatch.safeParse({ runDefaults: { approvalTimeoutMs: DAYS_25 } }).success).toBe(false);
    expect(StartRunParams.safeParse({ template: 'demo-counter', permissions: { approvalTimeoutMs: 24 * 86_400_000 } }).success).toBe(true);
  });
});
