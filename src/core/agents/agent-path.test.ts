import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../api-failure';
import { agentPathProblem, checkAgentPath, checkAgentPathsPatch, chosenAgentPath, withAgentPath } from './agent-path';

const folder = mkdtempSync(join(tmpdir(), 'autoloop-agent-path-'));
const executable = join(folder, 'claude');
writeFileSync(executable, '#!/bin/sh\necho hi\n');
chmodSync(executable, 0o755);
const plain = join(folder, 'codex-not-executable');
writeFileSync(plain, 'not a program');
chmodSync(plain, 0o644);
const link = join(folder, 'claude-link');
symlinkSync(executable, link);
mkdirSync(join(folder, 'bin'));

describe('agentPathProblem', () => {
  it('takes an executable file, also through a symbolic link', async () => {
    expect(await agentPathProblem('claude-code', executable)).toBeNull();
    expect(await agentPathProblem('claude-code', link)).toBeNull();
  });

  it('says what is wrong and what to do with a relative path, a missing file, a folder and a file that does not run', async () => {
    expect(await agentPathProblem('claude-code', 'bin/claude')).toBe(
      'bin/claude is not an absolute path: give the full path of the claude binary (e.g. /usr/local/bin/claude).',
    );
    expect(await agentPathProblem('codex', join(folder, 'gone'))).toBe(
      `${join(folder, 'gone')} does not exist: give the path of an installed codex binary (\`which codex\` prints the one on your PATH).`,
    );
    expect(await agentPathProblem('codex', join(folder, 'bin'))).toContain('is not a file: give the path of the codex binary itself, not its folder.');
    expect(await agentPathProblem('codex', plain)).toBe(
      `${plain} is not executable: make it executable (chmod +x) or give the path of the Codex binary that is.`,
    );
  });

  it('refuses a bad path as invalid input on the path field', async () => {
    const failure = await checkAgentPath('codex', plain).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiFailure);
    expect(failure).toMatchObject({ code: 'invalid_input', details: { field: 'path' } });
  });
});

describe('choosing agent paths', () => {
  it('sets and clears one agent’s path, keeping the other', () => {
    const both = withAgentPath({ codex: '/opt/codex' }, 'claude-code', '/opt/claude');
    expect(both).toEqual({ codex: '/opt/codex', 'claude-code': '/opt/claude' });
    expect(withAgentPath(both, 'codex', null)).toEqual({ 'claude-code': '/opt/claude' });
    expect(withAgentPath(undefined, 'codex', null)).toEqual({});
    expect(chosenAgentPath({ agentPaths: both }, 'claude-code')).toBe('/opt/claude');
    expect(chosenAgentPath({ agentPaths: both }, 'autoloop')).toBeUndefined();
    expect(chosenAgentPath({}, 'codex')).toBeUndefined();
  });

  it('checks a path a settings patch chooses anew, and not one it keeps as stored', async () => {
    const gone = join(folder, 'removed-since');
    await expect(checkAgentPathsPatch({ agentPaths: { codex: gone } }, { agentPaths: { codex: gone } })).resolves.toBeUndefined();
    await expect(checkAgentPathsPatch({}, { agentPaths: { codex: gone } })).rejects.toThrow('does not exist');
    await expect(checkAgentPathsPatch({}, { agentPaths: { 'claude-code': executable } })).resolves.toBeUndefined();
    await expect(checkAgentPathsPatch({}, { retention: { maxAgeDays: 3 } })).resolves.toBeUndefined();
  });
});
