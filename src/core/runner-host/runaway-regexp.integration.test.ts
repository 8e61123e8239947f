import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { reportingIteration } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';

/** `(a+)+$` on this many `a`s and a `b` takes 2^n backtracking steps: minutes for V8's default engine at 32. */
const PATHOLOGICAL_RUN = 32;

const folders: string[] = [];
const tempEngine = tempEnginesPerFile({}, async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('an agent-supplied regular expression in a real runner', () => {
  // No timing assertion (STYLE): without the V8 flag the grep below blocks the runner for minutes,
  // so the run could not end within the test's timeout.
  it('answers grep with a catastrophically backtracking pattern, also with ignoreCase, and the run goes on to its next iteration', async () => {
    const engine = tempEngine();
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-regexp-work-'));
    folders.push(workdir);
    writeFileSync(join(workdir, 'lines.txt'), `${'a'.repeat(PATHOLOGICAL_RUN)}b\naaaa\n`);
    const model = engine.writeScript('grep', {
      responses: [
        { text: 'Searching.', toolCalls: [{ tool: 'grep', input: { pattern: '(a+)+$', path: 'lines.txt' } }] },
        { text: 'Again, any case.', toolCalls: [{ tool: 'grep', input: { pattern: '(A+)+$', path: 'lines.txt', ignoreCase: true } }] },
        ...reportingIteration('Searched once.'),
        ...reportingIteration('The second iteration.'),
      ],
      whenExhausted: 'repeat-last',
    });
    const started = await engine.api['runs.start'](
      StartRunParams.parse({ template: 'demo-counter', model, workdir, limits: { maxIterations: 2 }, loop: { intervalMs: 0, stagnationLimit: 0 } }),
    );
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'iteration_limit', iterations: 2 });
    const { events } = await engine.api['runs.events']({ id: started.id, afterSeq: 0, limit: 1_000 });
    const grepResults = events.filter((event) => event.kind === 'tool_result' && event.data.tool === 'grep');
    // The linear engine gives the same answer: only the short line matches.
    expect(grepResults.map((event) => ({ output: event.data.output, isError: event.data.isError }))).toEqual([
      { output: 'lines.txt:2: aaaa', isError: false },
      { output: 'lines.txt:2: aaaa', isError: false },
    ]);
  });
});
