import { z } from 'zod';

/**
 * Who takes each iteration's turn: Autoloop's own agent (the AI SDK and its tools), or Claude Code driven through
 * the Agent SDK. The runner owns the loop either way: gate → iteration → stop rules → interval.
 */
export const AgentKind = z.enum(['autoloop', 'claude-code']);
export type AgentKind = z.infer<typeof AgentKind>;

/** What people read for each agent. */
export const AGENT_LABELS: Readonly<Record<AgentKind, string>> = {
  autoloop: 'Autoloop',
  'claude-code': 'Claude Code',
};
