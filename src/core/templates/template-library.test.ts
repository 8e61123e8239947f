import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TEMPLATE_MAX_BYTES } from '../../shared/templates';
import { ApiFailure } from '../api-failure';
import { planTemplateRun } from './plan-template-run';
import { declaredName, missingNameReason, renameTemplateText } from './rename-template-text';
import { createTemplateCatalog, providerNamesOf } from './template-catalog';
import { createTemplateLibrary, isTemplatePath } from './template-library';

const root = mkdtempSync(join(tmpdir(), 'autoloop-library-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;

function setup(builtins: Record<string, string>, users: Record<string, string> = {}) {
  counter += 1;
  const builtinFolder = join(root, `builtin-${counter}`);
  const userFolder = join(root, `user-${counter}`);
  mkdirSync(builtinFolder, { recursive: true });
  for (const [file, text] of Object.entries(builtins)) writeFileSync(join(builtinFolder, file), text);
  if (Object.keys(users).length > 0) mkdirSync(userFolder, { recursive: true });
  for (const [file, text] of Object.entries(users)) writeFileSync(join(userFolder, file), text);
  const library = createTemplateLibrary(builtinFolder, userFolder);
  const catalog = createTemplateCatalog({ library, scriptsFolder: join(root, 'no-scripts'), settings: () => ({ providers: {} }) });
  return { library, catalog, builtinFolder, userFolder };
}

const COUNTER = '---\nname: counter\nparams:\n  target: { type: number, default: 3 }\n---\nCount to {{target}}.\n';

describe('the template library', () => {
  it('lists built-ins first, then user templates, named by their file names', async () => {
    const { library } = setup({ 'counter.md': COUNTER, 'notes.txt': 'not a template' }, { 'mine.md': 'Do my thing.\n' });
    expect((await library.list()).map((template) => [template.name, template.source])).toEqual([
      ['counter', 'builtin'],
      ['mine', 'user'],
    ]);
  });

  it('resolves a clashing name to the built-in, and lint flags the user file', async () => {
    const { library, catalog } = setup({ 'counter.md': COUNTER }, { 'counter.md': 'My own counter.\n' });
    expect(await library.get('counter')).toMatchObject({ source: 'builtin', text: COUNTER });
    const user = await library.getUser('counter');
    expect(user).not.toBeNull();
    const { findings } = await catalog.describe(user as NonNullable<typeof user>);
    expect(findings.map((finding) => finding.code)).toEqual(['name-clash']);
  });

  it('writes user templates atomically and deletes only user files', async () => {
    const { library, userFolder } = setup({ 'counter.md': COUNTER });
    const saved = await library.writeUser('mine', 'Do it.\n');
    expect(saved).toMatchObject({ name: 'mine', source: 'user', file: join(userFolder, 'mine.md'), bytes: 7 });
    expect(readFileSync(join(userFolder, 'mine.md'), 'utf8')).toBe('Do it.\n');
    expect(await library.deleteUser('mine')).toBe(true);
    expect(await library.deleteUser('counter')).toBe(false);
    expect(await library.get('counter')).not.toBeNull();
  });

  it('reads only the first part of an oversized file, and lint reports its real size', async () => {
    const { library, catalog } = setup({}, { 'huge.md': `Big.\n${'x'.repeat(2 * TEMPLATE_MAX_BYTES)}` });
    const huge = await library.getUser('huge');
    expect(huge?.text.length).toBe(TEMPLATE_MAX_BYTES + 1);
    const { findings } = await catalog.describe(huge as NonNullable<typeof huge>);
    expect(findings.map((finding) => finding.message)).toEqual(['the template is 513 KiB; the most is 256 KiB']);
  });

  it('tells a path from a name: a slash or a .md ending', () => {
    expect(['demo-counter', 'my-notes'].map(isTemplatePath)).toEqual([false, false]);
    expect(['./demo-counter.md', 'demo-counter.md', 'templates/x', '/abs/x.md'].map(isTemplatePath)).toEqual([true, true, true, true]);
  });
});

describe('planTemplateRun', () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it('never picks up a same-named file from the current directory for a bare name', async () => {
    const { catalog } = setup({ 'demo-counter.md': '---\nname: demo-counter\n---\nThe built-in program.\n' });
    const here = mkdtempSync(join(root, 'cwd-'));
    writeFileSync(join(here, 'demo-counter.md'), '---\nname: demo-counter\n---\nA local impostor.\n');
    process.chdir(here);
    const plan = await planTemplateRun(catalog, 'demo-counter', {});
    expect(plan.template.source).toBe('builtin');
    expect(plan.text).toBe('The built-in program.\n');
    const local = await planTemplateRun(catalog, './demo-counter.md', {});
    expect(local.template).toMatchObject({ source: 'path', name: join(here, 'demo-counter.md') });
    expect(local.text).toBe('A local impostor.\n');
  });

  it('says how to run a local file when the name is not a template', async () => {
    const { catalog } = setup({});
    const here = mkdtempSync(join(root, 'cwd-'));
    writeFileSync(join(here, 'mine.md'), 'Mine.\n');
    const refusal = await planTemplateRun(catalog, 'mine', {}, here).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ApiFailure);
    expect(refusal).toMatchObject({ code: 'not_found', message: expect.stringContaining('to run the file ./mine.md, give it as a path') });
  });

  it('refuses a template with lint errors, listing the findings', async () => {
    const { catalog } = setup({ 'broken.md': '---\nname: broken\n---\nUse {{nothing}}.\n' });
    const refusal = await planTemplateRun(catalog, 'broken', {}).catch((error: unknown) => error);
    expect(refusal).toMatchObject({
      code: 'invalid_input',
      message: 'The template "broken" has an error; fix it first:\n4:5 error {{nothing}} has no param of that name; declare it under params: [unknown-placeholder]',
      details: { findings: [{ severity: 'error', line: 4, column: 5, code: 'unknown-placeholder' }] },
    });
  });

  it('fills placeholders in the program and in permission rule patterns, and takes interval and loop options', async () => {
    const text = [
      '---',
      'params:',
      '  cmd: { default: "npm test" }',
      'interval: 2s',
      'loop: { stagnationLimit: 5 }',
      'permissions: { profile: workspace-write, rules: [{ tool: bash, pattern: "{{cmd}}*", action: allow }] }',
      '---',
      'Run {{cmd}}.',
    ].join('\n');
    const { catalog } = setup({ 'runner.md': text });
    const plan = await planTemplateRun(catalog, 'runner', { cmd: 'make check' });
    expect(plan).toMatchObject({ text: 'Run make check.', loop: { stagnationLimit: 5, intervalMs: 2_000 }, values: { cmd: 'make check' } });
    expect(plan.permissions.rules).toEqual([{ tool: 'bash', pattern: 'make check*', action: 'allow' }]);
    await expect(planTemplateRun(catalog, 'runner', { cmd: '*' })).rejects.toMatchObject({ code: 'invalid_input', details: { params: { cmd: 'may not contain * or ?' } } });
  });
});

describe('template text helpers', () => {
  it('renames the front-matter name in place and keeps everything else', () => {
    expect(renameTemplateText('---\nname: "old" # the name\nx: 1\n---\nbody {{old}}\n', 'new')).toBe('---\nname: new # the name\nx: 1\n---\nbody {{old}}\n');
    expect(renameTemplateText('no front-matter', 'new')).toBe('no front-matter');
    expect(declaredName('---\nname: here\n---\nx')).toBe('here');
    expect(declaredName('---\nname: [\n---\nx')).toBeNull();
  });

  it('never parses a front-matter over lint’s 8 KiB bound (one of 40,000 keys blocked the engine for 20 s), and says why', () => {
    const keys = Array.from({ length: 1_000 }, (_, index) => `k${index}: ${index}\n`).join('');
    const text = `---\nname: wide\n${keys}---\nbody\n`;
    expect(declaredName(text)).toBeNull();
    expect(renameTemplateText(text, 'other')).toBe(text);
    expect(missingNameReason(text)).toContain('its front-matter is over 8 KiB (move long text into the program below it)');
    expect(declaredName(`---\nname: narrow\n${keys.slice(0, 4_000)}---\nbody\n`)).toBe('narrow');
  });

  it('reads the configured provider names from settings', () => {
    expect(providerNamesOf({ providers: { anthropic: {}, local: {} } })).toEqual(['scripted', 'anthropic', 'local']);
    expect(providerNamesOf({})).toEqual(['scripted']);
  });
});
