import { describe, expect, it } from 'vitest';
import { type PermissionAction, type ToolEffect, mcpToolEffect, mcpToolProfileAction, profileAction } from './profile-action';
import { PermissionProfile } from './run-settings';

const EXPECTED: Readonly<Record<PermissionProfile, Readonly<Record<ToolEffect, PermissionAction>>>> = {
  'read-only': { read: 'allow', write: 'deny', execute: 'deny', network: 'deny' },
  ask: { read: 'allow', write: 'ask', execute: 'ask', network: 'ask' },
  'workspace-write': { read: 'allow', write: 'allow', execute: 'ask', network: 'ask' },
  trusted: { read: 'allow', write: 'allow', execute: 'allow', network: 'allow' },
};

describe('profileAction', () => {
  it('covers every profile there is', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...PermissionProfile.options].sort());
  });

  for (const profile of PermissionProfile.options) {
    it.each(Object.entries(EXPECTED[profile]))(`${profile} + %s → %s`, (effect, action) => {
      expect(profileAction(profile, effect as ToolEffect)).toBe(action);
    });
  }
});

describe('mcpToolProfileAction', () => {
  it('counts only a tool its server marks readOnlyHint as reading; any other as a command', () => {
    expect(mcpToolEffect(true)).toBe('read');
    expect(mcpToolEffect(false)).toBe('execute');
  });

  it.each([
    ['read-only', 'deny'],
    ['ask', 'ask'],
    ['workspace-write', 'ask'],
    ['trusted', 'allow'],
  ] as const)('under %s: a read-only tool is allowed, another is %s', (profile, other) => {
    expect(mcpToolProfileAction(profile, true)).toBe('allow');
    expect(mcpToolProfileAction(profile, false)).toBe(other);
  });
});
