import { z } from 'zod';
import { assertNever } from './assert';
import type { PermissionProfile } from './run-settings';
import { type SandboxKind, describeSandbox } from './sandbox';

/**
 * Who takes each iteration's turn: Autoloop's own agent (the AI SDK and its tools), Claude Code driven through the
 * Agent SDK, or Codex driven through `codex app-server`. The runner owns the loop either way: gate → iteration → stop rules → interval.
 */
export const AgentKind = z.enum(['autoloop', 'claude-code', 'codex']);
export type AgentKind = z.infer<typeof AgentKind>;

/** What people read for each agent. */
export const AGENT_LABELS: Readonly<Record<AgentKind, string>> = {
  autoloop: 'Autoloop',
  'claude-code': 'Claude Code',
  codex: 'Codex',
};

/** Codex's own sandbox mode (`--sandbox`), set from the run's profile: Autoloop's sandbox cannot wrap Codex. */
export type CodexSandboxMode = 'read-only' | 'workspace-write' | 'danger-full-access';

/** Pure: the Codex sandbox mode a run's profile gives (read-only stays read-only, trusted is unconfined). */
export function codexSandboxModeOf(profile: PermissionProfile): CodexSandboxMode {
  switch (profile) {
    case 'read-only':
      return 'read-only';
    case 'ask':
    case 'workspace-write':
      return 'workspace-write';
    case 'trusted':
      return 'danger-full-access';
    default:
      return assertNever(profile, 'PermissionProfile');
  }
}

/**
 * What an unconfined (trusted) external agent's run says: on Linux with bubblewrap (`hostSandbox`, the engine's machine)
 * the runner still starts the agent inside Autoloop's bubblewrap (`hostAgentLaunch`, `codexLaunch`), which hides the
 * data folder and the credential stores and nothing else; elsewhere nothing at all is hidden.
 */
function unconfinedAgent(label: string, hostSandbox: SandboxKind | undefined, codexWords = ''): string {
  if (hostSandbox === 'bwrap')
    return `Not confined: ${label}'s commands run with your full access${codexWords}; only the data folder and credential stores are hidden from it (Autoloop's bubblewrap)`;
  return `Not sandboxed: ${label}'s commands run with your full access${codexWords}`;
}

/**
 * How a run's commands are confined, in words, by who runs them: Autoloop's sandbox wraps the commands of its own agent;
 * Claude Code confines its commands with its own sandbox, set from the run's profile; on Linux it runs inside Autoloop's
 * bubblewrap (the host as it is, but the data folder and credential stores not there) so its own file tools cannot read them.
 * `hostSandbox` is the sandbox the engine's machine offers (`system.info`): a trusted run's agent is in that bubblewrap too.
 */
export function describeRunSandbox(agent: AgentKind, kind: SandboxKind, profile?: PermissionProfile, hostSandbox?: SandboxKind): string {
  if (agent === 'autoloop') return describeSandbox(kind);
  if (agent === 'codex') {
    const mode = codexSandboxModeOf(profile ?? (kind === 'none' ? 'trusted' : 'workspace-write'));
    // Autoloop's bubblewrap around Codex itself (Linux): the data folder is not there, and an approved command (which
    // Codex runs outside its own sandbox) still writes only in the run's folders.
    const wrapped =
      kind === 'bwrap'
        ? "; inside Autoloop's bubblewrap, which hides the data folder and keeps writes in the run's folders"
        : '; a command you approve runs outside that sandbox';
    if (mode === 'danger-full-access') return unconfinedAgent('Codex', hostSandbox, ' (danger-full-access) and it does not ask first');
    const asks =
      profile === 'ask'
        ? "it asks, through Autoloop's approvals, before every command it does not know to be read-only"
        : "it asks, through Autoloop's approvals, only when a command must leave that sandbox";
    return `Codex's own sandbox (${mode}), set from the run's profile; ${asks}${wrapped}`;
  }
  switch (kind) {
    case 'bwrap':
      return "Claude Code's own sandbox (bubblewrap), set from the run's profile, inside Autoloop's bubblewrap, which hides the data folder";
    case 'seatbelt':
      return "Claude Code's own sandbox (macOS seatbelt), set from the run's profile";
    case 'none':
      return unconfinedAgent('Claude Code', hostSandbox);
    default:
      return assertNever(kind, 'SandboxKind');
  }
}

/**
 * The folder name of a run's private Codex home (with a key from Autoloop's providers), in `/var/tmp` (else the
 * temporary folder): the runner makes it, the engine removes it when the run ends.
 */
export function codexHomeFolderName(runId: string): string {
  return `autoloop-codex-home-${runId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
