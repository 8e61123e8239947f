import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunnerMessage, RunnerMessageOf } from '../../shared/protocol';
import { ScriptedScript } from '../../shared/scripted-script';
import { runTurn } from '../agent/run-turn';
import { createScriptedModel } from '../agent/scripted-model';
import { builtinTools, findTool, toolEffects } from './builtin-tools';
import { type TempRun, createTempRun } from './test-context';

describe('builtinTools', () => {
  it('offers every tool of DESIGN §7 once, with its effect', () => {
    expect(toolEffects).toEqual({
      read_file: 'read',
      write_file: 'write',
      edit_file: 'write',
      list_dir: 'read',
      glob: 'read',
      grep: 'read',
      bash: 'execute',
      web_fetch: 'network',
      report: 'read',
      complete: 'read',
    });
    expect(new Set(builtinTools().map((tool) => tool.name)).size).toBe(builtinTools().length);
  });

  it('finds a tool by name for the permission gate, and summarizes a call in one line', () => {
    expect(findTool('bash')?.effect).toBe('execute');
    expect(findTool('bash')?.summarize({ command: 'npm test\nnpm run lint' })).toBe('bash: npm test ⏎ npm run lint');
    expect(findTool('edit_file')?.summarize({ path: 'a.ts', old: 'x', new: 'y', replaceAll: true })).toBe('edit_file a.ts: replace "x" (every occurrence)');
    expect(findTool('grep')?.summarize({ pattern: 'TODO', ignoreCase: true, glob: '*.ts' })).toBe('grep /TODO/i in . (*.ts)');
    expect(findTool('nope')).toBeUndefined();
  });

  it('parses the input before summarizing, so a bad call fails loudly', () => {
    expect(() => findTool('read_file')?.summarize({ path: 42 })).toThrow();
  });
});

describe('tool failures in a turn', () => {
  let run: TempRun;

  beforeEach(async () => {
    run = await createTempRun();
  });

  afterEach(async () => {
    await run.cleanup();
  });

  it('reach the model as tool errors, and the turn goes on', async () => {
    await writeFile(path.join(run.root, 'outside.txt'), 'secret');
    const script = ScriptedScript.parse({
      responses: [
        {
          toolCalls: [
            { tool: 'read_file', input: { path: '../outside.txt' } },
            { tool: 'bash', input: { command: 'echo hi' } },
          ],
        },
        { text: 'Done.' },
      ],
    });
    const emitted: RunnerMessage[] = [];
    const result = await runTurn({
      model: createScriptedModel(script, 'tools.json'),
      modelName: 'scripted/tools.json',
      system: 'You are a test agent.',
      history: [],
      prompt: 'Begin the program.',
      tools: builtinTools(),
      iteration: 1,
      workdir: run.workdir,
      outputDir: run.outputDir,
      maxSteps: 5,
      repeatedToolCallLimit: 3,
      gate: { check: async () => ({ allowed: true }), ruleNamesHost: () => false, isReadDenied: () => false },
      signal: new AbortController().signal,
      emit: (message) => void emitted.push(message),
    });
    const results = emitted
      .filter((message): message is RunnerMessageOf<'event'> => message.type === 'event' && message.kind === 'tool_result')
      .map((message) => message.data);
    expect(result.status).toBe('ok');
    expect(results).toEqual([
      expect.objectContaining({
        tool: 'read_file',
        isError: true,
        output: expect.stringMatching(/^refused: \.\.\/outside\.txt is outside the run's working folder/),
      }),
      expect.objectContaining({ tool: 'bash', isError: false, output: 'hi\n[exit code 0]' }),
    ]);
  }, 10_000);
});
