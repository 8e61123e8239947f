import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ApiMethod, RUNS_PAGE_MAX, StartRunParams, apiMethods } from '../../shared/api';
import { dispatch } from '../api/dispatch';
import { ANSWER_BOUND_MS, fuzzOptions, hostileValue, integrityCheck, within } from '../testing/fuzz';
import { FIXTURES_DIR, type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';

// The fuzz suite, runner part: whatever a runner process sends, and whatever a scripted
// model plays through the real runner, the run ends in a recorded state, the engine answers, every
// result passes its own schema (safe integers included) and the database stays sound.

const tempEngine = tempEnginesPerFile();

const TYPES = ['ready', 'gate', 'iteration_started', 'event', 'usage', 'approval_request', 'iteration_done', 'checkpoint', 'exit', 'pong', 'process_group'];
const FIELDS = [
  'iteration',
  'kind',
  'data',
  'inputTokens',
  'outputTokens',
  'cacheReadTokens',
  'cacheWriteTokens',
  'costUsd',
  'model',
  'requestId',
  'tool',
  'input',
  'summary',
  'risk',
  'status',
  'durationMs',
  'failure',
  'messages',
  'replace',
  'reason',
  'detail',
  'iterations',
  'nonce',
  'startedAt',
];
const fieldValue = fc.oneof(fc.nat({ max: 3 }), fc.constantFrom('text', 'notice', 'ok', 'error', 'completed', 'low', 'x', []), hostileValue);
const runnerMessage = fc.oneof(
  hostileValue,
  fc.tuple(fc.constantFrom(...TYPES), fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 6 })).map(([type, fields]) => ({ ...fields, type })),
);

/** Reads everything about every run through the API, checking each result against its schema. */
async function readEverything(engine: TempEngine): Promise<void> {
  const page = await within(engine.api['runs.list']({ limit: RUNS_PAGE_MAX }), ANSWER_BOUND_MS, 'runs.list');
  expect(apiMethods['runs.list'].result.safeParse(page).success).toBe(true);
  for (const run of page.runs) {
    for (const method of ['runs.get', 'runs.iterations', 'runs.events'] satisfies ApiMethod[]) {
      const response = await dispatch(engine.api, method, { id: run.id }, engine.log);
      expect(response.ok, `${method} ${run.id}: ${JSON.stringify(response)}`).toBe(true);
      if (response.ok) expect(apiMethods[method].result.safeParse(response.value).success, `${method} result schema`).toBe(true);
    }
  }
  const today = await engine.api['usage.today']({});
  expect(Number.isSafeInteger(today.tokens)).toBe(true);
  expect(integrityCheck(engine.db)).toEqual(['ok']);
}

describe('fuzzing what runners send', () => {
  it('records every run whatever messages its process sends, and keeps answering', async () => {
    const engine = tempEngine({ runnerEntry: join(FIXTURES_DIR, 'replay-runner.mjs'), supervisor: { stopGraceMs: 500, handshakeTimeoutMs: 5_000 } });
    await fc.assert(
      fc.asyncProperty(fc.array(runnerMessage, { minLength: 1, maxLength: 12 }), async (messages) => {
        const workdir = mkdtempSync(join(tmpdir(), 'autoloop-replay-'));
        writeFileSync(join(workdir, 'runner-messages.json'), JSON.stringify(messages));
        const run = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', workdir }));
        const ended = await engine.supervisor.finished(run.id);
        expect(['ended', 'paused']).toContain(ended.status);
      }),
      fuzzOptions(8),
    );
    engine.supervisor.flushEvents();
    await readEverything(engine);
    expect(engine.log.lines.filter((line) => line.includes('failed unexpectedly'))).toEqual([]);
  }, 120_000);

  it('records every run whatever a scripted model plays through the real runner', async () => {
    const engine = tempEngine({ supervisor: { stopGraceMs: 500 } });
    // Tools that only read inside the workdir or end the iteration: a fuzzed script must not run commands here.
    const tool = fc.constantFrom('report', 'complete', 'read_file', 'list_dir', 'glob', 'grep', 'no_such_tool');
    const response = fc.record(
      {
        text: fc.string({ maxLength: 200 }),
        reasoning: fc.string({ maxLength: 50 }),
        toolCalls: fc.array(
          fc.record({ tool, input: fc.dictionary(fc.constantFrom('summary', 'reason', 'path', 'pattern', 'x'), hostileValue, { maxKeys: 3 }) }),
          { maxLength: 3 },
        ),
        usage: fc.record({ inputTokens: fc.nat(), outputTokens: fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER)) }, { requiredKeys: [] }),
        // Statuses the runner does not retry: a retried one waits seconds (DESIGN §6), which tests nothing more here.
        error: fc.record({ status: fc.constantFrom(400, 401, 403, 404), message: fc.string({ maxLength: 40 }) }),
      },
      { requiredKeys: [] },
    );
    const script = fc.record({
      responses: fc.array(response, { minLength: 1, maxLength: 4 }),
      whenExhausted: fc.constantFrom('repeat-last', 'loop', 'empty', 'error'),
    });
    let index = 0;
    await fc.assert(
      fc.asyncProperty(script, async (played) => {
        index += 1;
        const model = engine.writeScript(`fuzz-${index}`, played);
        const run = await engine.api['runs.start'](
          StartRunParams.parse({ template: 'demo-counter', model, limits: { maxIterations: 3 }, loop: { intervalMs: 0, errorPauseMs: 0 } }),
        );
        const ended = await engine.supervisor.finished(run.id);
        expect(['ended', 'paused']).toContain(ended.status);
      }),
      fuzzOptions(5),
    );
    engine.supervisor.flushEvents();
    await readEverything(engine);
    expect(engine.log.lines.filter((line) => line.includes('failed unexpectedly'))).toEqual([]);
  }, 120_000);
});
