import { describe } from 'vitest';
import { type AgentTurnAnswer, startAgentAnthropicServer } from '../../testing/fake-agent-anthropic-server';
import { type McpAgentKit, mcpRuns, mcpScenarios } from '../testing/agent-mcp-runs';

// The run's MCP servers in a Claude Code run (issue 22): the real runner starts the fixture server (sandboxed stdio),
// the real `claude` binary the Agent SDK package carries calls its tools through Autoloop's proxies and permission
// gate, and only the model service is a fake Messages API that scripts Claude's tool calls.

/** The tools a Messages request offered, by name, each with its `input_schema`. */
function offeredTools(request: Record<string, unknown> | undefined): Map<string, unknown> {
  const tools = (request?.tools ?? []) as Array<{ name: string; input_schema?: unknown }>;
  return new Map(tools.map((tool) => [tool.name, tool.input_schema]));
}

const claude: McpAgentKit<AgentTurnAnswer> = {
  agent: 'claude-code',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  startServer: startAgentAnthropicServer,
  call: (name, input) => ({ toolCalls: [{ name, input }] }),
  offeredTools,
  // Claude Code may ask for its own tools too: the test looks at the MCP server's alone.
  asksOnlyForServerTools: false,
};
const runs = mcpRuns(claude);

describe('MCP servers in a Claude Code run (real runner, real claude, sandboxed stdio server, fake Messages API)', () => {
  mcpScenarios(claude, runs);
});
