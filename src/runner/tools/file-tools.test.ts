import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { editFileTool } from './edit-file';
import { listDirTool } from './list-dir';
import { READ_MAX_LINES, readFileTool } from './read-file';
import { type TempRun, createTempRun } from './test-context';
import { writeFileTool } from './write-file';

let run: TempRun;

beforeEach(async () => {
  run = await createTempRun();
});

afterEach(async () => {
  await run.cleanup();
});

function inWork(relative: string): string {
  return path.join(run.workdir, relative);
}

describe('read_file', () => {
  it('returns the text with line numbers', async () => {
    await writeFile(inWork('a.txt'), 'first\nsecond\n');
    expect(await readFileTool.execute({ path: 'a.txt' }, run.context())).toBe('     1\tfirst\n     2\tsecond');
  });

  it('reads a window with offset and limit and says how to read on', async () => {
    await writeFile(inWork('a.txt'), ['1', '2', '3', '4', '5'].join('\n'));
    const text = await readFileTool.execute({ path: 'a.txt', offset: 2, limit: 2 }, run.context());
    expect(text).toMatch(/^ {5}2\t2\n {5}3\t3\n\[… truncated at line 3 \(2-line limit\); the file is 9 B\. Read on with offset=4 …\]$/);
  });

  it(`stops at ${READ_MAX_LINES} lines with a marker`, async () => {
    await writeFile(inWork('long.txt'), Array.from({ length: READ_MAX_LINES + 500 }, (_, index) => `line ${index + 1}`).join('\n'));
    const text = await readFileTool.execute({ path: 'long.txt' }, run.context());
    expect(text.split('\n')).toHaveLength(READ_MAX_LINES + 1);
    expect(text).toContain(`Read on with offset=${READ_MAX_LINES + 1}`);
  });

  it('stops at the byte limit and cuts very long lines', async () => {
    await writeFile(inWork('wide.txt'), Array.from({ length: 300 }, () => 'x'.repeat(5_000)).join('\n'));
    const text = await readFileTool.execute({ path: 'wide.txt' }, run.context());
    expect(text).toContain('[… line cut at 2000 characters]');
    expect(text).toMatch(/\[… truncated at line \d+ \(256\.0 KiB limit\)/);
    expect(Buffer.byteLength(text)).toBeLessThan(256 * 1024 + 500);
  });

  it('refuses binary files', async () => {
    await writeFile(inWork('image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    await expect(readFileTool.execute({ path: 'image.png' }, run.context())).rejects.toThrow(/image\.png looks like a binary file/);
  });

  it('says when the file is empty, missing, a folder, or shorter than the offset', async () => {
    await writeFile(inWork('empty.txt'), '');
    await writeFile(inWork('short.txt'), 'one\n');
    await expect(readFileTool.execute({ path: 'empty.txt' }, run.context())).resolves.toBe('(empty.txt is empty)');
    await expect(readFileTool.execute({ path: 'nope.txt' }, run.context())).rejects.toThrow('read_file: nope.txt: no such file or folder');
    await expect(readFileTool.execute({ path: '.' }, run.context())).rejects.toThrow(/is a folder; use list_dir/);
    await expect(readFileTool.execute({ path: 'short.txt', offset: 5 }, run.context())).rejects.toThrow('short.txt has 1 line; offset 5 is past the end');
  });

  it('refuses paths outside the working folder', async () => {
    await writeFile(path.join(run.root, 'outside.txt'), 'x');
    await expect(readFileTool.execute({ path: '../outside.txt' }, run.context())).rejects.toThrow(/^refused: .*outside the run's working folder/);
  });

  it('refuses credential stores in the home folder even as an extra root', async () => {
    const previousHome = process.env.HOME;
    process.env.HOME = run.home;
    try {
      await mkdir(path.join(run.home, '.aws'));
      await writeFile(path.join(run.home, '.aws', 'credentials'), '[default]');
      const context = run.context({ extraRoots: [run.home] });
      await expect(readFileTool.execute({ path: '~/.aws/credentials' }, context)).rejects.toThrow(/credential store/);
    } finally {
      process.env.HOME = previousHome;
    }
  });
});

describe('write_file', () => {
  it('creates parent folders and reports the bytes written', async () => {
    const result = await writeFileTool.execute({ path: 'deep/er/note.md', content: 'héllo' }, run.context());
    expect(result).toBe('Wrote 6 bytes to deep/er/note.md.');
    expect(await readFile(inWork('deep/er/note.md'), 'utf8')).toBe('héllo');
  });

  it('writes into the output folder', async () => {
    await writeFileTool.execute({ path: path.join(run.outputDir, 'report.md'), content: 'ok' }, run.context());
    expect(await readFile(path.join(run.outputDir, 'report.md'), 'utf8')).toBe('ok');
  });

  it('refuses to write through a symlink that points outside', async () => {
    await symlink(run.root, inWork('up'));
    await expect(writeFileTool.execute({ path: 'up/planted.txt', content: 'x' }, run.context())).rejects.toThrow(/outside the run's working folder/);
  });

  it('summarizes the call in one line', () => {
    expect(writeFileTool.summarize({ path: 'a.txt', content: 'abc' })).toBe('write_file a.txt (3 B)');
  });
});

describe('edit_file', () => {
  beforeEach(async () => {
    await writeFile(inWork('code.ts'), 'const a = 1;\nconst b = 1;\nconst c = 2;\n');
  });

  it('replaces a unique piece of text', async () => {
    expect(await editFileTool.execute({ path: 'code.ts', old: 'const c = 2;', new: 'const c = 3;' }, run.context())).toBe('Replaced 1 occurrence in code.ts.');
    expect(await readFile(inWork('code.ts'), 'utf8')).toBe('const a = 1;\nconst b = 1;\nconst c = 3;\n');
  });

  it('refuses an ambiguous replacement and replaces every occurrence with replaceAll', async () => {
    await expect(editFileTool.execute({ path: 'code.ts', old: '= 1;', new: '= 5;' }, run.context())).rejects.toThrow(/occurs 2 times in code\.ts.*replaceAll/);
    expect(await editFileTool.execute({ path: 'code.ts', old: '= 1;', new: '= 5;', replaceAll: true }, run.context())).toBe(
      'Replaced 2 occurrences in code.ts.',
    );
    expect(await readFile(inWork('code.ts'), 'utf8')).toBe('const a = 5;\nconst b = 5;\nconst c = 2;\n');
  });

  it('says when the text is not found, and hints at whitespace differences', async () => {
    await expect(editFileTool.execute({ path: 'code.ts', old: 'const d', new: 'x' }, run.context())).rejects.toThrow(
      /was not found in code\.ts\. Read the file again/,
    );
    await expect(editFileTool.execute({ path: 'code.ts', old: 'const  a =\n1;', new: 'x' }, run.context())).rejects.toThrow(/different whitespace/);
  });

  it('keeps `$` patterns in the new text literal', async () => {
    await editFileTool.execute({ path: 'code.ts', old: 'const c = 2;', new: "const c = '$&$1';" }, run.context());
    expect(await readFile(inWork('code.ts'), 'utf8')).toContain("const c = '$&$1';");
  });

  it('fails on a missing file and when old equals new', async () => {
    await expect(editFileTool.execute({ path: 'missing.ts', old: 'a', new: 'b' }, run.context())).rejects.toThrow(
      'edit_file: missing.ts: no such file or folder',
    );
    await expect(editFileTool.execute({ path: 'code.ts', old: 'a', new: 'a' }, run.context())).rejects.toThrow(/the same/);
  });
});

describe('list_dir', () => {
  it('lists entries sorted, folders with a trailing slash', async () => {
    await mkdir(inWork('src'));
    await mkdir(inWork('.github'));
    await writeFile(inWork('README.md'), '');
    await writeFile(inWork('b.txt'), '');
    await symlink('src', inWork('lib'));
    expect(await listDirTool.execute({}, run.context())).toBe(['.github/', 'README.md', 'b.txt', 'lib/', 'src/'].join('\n'));
  });

  it('says when a folder is empty or missing', async () => {
    await mkdir(inWork('empty'));
    await expect(listDirTool.execute({ path: 'empty' }, run.context())).resolves.toBe('(empty is empty)');
    await expect(listDirTool.execute({ path: 'nope' }, run.context())).rejects.toThrow('list_dir: nope: no such file or folder');
  });

  it('caps long listings', async () => {
    await Promise.all(Array.from({ length: 1_010 }, (_, index) => writeFile(inWork(`f${String(index).padStart(4, '0')}`), '')));
    const text = await listDirTool.execute({}, run.context());
    expect(text.split('\n')).toHaveLength(1_001);
    expect(text).toMatch(/\[… 10 more entries not shown …\]$/);
  });

  it('refuses folders outside the working folder', async () => {
    await expect(listDirTool.execute({ path: '/' }, run.context())).rejects.toThrow(/^refused: \/ is outside/);
  });
});
