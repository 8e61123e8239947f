import type { AnyAgentTool } from './agent-tool';
import { completeTool } from './complete';
import { reportTool } from './report';

/** Every tool the agent gets. */
export function builtinTools(): ReadonlyArray<AnyAgentTool> {
  return [reportTool, completeTool];
}
