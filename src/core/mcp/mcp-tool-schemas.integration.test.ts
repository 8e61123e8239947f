import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { RunEvent } from '../../shared/records';
import { REPO_ROOT, type TempEngine, createTempEngine } from '../testing/temp-engine';

/** The stdio MCP server the tests use; `--bad-schema` adds `fetch_doc`, whose input schema has a remote `$ref`. */
const FIXTURE = join(REPO_ROOT, 'e2e', 'fixtures', 'mcp-fixture-server.mjs');

let engine: TempEngine;

beforeAll(() => {
  engine = createTempEngine();
  mkdirSync(join(engine.dataDir, 'templates'), { recursive: true });
  writeFileSync(join(engine.dataDir, 'templates', 'mcp-plain.md'), '---\nname: mcp-plain\n---\nUse the tools.\n');
});

afterAll(async () => {
  await engine.dispose();
});

async function events(runId: string): Promise<RunEvent[]> {
  return (await engine.api['runs.events']({ id: runId, afterSeq: 0, limit: 1_000 })).events;
}

describe('an MCP tool whose schema a model provider would refuse (real runner, sandboxed stdio server, scripted model)', () => {
  it('leaves that tool out with a notice naming the server, tool and reason, and offers and runs the others', async () => {
    await engine.api['mcp.add']({
      name: 'docs',
      config: { transport: 'stdio', command: process.execPath, args: [FIXTURE, '--bad-schema'], enabled: true },
    });
    const model = engine.writeScript('bad-schema', {
      responses: [{ toolCalls: [{ tool: 'mcp__docs__read_note', input: { name: 'c' } }] }, { toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }],
    });
    const started = await engine.api['runs.start'](
      StartRunParams.parse({
        template: 'mcp-plain',
        model,
        workdir: mkdtempSync(join(tmpdir(), 'autoloop-mcp-schema-')),
        mcp: ['docs'],
        permissions: { profile: 'read-only' },
        limits: { maxIterations: 1 },
      }),
    );
    const ended = await engine.supervisor.finished(started.id);
    const all = await events(started.id);
    const notices = all.filter((event) => event.kind === 'notice').map((event) => String(event.data.message));
    expect(notices).toContain(
      'MCP server "docs": tool fetch_doc left out, its input schema has a $ref that does not resolve (https://example.com/schema.json).',
    );
    expect(notices).toContain('MCP server "docs" started with 3 tools: mcp__docs__read_note, mcp__docs__write_note, mcp__docs__hang.');
    const results = all.filter((event) => event.kind === 'tool_result' && event.data.tool === 'mcp__docs__read_note');
    expect(results.map((event) => ({ output: event.data.output, isError: event.data.isError === true }))).toEqual([
      { output: 'note c: remember the milk (secret env: none)', isError: false },
    ]);
    expect(all.some((event) => event.kind === 'tool_call' && String(event.data.tool).includes('fetch_doc'))).toBe(false);
    expect(ended).toMatchObject({ status: 'ended', stopReason: 'completed' });
  });
});
