import { describe, expect, it } from 'vitest';
import { RUNS_PAGE_MAX, StartRunParams, apiMethods } from '../../shared/api';
import { MAX_TOKENS_PER_RESPONSE, MAX_TOKENS_TOTAL } from '../../shared/usage-bounds';
import { tempEnginesPerFile } from '../testing/temp-engines';

// Two responses reporting 2^53 tokens once made `autoloop ls` and `show` fail for every run.
const engine = tempEnginesPerFile({ supervisor: { stopGraceMs: 500 } });

describe('usage a model reports', () => {
  it('stops the run as protocol_error with a notice when one response reports more than any can have, and counts none of it', async () => {
    const target = engine();
    const absurd = { inputTokens: Number.MAX_SAFE_INTEGER, outputTokens: Number.MAX_SAFE_INTEGER };
    const model = target.writeScript('absurd', {
      responses: [
        { text: 'Counting.', usage: absurd, toolCalls: [{ tool: 'report', input: { summary: 'one' } }] },
        { text: 'Again.', usage: absurd, toolCalls: [{ tool: 'report', input: { summary: 'two' } }] },
      ],
    });
    const started = await target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model }));
    const ended = await target.supervisor.finished(started.id);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'protocol_error', inputTokens: 0, outputTokens: 0 });
    target.supervisor.flushEvents();
    const { events } = await target.api['runs.events']({ id: started.id, afterSeq: 0, limit: 500 });
    const notice = events.find((event) => event.kind === 'error' && String(event.data.message).includes('usage no model response can have'));
    expect(notice?.data.message).toContain(String(MAX_TOKENS_PER_RESPONSE));

    // Everything the API returns still passes its own schemas (the CLI validates every result).
    expect(apiMethods['runs.list'].result.safeParse(await target.api['runs.list']({ limit: RUNS_PAGE_MAX })).success).toBe(true);
    expect(await target.api['usage.today']({})).toMatchObject({ tokens: 0 });
  });

  it('returns safe totals from a database written before the bounds, instead of failing every list', async () => {
    const target = engine();
    const model = target.writeScript('one', { responses: [{ text: 'Done.', toolCalls: [{ tool: 'report', input: { summary: 'done' } }] }] });
    const run = await target.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model, limits: { maxIterations: 1 } }));
    await target.supervisor.finished(run.id);
    target.db.prepare('UPDATE runs SET input_tokens = ?, output_tokens = ? WHERE id = ?').run(2 ** 54, 2 ** 60, run.id);
    const listed = await target.api['runs.list']({ limit: RUNS_PAGE_MAX });
    expect(apiMethods['runs.list'].result.safeParse(listed).success).toBe(true);
    expect(listed.runs.find((row) => row.id === run.id)).toMatchObject({ inputTokens: MAX_TOKENS_TOTAL, outputTokens: MAX_TOKENS_TOTAL });
  });
});
