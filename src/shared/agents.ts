import { z } from 'zod';
import { assertNever } from './assert';
import { type SandboxKind, describeSandbox } from './sandbox';

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

/**
 * How a run's commands are confined, in words, by who runs them: Autoloop's sandbox wraps the commands of its own agent;
 * Claude Code needs its service and its login, so it is not wrapped and confines its commands with its own sandbox,
 * set from the run's profile.
 */
export function describeRunSandbox(agent: AgentKind, kind: SandboxKind): string {
  if (agent === 'autoloop') return describeSandbox(kind);
  switch (kind) {
    case 'bwrap':
      return "Claude Code's own sandbox (bubblewrap), set from the run's profile";
    case 'seatbelt':
      return "Claude Code's own sandbox (macOS seatbelt), set from the run's profile";
    case 'none':
      return "Not sandboxed: Claude Code's commands run with your full access";
    default:
      return assertNever(kind, 'SandboxKind');
  }
}
