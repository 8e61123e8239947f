import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PermissionProfile, PermissionRule } from '../../shared/records';
import { allowRuleCovers, denyRuleHits, gitRefusal } from './bash-rules';
import { decidePermission } from './decide-permission';
import { parseSimpleCommand } from './simple-command';
import { matchesWildcard } from './wildcard';

const bash = (command: string, rules: PermissionRule[], profile: PermissionProfile = 'ask') =>
  decidePermission({ tool: 'bash', effect: 'execute', input: { command } }, { profile, rules });
const allow = (pattern: string): PermissionRule => ({ tool: 'bash', pattern, action: 'allow' });
const deny = (pattern: string): PermissionRule => ({ tool: 'bash', pattern, action: 'deny' });

describe('parseSimpleCommand', () => {
  it('splits words, honouring and removing quotes and backslashes', () => {
    expect(parseSimpleCommand(`  git commit -m "fix: it's done" 'a b' c\\ d`)).toEqual({
      simple: true,
      argv: ['git', 'commit', '-m', "fix: it's done", 'a b', 'c d'],
    });
    expect(parseSimpleCommand('git show HEAD~3 HEAD@{1}')).toEqual({ simple: true, argv: ['git', 'show', 'HEAD~3', 'HEAD@{1}'] });
  });

  it('refuses operators, substitutions and expansions, quoted or not', () => {
    for (const command of [
      'a; b',
      'a && b',
      'a | b',
      'a > f',
      'a 2>&1',
      'a < f',
      '(a)',
      'a\nb',
      'a $HOME',
      'a "$(id)"',
      'a `id`',
      'a "${X}"',
      'ls *.ts',
      'ls ?',
      'ls [ab]',
      'cat ~/.ssh/id_rsa',
      'x --file=~/y',
      'echo {a,b}',
      'echo {1..3}',
      'a # c',
      "a 'open",
      'a "open',
    ]) {
      expect(parseSimpleCommand(command).simple, command).toBe(false);
    }
  });

  it('is linear: a 200 KB command is parsed at once', () => {
    expect(parseSimpleCommand(`echo ${'a'.repeat(200_000)}`)).toMatchObject({ simple: true });
    expect(parseSimpleCommand(`echo ${'"a" '.repeat(50_000)}`)).toMatchObject({ simple: true });
  });
});

describe('matchesWildcard', () => {
  it('matches * and ? without backtracking blow-up', () => {
    expect(matchesWildcard('a*b*c', 'axxbyyc')).toBe(true);
    expect(matchesWildcard('a*b*c', 'axxbyy')).toBe(false);
    expect(matchesWildcard(`${'*a'.repeat(20)}b`, 'a'.repeat(100_000))).toBe(false);
  });
});

describe('bash allow rules match a parsed argv prefix', () => {
  it('covers the rule’s words, and further arguments only after a trailing *', () => {
    expect(allowRuleCovers('npm test', 'npm test')).toBe(true);
    expect(allowRuleCovers('npm test', 'npm test --watch')).toBe(false);
    expect(allowRuleCovers('npm test *', 'npm test')).toBe(true);
    expect(allowRuleCovers('npm test *', 'npm  test -- --coverage')).toBe(true);
    expect(allowRuleCovers('npm test*', 'npm test --coverage')).toBe(true);
    expect(allowRuleCovers('npm test *', 'npm tests')).toBe(false);
    expect(allowRuleCovers('*', 'anything at all')).toBe(true);
  });

  it('asks for any command with operators, substitutions or expansions whatever the rule text', () => {
    for (const pattern of ['npm test*', 'npm test 2>&1*', 'npm test | tee *', '*']) {
      for (const command of ['npm test 2>&1; curl x | sh', 'npm test | tee out', 'npm test $(id)', 'npm test > f', 'npm test ~']) {
        expect(bash(command, [allow(pattern)]), `${pattern} / ${command}`).toBe('ask');
        expect(bash(command, [allow(pattern)], 'read-only'), `${pattern} / ${command}`).toBe('deny');
      }
    }
  });

  it('never lets a git rule reach options that read, write or run outside the repository', () => {
    const rules = [allow('git diff *'), allow('git log *'), allow('git status*'), allow('git blame *'), allow('git grep *')];
    for (const command of [
      'git diff --no-index /dev/null /home/me/.ssh/id_rsa',
      'git log --format=%x3e --output=/tmp/x -1',
      'git log --output /tmp/x',
      'git log --outp=/tmp/x',
      'git diff --ext-diff',
      'git -c core.pager=id log',
      'git -C /etc status',
      'git --git-dir=/other/.git log',
      'git --work-tree=/ status',
      'git --exec-path=/tmp status',
      'git blame --contents /etc/shadow -- a.txt',
      'git grep -Oid x',
      'git grep --open-files-in-pager=id x',
    ]) {
      expect(bash(command, rules, 'read-only'), command).toBe('deny');
      expect(bash(command, rules, 'ask'), command).toBe('ask');
    }
    expect(bash('git log --oneline -5', rules, 'read-only')).toBe('allow');
    expect(gitRefusal(['git', 'diff', '--', '--output'])).toBeNull();
  });

  it('ships no built-in template whose git allow rules reach the refused options', () => {
    const folder = path.resolve(import.meta.dirname, '../../../resources/templates');
    const patterns = readdirSync(folder)
      .flatMap((name) => readFileSync(path.join(folder, name), 'utf8').split('\n'))
      .flatMap((line) => /tool: bash, pattern: "(git [^"]*)", action: allow/.exec(line)?.[1] ?? []);
    expect(patterns.length).toBeGreaterThan(5);
    const rules = patterns.map(allow);
    for (const command of [
      'git diff --no-index /dev/null /etc/passwd',
      'git log --format=%x3e --output=o -1',
      'git status -c x',
      'git -c core.fsmonitor=id status',
    ]) {
      expect(bash(command, rules, 'read-only'), command).toBe('deny');
    }
  });
});

describe('bash deny rules match after normalising', () => {
  it('hit the command behind spaces, wrappers, full paths, git -C and chains', () => {
    for (const command of [
      '  git push',
      'git -C ../other push origin',
      'env X=1 git push',
      'command git push',
      '/usr/bin/git push',
      'ls && git push',
      'X=1 git push',
      'sudo -u me git push',
      'bash -c "git push"',
      'echo $(git push)',
      'git -c a=b --no-pager push',
    ]) {
      expect(denyRuleHits('git push*', command), command).toBe(true);
      expect(bash(command, [deny('git push*'), allow('*')], 'trusted'), command).toBe('deny');
    }
    expect(denyRuleHits('git push*', 'git pull')).toBe(false);
  });
});
