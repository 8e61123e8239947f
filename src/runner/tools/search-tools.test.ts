import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GLOB_MAX_RESULTS, globTool } from './glob';
import { grepTool } from './grep';
import { type TempRun, createTempRun } from './test-context';

let run: TempRun;

async function put(relative: string, content = ''): Promise<void> {
  const file = path.join(run.workdir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

beforeEach(async () => {
  run = await createTempRun();
  await put('src/main.ts', 'export function main() {\n  return 42;\n}\n');
  await put('src/util/strings.ts', 'export const Greeting = "hello";\n');
  await put('src/util/strings.test.ts', 'import { Greeting } from "./strings";\n');
  await put('README.md', '# Demo\nSay hello.\n');
  await put('node_modules/zod/index.ts', 'export const hello = 1;\n');
  await put('.git/HEAD', 'ref: refs/heads/main\n');
  await put('.github/ci.yml', 'on: push\n');
});

afterEach(async () => {
  await run.cleanup();
});

describe('glob', () => {
  it('matches below the workdir and skips node_modules and .git', async () => {
    expect(await globTool.execute({ pattern: '**/*.ts' }, run.context())).toBe(['src/main.ts', 'src/util/strings.test.ts', 'src/util/strings.ts'].join('\n'));
  });

  it('searches node_modules when the pattern names it', async () => {
    expect(await globTool.execute({ pattern: 'node_modules/**/*.ts' }, run.context())).toBe('node_modules/zod/index.ts');
  });

  it('matches relative to `path` and shows paths relative to the workdir', async () => {
    expect(await globTool.execute({ pattern: '*.{ts,md}', path: 'src/util' }, run.context())).toBe('src/util/strings.test.ts\nsrc/util/strings.ts');
  });

  it('finds dotfiles and top-level files', async () => {
    expect(await globTool.execute({ pattern: '**/*.{yml,md}' }, run.context())).toBe('.github/ci.yml\nREADME.md');
  });

  it('says when nothing matches', async () => {
    expect(await globTool.execute({ pattern: '**/*.rs' }, run.context())).toBe('No files match **/*.rs in the working folder.');
  });

  it('refuses absolute and escaping patterns and folders outside the workdir', async () => {
    await expect(globTool.execute({ pattern: '/etc/*' }, run.context())).rejects.toThrow(/must be relative/);
    await expect(globTool.execute({ pattern: '../**' }, run.context())).rejects.toThrow(/may not contain `\.\.`/);
    await expect(globTool.execute({ pattern: '*', path: '..' }, run.context())).rejects.toThrow(/outside the run's working folder/);
  });

  it('does not walk into a symlinked folder that leads outside', async () => {
    await put('../elsewhere/leak.ts', '');
    await symlink(path.join(run.root, 'elsewhere'), path.join(run.workdir, 'link'));
    expect(await globTool.execute({ pattern: '**/leak.ts' }, run.context())).toBe('No files match **/leak.ts in the working folder.');
  });

  it(`caps the result at ${GLOB_MAX_RESULTS} paths`, async () => {
    await Promise.all(Array.from({ length: GLOB_MAX_RESULTS + 5 }, (_, index) => put(`many/f${index}.txt`)));
    const text = await globTool.execute({ pattern: 'many/*.txt' }, run.context());
    expect(text.split('\n')).toHaveLength(GLOB_MAX_RESULTS + 1);
    expect(text).toMatch(/\[… 5 more matches not shown; narrow the pattern …\]$/);
  });
});

describe('grep', () => {
  it('returns file:line: text for each matching line', async () => {
    expect(await grepTool.execute({ pattern: 'hello' }, run.context())).toBe(
      ['README.md:2: Say hello.', 'src/util/strings.ts:1: export const Greeting = "hello";'].join('\n'),
    );
  });

  it('ignores case when asked', async () => {
    expect(await grepTool.execute({ pattern: 'greeting', ignoreCase: true, glob: '*.test.ts' }, run.context())).toBe(
      'src/util/strings.test.ts:1: import { Greeting } from "./strings";',
    );
  });

  it('filters by a glob on names, or on paths when it has a slash', async () => {
    expect(await grepTool.execute({ pattern: 'export', glob: '*.ts' }, run.context())).toContain('src/main.ts:1: export function main() {');
    expect(await grepTool.execute({ pattern: 'export', glob: 'src/*.ts' }, run.context())).toBe('src/main.ts:1: export function main() {');
  });

  it('searches one file, or node_modules when the path names it', async () => {
    expect(await grepTool.execute({ pattern: 'return', path: 'src/main.ts' }, run.context())).toBe('src/main.ts:2:   return 42;');
    expect(await grepTool.execute({ pattern: 'hello', path: 'node_modules' }, run.context())).toBe('node_modules/zod/index.ts:1: export const hello = 1;');
  });

  it('skips binary files and symlinks', async () => {
    await put('blob.bin', Buffer.concat([Buffer.from('hello'), Buffer.from([0, 1, 2])]).toString('latin1'));
    await put('../elsewhere/secret.txt', 'hello from outside');
    await symlink(path.join(run.root, 'elsewhere', 'secret.txt'), path.join(run.workdir, 'linked.txt'));
    const text = await grepTool.execute({ pattern: 'hello' }, run.context());
    expect(text).not.toContain('blob.bin');
    expect(text).not.toContain('outside');
  });

  it('says when nothing matches, and when the regex is invalid', async () => {
    expect(await grepTool.execute({ pattern: 'zzz' }, run.context())).toBe('No matches for /zzz/ in the working folder.');
    await expect(grepTool.execute({ pattern: '(unclosed' }, run.context())).rejects.toThrow(/^grep: invalid regular expression/);
  });

  it('caps the number of matches', async () => {
    await put('many.txt', Array.from({ length: 600 }, () => 'match').join('\n'));
    const text = await grepTool.execute({ pattern: 'match', path: 'many.txt' }, run.context());
    expect(text.split('\n')).toHaveLength(501);
    expect(text).toMatch(/^\[… more matches not shown: the first 500 are listed/m);
  });

  it('refuses paths outside the working folder', async () => {
    await expect(grepTool.execute({ pattern: 'x', path: '../' }, run.context())).rejects.toThrow(/^refused: /);
  });
});
