import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiMethod, ApiParams, ApiResponse, ApiResult } from '../../shared/api';
import { RESOURCES_DIR, type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { dispatch } from './dispatch';

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));
const engine = tempEnginesPerFile();

/** Calls the API the way both shells do: params parsed, errors turned into `{code, message, details}`. */
async function call<M extends ApiMethod>(target: TempEngine, method: M, params: ApiParams<M>): Promise<ApiResponse<ApiResult<M>>> {
  return (await dispatch(target.api, method, params, target.log)) as ApiResponse<ApiResult<M>>;
}

async function value<M extends ApiMethod>(target: TempEngine, method: M, params: ApiParams<M>): Promise<ApiResult<M>> {
  const response = await call(target, method, params);
  if (!response.ok) throw new Error(`${method} failed: ${response.error.code} ${response.error.message}`);
  return response.value;
}

const NOTES = '---\nname: notes\ndescription: Takes notes.\nparams:\n  topic: { default: "rain" }\n---\nWrite notes about {{topic}}.\n';
const BUILTIN_COUNTER = readFileSync(join(RESOURCES_DIR, 'templates', 'demo-counter.md'), 'utf8');

describe('templates.get, save, delete, duplicate, lint', () => {
  it('gets a built-in with its text, summary and (no) findings; an unknown name is not_found', async () => {
    const target = engine();
    const detail = await value(target, 'templates.get', { name: 'demo-counter' });
    expect(detail).toMatchObject({
      text: BUILTIN_COUNTER,
      findings: [],
      summary: { name: 'demo-counter', source: 'builtin', demoModel: 'scripted/demo-counter', errors: 0 },
    });
    expect(await call(target, 'templates.get', { name: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('saves a user template even with lint errors, returning the findings; a built-in name is a conflict', async () => {
    const target = engine();
    const saved = await value(target, 'templates.save', { name: 'notes', text: NOTES.replace('{{topic}}', '{{topic}} and {{place}}') });
    expect(saved.summary).toMatchObject({ name: 'notes', source: 'user', errors: 1 });
    expect(saved.findings).toEqual([expect.objectContaining({ code: 'unknown-placeholder', line: 7, column: 33 })]);
    expect(readFileSync(join(target.dataDir, 'templates', 'notes.md'), 'utf8')).toContain('{{place}}');
    const refused = await call(target, 'templates.save', { name: 'demo-counter', text: 'Mine.\n' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('duplicate it to change it') } });
    expect(await call(target, 'templates.save', { name: 'Bad Name', text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('deletes user templates only', async () => {
    const target = engine();
    await value(target, 'templates.save', { name: 'notes', text: NOTES });
    expect(await value(target, 'templates.delete', { name: 'notes' })).toEqual({ name: 'notes' });
    expect(await call(target, 'templates.get', { name: 'notes' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(target, 'templates.delete', { name: 'demo-counter' })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Built-in templates cannot be deleted; duplicate it to change it', details: { field: 'name' } },
    });
  });

  it('duplicates a built-in into the user templates under a new name that its front-matter takes too', async () => {
    const target = engine();
    const copy = await value(target, 'templates.duplicate', { name: 'demo-counter', newName: 'my-counter' });
    expect(copy).toMatchObject({ summary: { name: 'my-counter', source: 'user', errors: 0, warnings: 0 }, findings: [] });
    expect(readFileSync(join(target.dataDir, 'templates', 'my-counter.md'), 'utf8')).toBe(BUILTIN_COUNTER.replace('name: demo-counter', 'name: my-counter'));
    expect(await call(target, 'templates.duplicate', { name: 'demo-counter', newName: 'my-counter' })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect((await value(target, 'templates.list', {})).map((template) => template.name)).toContain('my-counter');
  });

  it('lints a text without saving it; with a name, as the user template it would become', async () => {
    const target = engine();
    expect(await value(target, 'templates.lint', { text: '---\nnmae: x\n---\nbody\n' })).toEqual({
      findings: [{ severity: 'error', line: 2, column: 1, code: 'unknown-key', message: 'unknown key "nmae" (did you mean "name"?)' }],
    });
    const clash = await value(target, 'templates.lint', { text: 'My counter.\n', name: 'demo-counter' });
    expect(clash.findings.map((finding) => finding.code)).toEqual(['name-clash']);
  });
});

describe('templates.revisions and templates.diff', () => {
  it('keeps every saved text as a revision, newest first, and diffs two of them by sha256 prefix', async () => {
    const target = engine();
    const first = await value(target, 'templates.save', { name: 'notes', text: NOTES });
    const second = await value(target, 'templates.save', { name: 'notes', text: NOTES.replace('about {{topic}}', 'about {{topic}}, briefly') });
    const revisions = await value(target, 'templates.revisions', { name: 'notes' });
    expect(revisions.map((revision) => [revision.revision, revision.current, revision.runs])).toEqual([
      [second.revision, true, 0],
      [first.revision, false, 0],
    ]);
    const diff = await value(target, 'templates.diff', { name: 'notes', from: first.revision.slice(0, 8), to: second.revision });
    expect(diff).toMatchObject({ from: first.revision, to: second.revision, added: 1, removed: 1 });
    expect(diff.diff).toBe(
      `--- notes@${first.revision.slice(0, 12)}\n+++ notes@${second.revision.slice(0, 12)}\n@@ -4,4 +4,4 @@\n params:\n   topic: { default: "rain" }\n ---\n-Write notes about {{topic}}.\n+Write notes about {{topic}}, briefly.\n`,
    );
    const old = await value(target, 'templates.get', { name: 'notes', revision: first.revision.slice(0, 10) });
    expect(old).toMatchObject({ text: NOTES, revision: first.revision });
    expect(await call(target, 'templates.diff', { name: 'notes', from: '0000000', to: second.revision })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('templates.import and templates.export', () => {
  it('imports a text under its own name or a given one, refuses a taken name, and exports it back', async () => {
    const target = engine();
    expect((await value(target, 'templates.import', { text: NOTES })).summary.name).toBe('notes');
    expect(await call(target, 'templates.import', { text: NOTES })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(target, 'templates.import', { text: BUILTIN_COUNTER })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const renamed = await value(target, 'templates.import', { text: NOTES, name: 'rain-notes' });
    expect(renamed).toMatchObject({ summary: { name: 'rain-notes' }, findings: [] });
    expect(await call(target, 'templates.import', { text: 'No name here.\n' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await value(target, 'templates.export', { name: 'rain-notes' })).toEqual({
      fileName: 'rain-notes.md',
      text: NOTES.replace('name: notes', 'name: rain-notes'),
    });
  });
});

describe('runs.start and the template library', () => {
  it('refuses a template with lint errors with invalid_input and the findings', async () => {
    const target = engine();
    await value(target, 'templates.save', { name: 'broken', text: '---\nname: broken\nlimits: { maxIterations: many }\n---\nGo.\n' });
    const refused = await call(target, 'runs.start', { template: 'broken', model: 'scripted/demo-counter' });
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringContaining('3:26 error limits.maxIterations'),
        details: { findings: [expect.objectContaining({ code: 'invalid-value', line: 3, column: 26 })] },
      },
    });
  });

  it('runs the built-in for a bare name even when the current directory holds a same-named file, and records both revisions', async () => {
    const target = engine();
    const here = mkdtempSync(join(tmpdir(), 'autoloop-cwd-'));
    writeFileSync(join(here, 'demo-counter.md'), '---\nname: demo-counter\ndemo: demo-counter\n---\nAn impostor.\n');
    process.chdir(here);
    const run = await value(target, 'runs.start', { template: 'demo-counter', params: { target: 2 }, loop: { intervalMs: 0 } });
    expect(run.template).toBe('demo-counter');
    expect(await target.supervisor.finished(run.id)).toMatchObject({ stopReason: 'completed' });
    const revisions = await value(target, 'templates.revisions', { name: 'demo-counter' });
    const source = revisions.find((revision) => revision.current);
    expect(source).toMatchObject({ runs: 0 });
    expect(revisions.find((revision) => revision.revision === run.templateRevision)).toMatchObject({ runs: 1, current: false });
    const pinned = await value(target, 'templates.get', { name: 'demo-counter', revision: run.templateRevision });
    expect(pinned.text).toContain('You count from 1 up to 2');
    expect(pinned.text).not.toContain('impostor');
    rmSync(here, { recursive: true, force: true });
  });

  it('accepts a template given explicitly as a path, relative to the current directory', async () => {
    const target = engine();
    const here = mkdtempSync(join(tmpdir(), 'autoloop-cwd-'));
    writeFileSync(join(here, 'local.md'), '---\nname: local-counter\n---\nSay hello, then complete.\n');
    process.chdir(here);
    const run = await value(target, 'runs.start', { template: './local.md', model: 'scripted/demo-counter', loop: { intervalMs: 0 } });
    expect(run).toMatchObject({ name: 'local-counter', template: join(here, 'local.md') });
    await target.supervisor.finished(run.id);
    expect(await call(target, 'runs.start', { template: './missing.md' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    rmSync(here, { recursive: true, force: true });
  });

  it('dry-runs a template with its scripted demo, and refuses one without a demo', async () => {
    const target = engine();
    const run = await value(target, 'templates.dryRun', { name: 'demo-counter', params: { target: 1 }, loop: { intervalMs: 0 } });
    expect(run).toMatchObject({ name: 'demo-counter (dry run)', model: 'scripted/demo-counter' });
    expect(await target.supervisor.finished(run.id)).toMatchObject({ stopReason: 'completed' });
    await value(target, 'templates.save', { name: 'notes', text: NOTES });
    expect(await call(target, 'templates.dryRun', { name: 'notes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('has no scripted demo') },
    });
  });
});
