import { describe, expect, it } from 'vitest';
import { parseParamFlags, parseRunArgs } from './run-args';

describe('parseRunArgs', () => {
  it('turns flags into the API’s start parameters', () => {
    const parsed = parseRunArgs([
      'demo-counter',
      '--param',
      'target=3',
      '--interval',
      '2s',
      '--max-iterations',
      '4',
      '--max-duration',
      '15m',
      '--json',
      '--data-dir',
      '/tmp/x',
    ]);
    expect(parsed).toEqual({
      start: { template: 'demo-counter', params: { target: '3' }, loop: { intervalMs: 2_000 }, limits: { maxIterations: 4, maxDurationMs: 900_000 } },
      json: true,
      detach: false,
      dataDir: '/tmp/x',
    });
  });

  it('takes budgets, the permission profile and the approval timeout', () => {
    const parsed = parseRunArgs([
      'demo-counter',
      '--max-cost',
      '$2.50',
      '--max-tokens',
      '50000',
      '--profile',
      'ask',
      '--approval-timeout',
      '90s',
      '--on-approval-timeout',
      'deny',
      '--workdir',
      'relative/folder',
      '--detach',
    ]);
    expect(parsed.start.limits).toEqual({ maxCostUsd: 2.5, maxTokens: 50_000 });
    expect(parsed.start.permissions).toEqual({ profile: 'ask', approvalTimeoutMs: 90_000, onApprovalTimeout: 'deny' });
    expect(parsed.start.workdir).toBe(`${process.cwd()}/relative/folder`);
    expect(parsed.detach).toBe(true);
  });

  it('takes hosts the sandbox lets through (--allow-net) and variables the person passes to tools (--pass-env), and refuses a URL as a host', () => {
    const parsed = parseRunArgs(['demo-counter', '--allow-net', 'api.github.com', '--allow-net', '*.npmjs.org', '--pass-env', 'SSH_AUTH_SOCK']);
    expect(parsed.start).toMatchObject({ network: ['api.github.com', '*.npmjs.org'], env: ['SSH_AUTH_SOCK'] });
    expect(() => parseRunArgs(['t', '--allow-net', 'https://api.github.com/'])).toThrow(/a host name such as api\.github\.com/);
    expect(() => parseRunArgs(['t', '--allow-net', '*'])).toThrow(/a host name/);
  });

  it('takes the notifiers the run’s events go to (--notify, repeatable; --no-notify: none) and leaves them out otherwise', () => {
    expect(parseRunArgs(['t', '--notify', 'phone', '--notify', 'hook']).start.notify).toEqual(['phone', 'hook']);
    expect(parseRunArgs(['t', '--no-notify']).start.notify).toEqual([]);
    expect(parseRunArgs(['t']).start).not.toHaveProperty('notify');
    expect(() => parseRunArgs(['t', '--notify', 'a', '--no-notify'])).toThrow('--notify and --no-notify cannot go together');
    expect(() => parseRunArgs(['t', '--notify', 'bad name'])).toThrow(/a notifier name is letters, digits/);
  });

  it('rejects bad values before anything starts, saying what is wrong', () => {
    expect(() => parseRunArgs(['t', '--interval', 'soon'])).toThrow('--interval must be a duration such as 90s, 15m or 2h, not "soon"');
    expect(() => parseRunArgs(['t', '--max-iterations', '1.5'])).toThrow('--max-iterations must be a whole number');
    expect(() => parseRunArgs(['t', '--max-cost', 'five'])).toThrow('--max-cost must be an amount in US dollars such as 5 or $2.50, not "five"');
    expect(() => parseRunArgs(['t', '--profile', 'yolo'])).toThrow('--profile must be one of read-only, ask, workspace-write, trusted, not "yolo"');
    expect(() => parseRunArgs(['t', '--on-approval-timeout', 'later'])).toThrow('--on-approval-timeout must be one of deny, pause, stop');
    expect(() => parseRunArgs(['t', '--approval-timeout', '0s'])).toThrow('--approval-timeout must be longer than 0 s');
    expect(() => parseRunArgs([])).toThrow('run takes exactly one template name');
    expect(() => parseParamFlags(['novalue'])).toThrow('--param takes key=value, not "novalue"');
    // A number too big to hold is said in words, with the largest it takes.
    expect(() => parseRunArgs(['t', '--max-verify-failures', '99999999999999999999'])).toThrow(
      '--max-verify-failures takes a whole number up to 9007199254740991, not "99999999999999999999"',
    );
  });

  it('names the flag, not the API field, when a schema refuses a value, and refuses a huge count', () => {
    expect(() => parseRunArgs(['t', '--interval', '25d'])).toThrow('--interval: at most 24 days');
    expect(() => parseRunArgs(['t', '--approval-timeout', '30d'])).toThrow('--approval-timeout: at most 24 days');
    expect(() => parseRunArgs(['t', '--allow-net', 'http://bad/host'])).toThrow('--allow-net "http://bad/host": a host name such as api.github.com');
    expect(() => parseRunArgs(['t', '--pass-env', '1BAD'])).toThrow('--pass-env "1BAD": an environment variable name');
    expect(() => parseRunArgs(['t', '--name', 'n'.repeat(300)])).toThrow(/^--name "n{60}… \(300 characters\)": Too big/);
    expect(() => parseRunArgs(['t', '--verify', ''])).toThrow(/^--verify "": /);
    expect(() => parseRunArgs(['t', '--max-verify-failures', '99999999999999999999'])).toThrow(
      '--max-verify-failures takes a whole number up to 9007199254740991, not "99999999999999999999"',
    );
    for (const args of [
      ['--interval', '25d'],
      ['--max-verify-failures', '99999999999999999999'],
      ['--base', ''],
    ]) {
      expect(() => parseRunArgs(['t', ...args])).not.toThrow(/loop\.|permissions\.|✖|→ at/);
    }
  });

  it('takes where the run works (--isolation, --base, --with-uncommitted) and refuses what cannot go together or looks like an option', () => {
    expect(parseRunArgs(['t', '--isolation', 'worktree', '--base', 'release', '--with-uncommitted']).start).toMatchObject({
      isolation: 'worktree',
      base: 'release',
      withUncommitted: true,
    });
    expect(parseRunArgs(['t']).start).not.toHaveProperty('isolation');
    expect(() => parseRunArgs(['t', '--isolation', 'none', '--base', 'main'])).toThrow('--base and --with-uncommitted need a worktree');
    expect(() => parseRunArgs(['t', '--isolation', 'sideways'])).toThrow('--isolation must be one of worktree, none');
    expect(() => parseRunArgs(['t', '--base=--upload-pack=x'])).toThrow('not starting with -');
  });

  it('takes what each iteration remembers (--context) and refuses a mode that does not exist', () => {
    expect(parseRunArgs(['t', '--context', 'fresh']).start).toMatchObject({ context: 'fresh' });
    expect(parseRunArgs(['t', '--context', 'summaries']).start).toMatchObject({ context: 'summaries' });
    expect(parseRunArgs(['t']).start).not.toHaveProperty('context');
    expect(() => parseRunArgs(['t', '--context', 'forget'])).toThrow('--context must be one of carry, summaries, fresh');
  });

  it('takes who takes the turns (--agent) and refuses an agent it does not know', () => {
    expect(parseRunArgs(['t', '--agent', 'claude-code']).start).toMatchObject({ agent: 'claude-code' });
    expect(parseRunArgs(['t']).start).not.toHaveProperty('agent');
    expect(parseRunArgs(['t', '--agent', 'codex']).start).toMatchObject({ agent: 'codex' });
    expect(() => parseRunArgs(['t', '--agent', 'aider'])).toThrow('--agent must be one of autoloop, claude-code, codex, not "aider"');
  });
});
