import { CLAUDE_CODE_RESERVED_MCP_SERVER } from '../../../shared/mcp';
import { cutSummary } from '../../../shared/summary-text';
import type { AnyAgentTool, ToolEffect } from '../../tools/agent-tool';
import { buildToolEnvironment } from '../../sandbox/tool-environment';

/** The name of the MCP server through which Claude Code reaches Autoloop's `report` and `complete`. */
export const AUTOLOOP_MCP_SERVER = CLAUDE_CODE_RESERVED_MCP_SERVER;
/** Claude Code's name for one of our MCP tools. */
export const mcpToolName = (tool: string): string => `mcp__${AUTOLOOP_MCP_SERVER}__${tool}`;

/**
 * Claude Code's tools that would leave the loop Autoloop owns (schedules, sub-sessions, worktrees of its own) or call
 * its service for something other than the turn (web search): the run never offers them.
 */
export const CLAUDE_CODE_DISALLOWED_TOOLS: ReadonlyArray<string> = [
  'CronCreate',
  'CronDelete',
  'CronList',
  'ScheduleWakeup',
  'EnterWorktree',
  'ExitWorktree',
  'Workflow',
  'WebSearch',
  'RemoteTrigger',
  'SendMessage',
];

/** A Claude Code tool call as Autoloop's permission gate reads it: the tool's name in Autoloop's terms, and its input in that tool's shape. */
export type GatedCall = Readonly<{ tool: AnyAgentTool; input: Readonly<Record<string, unknown>> }>;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function gateTool(name: string, effect: ToolEffect, summarize: (input: Readonly<Record<string, unknown>>) => string): AnyAgentTool {
  return {
    name,
    description: `Claude Code's ${name}`,
    // The gate reads only the name, the effect and the summary: Claude Code runs the call itself.
    inputSchema: undefined as never,
    effect,
    summarize: (input) => summarize(input as Readonly<Record<string, unknown>>),
    execute: () => Promise.reject(new Error('Claude Code runs its own tools')),
  };
}

const SUMMARY_CHARS = 200;

/**
 * Claude Code's tool call in the terms of Autoloop's rules, so one profile and one rule list decide both agents:
 * `Bash` is `bash`, `Write` is `write_file`, `Edit` is `edit_file`, `WebFetch` is `web_fetch`, reading tools are
 * `read_file`/`grep`/`glob`. Any other tool keeps its name (`claude:<Name>`) and counts as executing something.
 */
export function gatedCallOf(claudeTool: string, input: Readonly<Record<string, unknown>>): GatedCall {
  const path = text(input.file_path) || text(input.notebook_path) || text(input.path);
  switch (claudeTool) {
    case 'Bash':
      return { tool: gateTool('bash', 'execute', (i) => `bash: ${cutSummary(text(i.command), SUMMARY_CHARS)}`), input: { command: text(input.command) } };
    case 'Write':
      return { tool: gateTool('write_file', 'write', (i) => `write_file: ${text(i.path)}`), input: { path, content: text(input.content) } };
    case 'Edit':
    case 'MultiEdit':
    case 'NotebookEdit':
      return { tool: gateTool('edit_file', 'write', (i) => `edit_file: ${text(i.path)}`), input: { path } };
    case 'Read':
      return { tool: gateTool('read_file', 'read', (i) => `read_file: ${text(i.path)}`), input: { path } };
    case 'Grep':
      return { tool: gateTool('grep', 'read', (i) => `grep: ${text(i.pattern)}`), input: { pattern: text(input.pattern), path: path || '.' } };
    case 'Glob':
      return { tool: gateTool('glob', 'read', (i) => `glob: ${text(i.pattern)}`), input: { pattern: text(input.pattern), path: path || '.' } };
    case 'WebFetch':
      return { tool: gateTool('web_fetch', 'network', (i) => `web_fetch: ${text(i.url)}`), input: { url: text(input.url) } };
    default: {
      const name = `claude:${claudeTool}`;
      return { tool: gateTool(name, 'execute', () => `${name}: ${cutSummary(JSON.stringify(input), SUMMARY_CHARS)}`), input };
    }
  }
}

/** How Claude Code authenticates: the person's own login (their HOME and its credentials), or a key from Autoloop's providers. */
export type ClaudeCodeAuth = Readonly<{ kind: 'login' } | { kind: 'api_key'; apiKey: string; baseUrl?: string }>;

/** Variables that keep Claude Code from calling anything but the model: no telemetry, no error reports, no update checks. */
const QUIET: Readonly<Record<string, string>> = {
  CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  DISABLE_TELEMETRY: '1',
  DISABLE_ERROR_REPORTING: '1',
  DISABLE_AUTOUPDATER: '1',
  DISABLE_BUG_COMMAND: '1',
  CLAUDE_AGENT_SDK_CLIENT_APP: 'autoloop',
};

/**
 * The Claude Code process's environment: the clean tool environment (never the engine's token or another provider's
 * key), Claude Code's own config folder when one is set, and the chosen key with its base URL; nothing else.
 */
export function claudeCodeEnvironment(
  source: Readonly<Record<string, string | undefined>>,
  auth: ClaudeCodeAuth,
  removeEnv: ReadonlyArray<string> = [],
): Record<string, string> {
  const env = buildToolEnvironment(source, { passEnv: ['CLAUDE_CONFIG_DIR'], removeEnv: [...removeEnv] });
  if (auth.kind === 'login') return { ...env, ...QUIET };
  // Autoloop's providers name the API root with its version (`…/v1`); Claude Code adds `/v1/messages` itself.
  const baseUrl = auth.baseUrl?.replace(/\/+$/, '').replace(/\/v1$/, '');
  return { ...env, ...QUIET, ANTHROPIC_API_KEY: auth.apiKey, ...(baseUrl ? { ANTHROPIC_BASE_URL: baseUrl } : {}) };
}

/** Claude Code's usage of one model so far in a session (it reports totals since the session began, resumes included). */
export type ModelTotals = Readonly<{ input: number; output: number; cacheRead: number; cacheWrite: number; costUsd: number }>;

/** One iteration's usage of one model: this result's totals less the previous iteration's, never below zero. */
export function usageSince(
  now: Readonly<Record<string, ModelTotals>>,
  before: Readonly<Record<string, ModelTotals>>,
): ReadonlyArray<Readonly<{ model: string } & ModelTotals>> {
  return Object.entries(now)
    .map(([model, totals]) => {
      const prior = before[model];
      const less = (key: keyof ModelTotals): number => Math.max(0, totals[key] - (prior?.[key] ?? 0));
      return { model, input: less('input'), output: less('output'), cacheRead: less('cacheRead'), cacheWrite: less('cacheWrite'), costUsd: less('costUsd') };
    })
    .filter((usage) => usage.input + usage.output + usage.cacheRead + usage.cacheWrite > 0 || usage.costUsd > 0);
}

/** Claude Code's own sandbox settings (the Agent SDK's `sandbox` option), in the shape Autoloop sets them. */
export type ClaudeCodeSandbox = Readonly<{
  enabled: true;
  failIfUnavailable: true;
  autoAllowBashIfSandboxed: false;
  allowUnsandboxedCommands: false;
  filesystem: Readonly<{ allowWrite: ReadonlyArray<string>; denyRead: ReadonlyArray<string>; denyWrite: ReadonlyArray<string> }>;
  network: Readonly<{ allowedDomains: ReadonlyArray<string> }>;
}>;

/**
 * Claude Code's own sandbox for a run whose profile confines its commands (every profile but `trusted`): Autoloop's
 * sandbox cannot wrap Claude Code itself (it must reach its service and its login), so Claude Code confines the
 * commands it runs, with the run's limits: writes only in the working and output folders (none in a read-only run),
 * the engine's data folder unreadable, and only the run's allowed hosts. Null for an unconfined run.
 */
export function claudeCodeSandboxOf(
  spec:
    | Readonly<{ kind: string; dataDir: string; readOnlyWorkdir: boolean; network: 'all' | ReadonlyArray<string>; readOnlyPaths?: ReadonlyArray<string> }>
    | undefined,
  folders: Readonly<{ workdir: string; outputDir: string }>,
): ClaudeCodeSandbox | null {
  if (spec === undefined || spec.kind === 'none') return null;
  return {
    enabled: true,
    failIfUnavailable: true,
    autoAllowBashIfSandboxed: false,
    allowUnsandboxedCommands: false,
    filesystem: {
      allowWrite: spec.readOnlyWorkdir ? [folders.outputDir] : [folders.workdir, folders.outputDir],
      denyRead: [spec.dataDir],
      denyWrite: [...(spec.readOnlyPaths ?? [])],
    },
    network: { allowedDomains: spec.network === 'all' ? ['*'] : [...spec.network] },
  };
}
