import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { globTool } from './glob';
import { grepTool } from './grep';
import { listDirTool } from './list-dir';
import { globMatcher } from './search-scope';
import { type TempRun, createTempRun } from './test-context';

let run: TempRun;

async function put(relative: string, content = 'needle\n'): Promise<void> {
  const file = path.join(run.workdir, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

// A repository with a root .gitignore, a nested one that adds and re-includes, and .git/info/exclude.
beforeEach(async () => {
  run = await createTempRun();
  await put('.gitignore', 'dist/\n*.log\n.venv\n');
  await put('.git/info/exclude', 'local-notes.md\n');
  await put('src/main.ts');
  await put('src/debug.log');
  await put('dist/bundle.js');
  await put('.venv/lib/site.py');
  await put('local-notes.md');
  await put('pkg/.gitignore', 'generated/\n!keep.log\n');
  await put('pkg/generated/out.ts');
  await put('pkg/keep.log');
  await put('pkg/drop.log');
  await put('pkg/index.ts');
});

afterEach(async () => {
  await run.cleanup();
});

describe('search tools respect .gitignore', () => {
  it('glob skips what root and nested .gitignore files and .git/info/exclude exclude, and re-includes with !', async () => {
    expect(await globTool.execute({ pattern: '**/*' }, run.context())).toBe(
      ['.gitignore', 'pkg/.gitignore', 'pkg/index.ts', 'pkg/keep.log', 'src/main.ts'].join('\n'),
    );
  });

  it('glob finds ignored files with includeIgnored, and says when ignored files were skipped', async () => {
    expect(await globTool.execute({ pattern: '**/*.js', includeIgnored: true }, run.context())).toBe('dist/bundle.js');
    expect(await globTool.execute({ pattern: '**/*.js' }, run.context())).toMatch(
      /^No files match .*\n\[\d+ entries that .gitignore excludes were skipped; pass includeIgnored: true/,
    );
  });

  it('applies the rules of the folders above when the search starts in a subfolder', async () => {
    expect(await globTool.execute({ pattern: '*', path: 'pkg' }, run.context())).toBe(['pkg/.gitignore', 'pkg/index.ts', 'pkg/keep.log'].join('\n'));
  });

  it('grep skips ignored files unless asked', async () => {
    expect(await grepTool.execute({ pattern: 'needle', output: 'files' }, run.context())).toBe(['pkg/index.ts', 'pkg/keep.log', 'src/main.ts'].join('\n'));
    const all = await grepTool.execute({ pattern: 'needle', output: 'files', includeIgnored: true }, run.context());
    expect(all.split('\n')).toEqual([
      '.venv/lib/site.py',
      'dist/bundle.js',
      'local-notes.md',
      'pkg/drop.log',
      'pkg/generated/out.ts',
      'pkg/index.ts',
      'pkg/keep.log',
      'src/debug.log',
      'src/main.ts',
    ]);
  });

  it('list_dir leaves ignored entries out and counts them', async () => {
    expect(await listDirTool.execute({}, run.context())).toBe(
      '.git/\n.gitignore\npkg/\nsrc/\n[3 entries .gitignore excludes are not shown; pass includeIgnored: true to list them]',
    );
    expect(await listDirTool.execute({ path: 'pkg', includeIgnored: true }, run.context())).toBe('.gitignore\ndrop.log\ngenerated/\nindex.ts\nkeep.log');
  });
});

describe('grep output modes and context', () => {
  beforeEach(async () => {
    await put('src/lines.txt', ['one', 'two', 'hit a', 'three', 'four', 'five', 'six', 'hit b', 'hit c', 'seven'].join('\n'));
  });

  it('shows context lines around matches, grep -C style, with -- between groups', async () => {
    expect(await grepTool.execute({ pattern: '^hit', path: 'src/lines.txt', context: 1 }, run.context())).toBe(
      [
        'src/lines.txt-2- two',
        'src/lines.txt:3: hit a',
        'src/lines.txt-4- three',
        '--',
        'src/lines.txt-7- six',
        'src/lines.txt:8: hit b',
        'src/lines.txt:9: hit c',
        'src/lines.txt-10- seven',
      ].join('\n'),
    );
  });

  it('counts matches per file', async () => {
    expect(await grepTool.execute({ pattern: 'hit|needle', output: 'count', path: 'src' }, run.context())).toBe('src/lines.txt: 3\nsrc/main.ts: 1');
  });
});

describe('glob patterns (picomatch)', () => {
  beforeEach(async () => {
    await Promise.all(['f1.txt', 'f2.txt', 'f3.txt', 'f9.txt', 'a.test.ts', 'a.ts', '.env.ts', '7up.md'].map((name) => put(`g/${name}`)));
  });

  it('expands brace ranges, extglobs and POSIX classes, and matches dotfiles', async () => {
    const glob = (pattern: string) => globTool.execute({ pattern, path: 'g' }, run.context());
    expect(await glob('f{1..3}.txt')).toBe('g/f1.txt\ng/f2.txt\ng/f3.txt');
    expect(await glob('!(*.test).ts')).toBe('g/.env.ts\ng/a.ts');
    expect(await glob('[[:digit:]]*.md')).toBe('g/7up.md');
    expect(await glob('*.+(md|ts)')).toBe('g/.env.ts\ng/7up.md\ng/a.test.ts\ng/a.ts');
  });
});

describe('globMatcher on hostile patterns', () => {
  it('runs in linear time: stars and globstars the model repeats cannot backtrack', () => {
    expect(globMatcher(`${'*a'.repeat(30)}b`)('a'.repeat(5_000))).toBe(false);
    expect(globMatcher(`${'**/'.repeat(30)}x`)(`${'d/'.repeat(2_000)}y`)).toBe(false);
  });

  it('matches on the name alone when asked', () => {
    expect(globMatcher('*.ts', { onName: true })('deep/down/a.ts')).toBe(true);
    expect(globMatcher('*.ts')('deep/down/a.ts')).toBe(false);
  });
});
