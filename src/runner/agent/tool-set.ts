import type { JSONSchema7 } from '@ai-sdk/provider';
import { type Schema, type ToolSet, asSchema, jsonSchema, tool } from 'ai';
import type { PermissionGate } from '../permissions/permission-gate';
import type { AnyAgentTool, ToolContext } from '../tools/agent-tool';

/** What the permission gate did during a turn; `deniedCalls`: the tool calls it refused, by call id. */
export type GateOutcome = { denied: boolean; endTurn: boolean; stopRun: boolean; deniedCalls: Set<string> };

/**
 * Each tool's input schema as the SDK uses it, made once: the SDK turns a zod schema into JSON
 * Schema at every call otherwise, and that was a tenth of a runner's time in a fast loop.
 */
const schemas = new WeakMap<AnyAgentTool, Schema>();

function schemaOf(agentTool: AnyAgentTool): Schema {
  const known = schemas.get(agentTool);
  if (known) return known;
  const schema = agentTool.jsonSchema ? jsonSchema(agentTool.jsonSchema as JSONSchema7) : asSchema(agentTool.inputSchema);
  schemas.set(agentTool, schema);
  return schema;
}

/** The agent's tools for the AI SDK, each call decided by the permission gate before it runs. */
export function toToolSet(tools: ReadonlyArray<AnyAgentTool>, context: ToolContext, gate: PermissionGate, gated: GateOutcome): ToolSet {
  return Object.fromEntries(
    tools.map((agentTool) => [
      agentTool.name,
      tool({
        description: agentTool.description,
        inputSchema: schemaOf(agentTool),
        execute: async (input: unknown, { toolCallId }: { toolCallId: string }) => {
          // Refused at the tool boundary, before the gate or a person has to read it.
          const refusal = agentTool.refuse?.(input) ?? null;
          if (refusal !== null) throw new Error(refusal);
          const verdict = await gate.check(agentTool, input, context.iteration);
          if (verdict.allowed) return agentTool.execute(input, context);
          // A denial is the tool's result: the model reads it and the loop goes on (DESIGN §7).
          gated.denied = true;
          gated.deniedCalls.add(toolCallId);
          gated.endTurn ||= verdict.endTurn;
          gated.stopRun ||= verdict.stopRun;
          return verdict.message;
        },
      }),
    ]),
  );
}
