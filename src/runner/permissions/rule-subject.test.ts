import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PermissionRule } from '../../shared/records';
import type { AnyAgentTool } from '../tools/agent-tool';
import { findTool } from '../tools/builtin-tools';
import { type TempRun, createTempRun } from '../tools/test-context';
import { createPermissionGate } from './permission-gate';
import { normaliseUrl, ruleSubject } from './rule-subject';

let run: TempRun;
beforeEach(async () => {
  run = await createTempRun();
  await mkdir(path.join(run.workdir, 'docs'));
  await writeFile(path.join(run.workdir, 'package.json'), '{}');
});
afterEach(() => run.cleanup());

const tool = (name: string): AnyAgentTool => {
  const found = findTool(name);
  if (found === undefined) throw new Error(`no tool ${name}`);
  return found;
};

/** The gate's verdict for one call under a profile and rules; any approval request is answered "deny". */
async function verdict(name: string, input: unknown, rules: PermissionRule[], profile: 'read-only' | 'ask' | 'workspace-write' = 'ask'): Promise<string> {
  const asked: string[] = [];
  const gate = createPermissionGate(
    { profile, rules },
    { requestApproval: async () => (asked.push('asked'), { decision: 'deny' as const, scope: 'once' as const, endTurn: false, by: 'user' as const }) },
    { workdir: run.workdir },
  );
  const answer = await gate.check(tool(name), input, 1);
  return answer.allowed ? 'allow' : asked.length > 0 ? 'ask' : 'deny';
}

describe('path rules match the real path relative to the workdir', () => {
  it('does not let `docs/../package.json` pass as `docs/*`', async () => {
    expect(await ruleSubject('write_file', { path: 'docs/../package.json' }, run.workdir)).toBe('package.json');
    const rules: PermissionRule[] = [{ tool: 'write_file', pattern: 'docs/*', action: 'allow' }];
    expect(await verdict('write_file', { path: 'docs/guide.md', content: 'x' }, rules)).toBe('allow');
    expect(await verdict('write_file', { path: 'docs/../package.json', content: 'x' }, rules)).toBe('ask');
    expect(await verdict('write_file', { path: './docs/./../package.json', content: 'x' }, rules)).toBe('ask');
  });

  it('follows a symlink to where it points', async () => {
    await symlink(path.join(run.workdir, 'package.json'), path.join(run.workdir, 'docs', 'link.json'));
    expect(await ruleSubject('edit_file', { path: 'docs/link.json' }, run.workdir)).toBe('package.json');
  });

  it('applies a read_file deny rule to every tool that reads', async () => {
    await mkdir(path.join(run.workdir, 'secrets'));
    const rules: PermissionRule[] = [{ tool: 'read_file', pattern: 'secrets*', action: 'deny' }];
    expect(await verdict('read_file', { path: 'secrets/key.pem' }, rules)).toBe('deny');
    expect(await verdict('grep', { pattern: 'BEGIN', path: 'secrets' }, rules)).toBe('deny');
    expect(await verdict('glob', { pattern: '*.pem', path: 'docs/../secrets' }, rules)).toBe('deny');
    expect(await verdict('list_dir', { path: 'secrets' }, rules)).toBe('deny');
    // A search of the whole folder, which the rule does not name, still skips what it denies.
    await writeFile(path.join(run.workdir, 'secrets', 'key.pem'), 'BEGIN PRIVATE KEY');
    await writeFile(path.join(run.workdir, 'docs', 'key.md'), 'BEGIN here');
    const gate = createPermissionGate(
      { profile: 'ask', rules },
      { requestApproval: async () => ({ decision: 'deny' as const, scope: 'once' as const, endTurn: false, by: 'user' as const }) },
    );
    const context = run.context({ isReadDenied: (relative) => gate.isReadDenied(relative) });
    const grepped = await tool('grep').execute({ pattern: 'BEGIN' }, context);
    expect(grepped).toBe("docs/key.md:1: BEGIN here\n[1 files the run's rules deny reading were not searched]");
    expect(await tool('glob').execute({ pattern: '**/*' }, context)).not.toContain('secrets/key.pem');
  });

  it('asks before any write inside .git, even where writes are allowed', async () => {
    await mkdir(path.join(run.workdir, '.git'));
    expect(await verdict('write_file', { path: '.git/config', content: '[core]\n\tfsmonitor = id' }, [], 'workspace-write')).toBe('ask');
    expect(await verdict('write_file', { path: 'src/a.ts', content: 'x' }, [], 'workspace-write')).toBe('allow');
  });
});

describe('URL rules match the normalised URL', () => {
  it('resolves dot segments, encoded ones included, before matching', async () => {
    expect(normaliseUrl('https://Example.com:443/docs/%2e%2e/admin')).toBe('https://example.com/admin');
    const rules: PermissionRule[] = [{ tool: 'web_fetch', pattern: 'https://example.com/docs/*', action: 'allow' }];
    expect(await verdict('web_fetch', { url: 'https://example.com/docs/intro' }, rules)).toBe('allow');
    expect(await verdict('web_fetch', { url: 'https://example.com/docs/../admin' }, rules)).toBe('ask');
    expect(await verdict('web_fetch', { url: 'https://example.com/docs/%2E%2E/admin' }, rules)).toBe('ask');
  });
});

describe('the approval request says why and what "Allow for this run" remembers', () => {
  it('sends the permission decision’s reason and the real relative path', async () => {
    const questions: unknown[] = [];
    const gate = createPermissionGate(
      { profile: 'ask', rules: [] },
      {
        requestApproval: async (question) => (
          questions.push(question),
          { decision: 'deny' as const, scope: 'once' as const, endTurn: false, by: 'user' as const }
        ),
      },
      { workdir: run.workdir },
    );
    await gate.check(tool('write_file'), { path: 'docs/../notes.txt', content: 'x' }, 1);
    expect(questions).toEqual([
      expect.objectContaining({
        tool: 'write_file',
        subject: 'notes.txt',
        why: "The run's ask profile asks before every file change. Medium risk: it changes a file in the working folder.",
      }),
    ]);
  });
});
