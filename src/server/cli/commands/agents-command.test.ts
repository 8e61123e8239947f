import { describe, expect, it } from 'vitest';
import { describeAgent } from './agents-command';

describe('describeAgent', () => {
  const found = {
    agent: 'claude-code',
    path: '/usr/bin/claude',
    source: 'path',
    version: '2.1.3 (Claude Code)',
    loggedIn: true,
    authMethod: 'claude.ai',
    problem: null,
  } as const;

  it('says where Claude Code is, its version and its login', () => {
    expect(describeAgent(found)).toBe('Claude Code 2.1.3 (Claude Code) at /usr/bin/claude, signed in (claude.ai)');
  });

  it('says what to do when it is missing or signed out', () => {
    expect(describeAgent({ ...found, path: null, source: null, version: null, loggedIn: null, problem: 'Claude Code was not found. Install it.' })).toBe(
      'Claude Code: Claude Code was not found. Install it.',
    );
    expect(describeAgent({ ...found, loggedIn: false, problem: 'Run claude once.' })).toBe(
      'Claude Code 2.1.3 (Claude Code) at /usr/bin/claude, not signed in. Run claude once.',
    );
  });

  it('says when the binary is the one chosen in settings', () => {
    expect(describeAgent({ ...found, path: '/opt/claude', source: 'settings' })).toBe(
      'Claude Code 2.1.3 (Claude Code) at /opt/claude (chosen in settings), signed in (claude.ai)',
    );
  });
});
