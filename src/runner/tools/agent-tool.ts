import type { z } from 'zod';
import type { ToolEffect } from '../../shared/profile-action';
import type { CommandLauncher } from '../sandbox/command-launcher';

/** What a tool may touch; the permission gate decides by it (DESIGN §7). */
export type { ToolEffect } from '../../shared/profile-action';

/** What a tool can see of its run and iteration. */
export type ToolContext = Readonly<{
  workdir: string;
  outputDir: string;
  /** Further folders the file tools may touch besides the workdir and the output folder (none unless set). */
  extraRoots?: ReadonlyArray<string>;
  iteration: number;
  signal: AbortSignal;
  /** Starts the run's processes inside its OS sandbox with the clean tool environment; absent in tool tests (no sandbox). */
  launcher?: CommandLauncher;
  /** Records what the iteration produced: the summary, or that the run is complete. */
  outcome: IterationOutcome;
  /**
   * Asks the permission gate about a further step of a call already allowed (a redirect of `web_fetch`):
   * null when allowed, else the denial to report. Absent in contexts without a gate (tool tests): all allowed.
   */
  permit?: (tool: string, input: unknown) => Promise<string | null>;
  /** Whether a deny rule for reading covers this path (relative to the workdir): searches skip such files. */
  isReadDenied?: (relativePath: string) => boolean;
  /** Whether a rule of the run names this host, which lets `web_fetch` reach a loopback or private address. */
  ruleNamesHost?: (tool: string, host: string) => boolean;
}>;

/** Filled in by the `report` and `complete` tools while a turn runs. */
export type IterationOutcome = { reportedSummary: string | null; completion: string | null };

/** One tool the agent can call: its schema, its effect, a one-line summary for approval prompts, and its work. */
export type AgentTool<Input = unknown> = Readonly<{
  name: string;
  description: string;
  inputSchema: z.ZodType<Input>;
  effect: ToolEffect;
  summarize(input: Input): string;
  /** Why a call is refused before the permission gate sees it (an input too large to check, say), or null. Must be cheap. */
  refuse?(input: Input): string | null;
  execute(input: Input, context: ToolContext): Promise<string>;
  /** The input's JSON Schema as the model sees it, when it is not the zod schema's (an MCP server's tool). */
  jsonSchema?: Readonly<Record<string, unknown>>;
  /** The MCP server and its own tool name, for an MCP tool (`mcp__<server>__<tool>`). */
  mcp?: Readonly<{ server: string; tool: string }>;
}>;

/** A tool with its input type erased, so tools of different inputs fit in one list. */
export type AnyAgentTool = AgentTool<unknown>;

/**
 * Declares a tool with its input type inferred from the schema, and erases that type for the tool list:
 * the input is parsed with the tool's own schema before `execute` and `summarize` see it.
 */
export function defineTool<Input>(tool: AgentTool<Input>): AnyAgentTool {
  return {
    ...tool,
    inputSchema: tool.inputSchema,
    summarize: (input) => tool.summarize(tool.inputSchema.parse(input)),
    refuse: (input) => tool.refuse?.(tool.inputSchema.parse(input)) ?? null,
    execute: (input, context) => tool.execute(tool.inputSchema.parse(input), context),
  };
}
