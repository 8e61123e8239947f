import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempRun, createTempRun } from './test-context';
import { type PathScope, realpathLoose, resolveToolPath } from './tool-paths';

let run: TempRun;
let scope: PathScope;

beforeEach(async () => {
  run = await createTempRun();
  scope = { workdir: run.workdir, outputDir: run.outputDir, homeDir: run.home };
  await mkdir(path.join(run.root, 'elsewhere'));
  await writeFile(path.join(run.root, 'elsewhere', 'secret.txt'), 'secret');
});

afterEach(async () => {
  await run.cleanup();
});

describe('resolveToolPath', () => {
  it('resolves a relative path against the workdir and shows it relative', async () => {
    await expect(resolveToolPath('src/a.ts', scope)).resolves.toEqual({ path: path.join(run.workdir, 'src/a.ts'), display: 'src/a.ts' });
    await expect(resolveToolPath('.', scope)).resolves.toEqual({ path: run.workdir, display: '.' });
  });

  it('refuses a `..` escape', async () => {
    await expect(resolveToolPath('../elsewhere/secret.txt', scope)).rejects.toThrow(
      `refused: ../elsewhere/secret.txt is outside the run's working folder (${run.workdir})`,
    );
    await expect(resolveToolPath('src/../../elsewhere', scope)).rejects.toThrow(/outside the run's working folder/);
  });

  it('refuses an absolute path outside the roots', async () => {
    await expect(resolveToolPath('/etc/hostname', scope)).rejects.toThrow(/^refused: \/etc\/hostname is outside the run's working folder/);
  });

  it('refuses a symlink in the workdir that points outside it, and paths through it', async () => {
    await symlink(path.join(run.root, 'elsewhere'), path.join(run.workdir, 'escape'));
    await expect(resolveToolPath('escape/secret.txt', scope)).rejects.toThrow(`(it resolves to ${path.join(run.root, 'elsewhere', 'secret.txt')})`);
    await expect(resolveToolPath('escape/new-file.txt', scope)).rejects.toThrow(/outside the run's working folder/);
  });

  it('refuses a dangling symlink whose target would be created outside the workdir', async () => {
    await symlink(path.join(run.root, 'elsewhere', 'planted.txt'), path.join(run.workdir, 'planted.txt'));
    await expect(resolveToolPath('planted.txt', scope)).rejects.toThrow(/outside the run's working folder/);
  });

  it('allows a symlink that stays inside the workdir and returns its target', async () => {
    await writeFile(path.join(run.workdir, 'real.txt'), 'x');
    await symlink('real.txt', path.join(run.workdir, 'alias.txt'));
    await expect(resolveToolPath('alias.txt', scope)).resolves.toEqual({ path: path.join(run.workdir, 'real.txt'), display: 'real.txt' });
  });

  it('allows a file not created yet in folders not created yet', async () => {
    await expect(resolveToolPath('a/b/c.txt', scope)).resolves.toMatchObject({ path: path.join(run.workdir, 'a/b/c.txt') });
  });

  it('allows the output folder and extra roots, shown as absolute paths', async () => {
    await expect(resolveToolPath(path.join(run.outputDir, 'r.md'), scope)).resolves.toEqual({
      path: path.join(run.outputDir, 'r.md'),
      display: path.join(run.outputDir, 'r.md'),
    });
    const withExtra = { ...scope, extraRoots: [path.join(run.root, 'elsewhere')] };
    await expect(resolveToolPath('../elsewhere/secret.txt', withExtra)).resolves.toMatchObject({ display: path.join(run.root, 'elsewhere', 'secret.txt') });
  });

  it('accepts a workdir given through a symlink', async () => {
    await symlink(run.workdir, path.join(run.root, 'work-link'));
    const linked = { ...scope, workdir: path.join(run.root, 'work-link') };
    await expect(resolveToolPath('a.txt', linked)).resolves.toEqual({ path: path.join(run.workdir, 'a.txt'), display: 'a.txt' });
  });

  it('refuses credential stores in the home folder even when the home folder is an extra root', async () => {
    await mkdir(path.join(run.home, '.ssh'));
    await writeFile(path.join(run.home, '.ssh', 'id_ed25519'), 'key');
    const withHome = { ...scope, extraRoots: [run.home] };
    await expect(resolveToolPath('~/.ssh/id_ed25519', withHome)).rejects.toThrow(/^refused: ~\/\.ssh\/id_ed25519 is in ~\/\.ssh, a credential store/);
    await expect(resolveToolPath(path.join(run.home, '.aws/credentials'), withHome)).rejects.toThrow(/~\/\.aws/);
    await expect(resolveToolPath('~/.docker/config.json', withHome)).rejects.toThrow(/~\/\.docker\/config\.json/);
    await expect(resolveToolPath('~/notes.txt', withHome)).resolves.toMatchObject({ path: path.join(run.home, 'notes.txt') });
  });

  it('refuses a symlink in the workdir that points into a credential store', async () => {
    await mkdir(path.join(run.home, '.gnupg'));
    await symlink(path.join(run.home, '.gnupg'), path.join(run.workdir, 'keys'));
    await expect(resolveToolPath('keys/secring.gpg', { ...scope, extraRoots: [run.home] })).rejects.toThrow(/~\/\.gnupg/);
  });

  it('refuses .env files outside the workdir but not inside it', async () => {
    const withExtra = { ...scope, extraRoots: [path.join(run.root, 'elsewhere')] };
    await expect(resolveToolPath('../elsewhere/.env', withExtra)).rejects.toThrow(/is a \.env file outside the run's working folder/);
    await expect(resolveToolPath('../elsewhere/.env.local', withExtra)).rejects.toThrow(/\.env file/);
    await expect(resolveToolPath(path.join(run.outputDir, '.env'), scope)).rejects.toThrow(/\.env file/);
    await expect(resolveToolPath('.env', scope)).resolves.toMatchObject({ display: '.env' });
  });
});

describe('realpathLoose', () => {
  it('follows a chain of dangling links to where a write would land', async () => {
    await symlink('b', path.join(run.workdir, 'a'));
    await symlink(path.join(run.root, 'elsewhere', 'c'), path.join(run.workdir, 'b'));
    await expect(realpathLoose(path.join(run.workdir, 'a'))).resolves.toBe(path.join(run.root, 'elsewhere', 'c'));
  });

  it('gives up on a symlink loop', async () => {
    await symlink('loop2', path.join(run.workdir, 'loop1'));
    await symlink('loop1', path.join(run.workdir, 'loop2'));
    await expect(resolveToolPath('loop1', scope)).rejects.toThrow(/cannot resolve loop1/);
  });
});
