import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ResponsesAnswer, startFakeResponsesServer } from '../../testing/fake-responses-server';
import { type McpAgentKit, mcpRuns, mcpScenarios, notices, ofKind } from '../testing/agent-mcp-runs';

// The run's MCP servers in a Codex run (issues 22 and 23): the real runner starts the fixture server (sandboxed stdio),
// the real `codex` binary the @openai/codex package carries calls its tools through Autoloop's MCP bridge and permission
// gate, and only the model service is a fake Responses API that scripts Codex's tool calls.

/** The tools a Responses request offered, flattened: namespaced MCP tools as `<namespace>__<name>`, each with its parameters. */
function offeredTools(request: Record<string, unknown> | undefined): Map<string, unknown> {
  const offered = new Map<string, unknown>();
  const visit = (tools: unknown, namespace: string | null): void => {
    for (const tool of Array.isArray(tools) ? (tools as Array<Record<string, unknown>>) : []) {
      const name = typeof tool.name === 'string' ? tool.name : '';
      if (Array.isArray(tool.tools)) visit(tool.tools, name);
      else offered.set(namespace ? `${namespace}__${name}` : name, tool.parameters);
    }
  };
  visit(request?.tools, null);
  return offered;
}

const call = (name: string, args: unknown): ResponsesAnswer => ({ calls: [{ name, arguments: args }] });
const codex: McpAgentKit<ResponsesAnswer> = {
  agent: 'codex',
  provider: 'openai',
  model: 'gpt-5',
  startServer: startFakeResponsesServer,
  call,
  offeredTools,
  asksOnlyForServerTools: true,
};
const runs = mcpRuns(codex);

describe('MCP servers in a Codex run (real runner, real codex, sandboxed stdio server, fake Responses API)', () => {
  mcpScenarios(codex, runs);

  it('applies a rule naming mcp__<server>__*: denied without asking anyone, nothing written, and the run goes on to complete', async () => {
    const requested: Array<{ tool: string; summary: string }> = [];
    const unsubscribe = runs.allowEveryApproval(requested);
    try {
      const { started, workdir } = await runs.start(
        ['fix'],
        [call('mcp__fix__write_note', { text: 'never' }), call('mcp__autoloop__complete', { reason: 'refused' }), { text: 'Finished.' }],
        'ask',
        { rules: [{ action: 'deny', tool: 'mcp__fix__*', pattern: '*' }] },
      );
      const run = await runs.engine().supervisor.finished(started.id);
      expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
      expect(requested).toEqual([]);
      expect(existsSync(join(workdir, 'note.txt'))).toBe(false);
      const results = ofKind(await runs.events(started.id), 'tool_result', 'mcp__fix__write_note');
      expect(results.map((event) => event.data.isError)).toEqual([true]);
      expect(String(results[0]?.data.output)).toMatch(/denied/);
    } finally {
      unsubscribe();
    }
  }, 120_000);

  it('pauses the run when nobody answers the approval in time: the turn is ended, nothing written', async () => {
    const { started, workdir } = await runs.start(
      ['fix'],
      [call('mcp__fix__write_note', { text: 'too late' }), call('mcp__autoloop__complete', { reason: 'never' }), { text: 'Finished.' }],
      'ask',
      // The pause takes effect at the next iteration's gate: a one-iteration run would end on its limit first.
      { approvalTimeoutMs: 300, onApprovalTimeout: 'pause', maxIterations: 2 },
    );
    const paused = await runs.engine().supervisor.finished(started.id);
    expect(paused).toMatchObject({ status: 'paused', pauseReason: 'approval_timeout', iterations: 1 });
    expect(existsSync(join(workdir, 'note.txt'))).toBe(false);
    const all = await runs.events(started.id);
    expect(notices(all)).toMatch(/mcp__fix__write_note: .*; the turn was ended/);
    expect(ofKind(all, 'tool_result', 'mcp__fix__write_note').map((event) => [event.data.isError, event.data.output])).toEqual([
      [true, expect.stringMatching(/not executed/)],
    ]);
    expect(await runs.engine().api['runs.stop']({ id: started.id })).toMatchObject({ status: 'ended' });
  }, 120_000);
});
