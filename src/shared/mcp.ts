import { z } from 'zod';
import { EnvVarName } from './sandbox';

/** An MCP server's name: its tools reach the model as `mcp__<name>__<tool>`, so no `__` in it. */
export const McpServerName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,30}$/i, 'an MCP server name is 1–31 letters, digits or dashes (it becomes part of tool names: mcp__<name>__<tool>)');

/** A header name (HTTP token characters). */
const HeaderName = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/, 'an HTTP header name such as Authorization');

/**
 * A value of an MCP server's environment or headers: a literal (stored like a provider key, sealed where the shell
 * can seal, never returned by the API), or `env:NAME`, read from the engine's environment when a run starts.
 */
const SecretValue = z.string().max(8_192);

/** An MCP server as the person configures it (Settings → Tools, `autoloop mcp add`). */
export const McpServerConfig = z
  .object({
    transport: z.enum(['stdio', 'http']),
    /** stdio: the program and its arguments. */
    command: z.string().min(1).max(4_096).optional(),
    args: z.array(z.string().max(4_096)).max(100).optional(),
    env: z.record(EnvVarName, SecretValue).optional(),
    /** http: the server's Streamable HTTP endpoint and the headers sent with every request. */
    url: z.url({ protocol: /^https?$/ }).optional(),
    headers: z.record(HeaderName, SecretValue).optional(),
    /** How long one tool call may take before the model gets a timeout error. */
    callTimeoutMs: z.number().int().min(1_000).max(3_600_000).optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .superRefine((config, context) => {
    if (config.transport === 'stdio' && config.command === undefined) context.addIssue({ code: 'custom', message: 'a stdio MCP server needs a command' });
    if (config.transport === 'http' && config.url === undefined) context.addIssue({ code: 'custom', message: 'an http MCP server needs a url' });
  });
export type McpServerConfig = z.infer<typeof McpServerConfig>;

/** The configured MCP servers by name, as stored. */
export const McpServers = z.record(McpServerName, McpServerConfig);
export type McpServers = z.infer<typeof McpServers>;

/** One tool a server offers, as `mcp.test` lists it. */
export const McpToolInfo = z.object({ name: z.string(), description: z.string(), readOnly: z.boolean() });
export type McpToolInfo = z.infer<typeof McpToolInfo>;

/** An MCP server as the API shows it: the names of its environment variables and headers, never their values. */
export const McpServerInfo = z.object({
  name: z.string(),
  transport: z.enum(['stdio', 'http']),
  command: z.string().nullable(),
  args: z.array(z.string()),
  url: z.string().nullable(),
  envNames: z.array(z.string()),
  headerNames: z.array(z.string()),
  enabled: z.boolean(),
  /** The tools the server offered when last tested (Test, `autoloop mcp test`), or null before a test. */
  tools: z.array(McpToolInfo).nullable(),
  /** When the tools were listed (ISO time), or null. */
  testedAt: z.string().nullable(),
});
export type McpServerInfo = z.infer<typeof McpServerInfo>;

/**
 * A change to one server (`mcp.update`, the Edit form, `autoloop mcp edit|enable|disable`): fields left out stay as they
 * are. In `env` and `headers` a value sets or replaces that one name, `null` removes it, and a name left out keeps its
 * stored (sealed) value, so an edit never needs the secrets again.
 */
export const McpServerPatch = z
  .object({
    transport: z.enum(['stdio', 'http']).optional(),
    command: z.string().min(1).max(4_096).optional(),
    args: z.array(z.string().max(4_096)).max(100).optional(),
    env: z.record(EnvVarName, SecretValue.nullable()).optional(),
    url: z.url({ protocol: /^https?$/ }).optional(),
    headers: z.record(HeaderName, SecretValue.nullable()).optional(),
    callTimeoutMs: z.number().int().min(1_000).max(3_600_000).nullable().optional(),
    enabled: z.boolean().optional(),
  })
  .strict();
export type McpServerPatch = z.infer<typeof McpServerPatch>;

/** The answer of `mcp.test`: whether the server started and answered, its tools, and what to do when not. */
export const McpTestResult = z.object({ ok: z.boolean(), message: z.string(), tools: z.array(McpToolInfo) });
export type McpTestResult = z.infer<typeof McpTestResult>;

/** What a runner gets for one of its run's servers: the values resolved by the engine, for this run only (never stored). */
export const McpServerLaunch = z.object({
  name: McpServerName,
  transport: z.enum(['stdio', 'http']),
  command: z.string().optional(),
  args: z.array(z.string()).optional(),
  env: z.record(z.string(), z.string()).optional(),
  url: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  callTimeoutMs: z.number().int().min(1_000).max(3_600_000).optional(),
});
export type McpServerLaunch = z.infer<typeof McpServerLaunch>;

/** How long one MCP tool call may take unless the server's settings say otherwise. */
export const MCP_DEFAULT_CALL_TIMEOUT_MS = 120_000;

/** The prefix of every MCP tool's name. */
export const MCP_TOOL_PREFIX = 'mcp__';

/**
 * The MCP server through which Claude Code and Codex reach Autoloop's `report` and `complete`: a person's server of
 * that name (in any case) is refused for their runs.
 */
export const CLAUDE_CODE_RESERVED_MCP_SERVER = 'autoloop';

/** The name the model sees for a server's tool. */
export function mcpToolName(server: string, tool: string): string {
  return `${MCP_TOOL_PREFIX}${server}__${tool}`;
}

/**
 * The server and tool behind a model-facing tool name (`mcp__<server>__<tool>`), or null for a name that is not one
 * (a built-in tool's). A server name has no `_`, so the first `__` after the prefix ends it. Pure.
 */
export function mcpToolOf(name: string): Readonly<{ server: string; tool: string }> | null {
  if (!name.startsWith(MCP_TOOL_PREFIX)) return null;
  const rest = name.slice(MCP_TOOL_PREFIX.length);
  const split = rest.indexOf('__');
  if (split <= 0 || split + 2 >= rest.length) return null;
  const server = rest.slice(0, split);
  return McpServerName.safeParse(server).success ? { server, tool: rest.slice(split + 2) } : null;
}

/** The MCP methods of the Autoloop API (DESIGN §13); spread into `apiMethods`. */
export const mcpMethods = {
  'mcp.list': { params: z.object({}).strict().default({}), result: z.array(McpServerInfo) },
  /** Adds or replaces one server. Answers the new list. */
  'mcp.add': { params: z.object({ name: McpServerName, config: McpServerConfig }).strict(), result: z.array(McpServerInfo) },
  /** Changes one server (turns it on or off, edits it); secret values left out of the patch are kept. Answers the new list. */
  'mcp.update': { params: z.object({ name: McpServerName, patch: McpServerPatch }).strict(), result: z.array(McpServerInfo) },
  /** Starts (or connects to) one server, lists its tools (kept with the server, shown by `mcp.list`) and stops it. */
  'mcp.test': { params: z.object({ name: McpServerName }).strict(), result: McpTestResult },
  /** Removes one server. Answers the new list. */
  'mcp.remove': { params: z.object({ name: McpServerName }).strict(), result: z.array(McpServerInfo) },
} as const;

/** Splits `--command "node server.js --flag"` into words: whitespace separates, single or double quotes group. Pure. */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|([^\s"']+)/g;
  let current = '';
  let last = -1;
  for (const match of text.matchAll(pattern)) {
    const word = match[1] ?? match[2] ?? match[3] ?? '';
    // Adjacent pieces (`--name="a b"`) make one word.
    if (last === match.index && current !== '') current += word;
    else {
      if (last !== -1) words.push(current);
      current = word;
    }
    last = match.index + match[0].length;
  }
  if (last !== -1) words.push(current);
  return words;
}

/** `K=V` pairs (one per entry) into a record, or what is wrong with one (for the caller to prefix with its field). Pure. */
export function parsePairs(pairs: ReadonlyArray<string>): Record<string, string> | string {
  const record: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) return `takes NAME=VALUE (a value of env:VAR is read from the engine's environment when a run starts), not "${pair}"`;
    record[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return record;
}
