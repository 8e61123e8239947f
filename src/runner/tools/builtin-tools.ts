import type { AnyAgentTool, ToolEffect } from './agent-tool';
import { bashTool } from './bash';
import { completeTool } from './complete';
import { editFileTool } from './edit-file';
import { globTool } from './glob';
import { grepTool } from './grep';
import { listDirTool } from './list-dir';
import { readFileTool } from './read-file';
import { reportTool } from './report';
import { webFetchTool } from './web-fetch';
import { writeFileTool } from './write-file';

const BUILTIN_TOOLS: ReadonlyArray<AnyAgentTool> = [
  readFileTool,
  writeFileTool,
  editFileTool,
  listDirTool,
  globTool,
  grepTool,
  bashTool,
  webFetchTool,
  reportTool,
  completeTool,
];

/** Every tool the agent gets (DESIGN §7). */
export function builtinTools(): ReadonlyArray<AnyAgentTool> {
  return BUILTIN_TOOLS;
}

/** The built-in tool with this name, for the permission gate to read its effect and summarize a call; undefined for unknown names. */
export function findTool(name: string): AnyAgentTool | undefined {
  return BUILTIN_TOOLS.find((tool) => tool.name === name);
}

/** Each built-in tool's effect by name. */
export const toolEffects: Readonly<Record<string, ToolEffect>> = Object.freeze(Object.fromEntries(BUILTIN_TOOLS.map((tool) => [tool.name, tool.effect])));
