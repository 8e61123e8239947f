import type { PermissionProfile, PermissionRule } from './run-settings';

/** What a tool may touch; the permission gate decides by it (DESIGN §7). */
export type ToolEffect = 'read' | 'write' | 'execute' | 'network';

/** What the gate does with a call: run it, ask a person first, or refuse it. */
export type PermissionAction = PermissionRule['action'];

/**
 * Pure: what a profile does with a call of this effect when no rule of the run matches (DESIGN §7). The runner's gate
 * (`decide-permission.ts`) decides by it; the new-run form's MCP tools preview shows it, so the two cannot drift.
 */
export function profileAction(profile: PermissionProfile, effect: ToolEffect): PermissionAction {
  switch (profile) {
    case 'read-only':
      return effect === 'read' ? 'allow' : 'deny';
    case 'ask':
      return effect === 'read' ? 'allow' : 'ask';
    case 'workspace-write':
      return effect === 'read' || effect === 'write' ? 'allow' : 'ask';
    case 'trusted':
      return 'allow';
  }
}

/**
 * Pure: the effect of an MCP tool. Only a tool its server marks `readOnlyHint` counts as reading; any other may do
 * anything, like a command.
 */
export function mcpToolEffect(readOnlyHint: boolean): ToolEffect {
  return readOnlyHint ? 'read' : 'execute';
}

/** Pure: what a profile does with calls of an MCP tool, before any rule of the run (`mcp__server__*`). */
export function mcpToolProfileAction(profile: PermissionProfile, readOnlyHint: boolean): PermissionAction {
  return profileAction(profile, mcpToolEffect(readOnlyHint));
}
