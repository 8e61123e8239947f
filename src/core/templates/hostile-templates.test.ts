import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FRONT_MATTER_MAX_BYTES, TEMPLATE_MAX_BYTES } from '../../shared/templates';
import { dispatch } from '../api/dispatch';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { MAX_SUGGESTED_LENGTH, closestMatch } from './did-you-mean';
import { MAX_YAML_ALIASES } from './front-matter';
import { lintTemplate } from './lint-template';

// Templates that once made lint stall the engine or answer `internal` for every template.
const context = { providers: ['scripted'] };
const codes = (text: string): string[] => lintTemplate(text, context).findings.map((finding) => finding.code);

/** A "billion laughs" front-matter: each level repeats the one before nine times. */
function aliasBomb(levels: number): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < levels; level += 1) {
    const previous = String.fromCharCode(96 + level);
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]`);
  }
  return `---\n${lines.join('\n')}\n---\nbody\n`;
}

const engines: TempEngine[] = [];
afterAll(async () => Promise.all(engines.map((engine) => engine.dispose())));

describe('hostile templates', () => {
  it('lists every template with a finding when a saved user template is an alias bomb, instead of answering internal', async () => {
    const engine = createTempEngine();
    engines.push(engine);
    mkdirSync(join(engine.dataDir, 'templates'), { recursive: true });
    writeFileSync(join(engine.dataDir, 'templates', 'bomb.md'), aliasBomb(9));
    const response = await dispatch(engine.api, 'templates.list', {}, engine.log);
    expect(response.ok, JSON.stringify(response)).toBe(true);
    const listed = response.ok ? (response.value as Array<{ name: string; errors: number }>) : [];
    expect(listed.find((template) => template.name === 'bomb')).toMatchObject({ errors: 1 });
    expect(listed.filter((template) => template.name !== 'bomb').every((template) => template.errors === 0)).toBe(true);
    const lint = await dispatch(engine.api, 'templates.lint', { text: aliasBomb(9) }, engine.log);
    expect(lint).toMatchObject({ ok: true, value: { findings: [{ code: 'yaml-aliases' }] } });
  });

  it('still reads a front-matter that uses a few aliases', () => {
    const few = Array.from({ length: MAX_YAML_ALIASES / 2 }, () => '*d').join(', ');
    expect(codes(`---\nname: t\ndescription: &d words\nparams:\n  p: { enum: [${few}] }\n---\n{{p}}\n`)).toEqual([]);
  });

  it('refuses a text over the size limit without parsing it (a 680 KB lint once blocked the engine for 20 s)', () => {
    const keys = Array.from({ length: 60_000 }, (_, index) => `k${index}: 1`).join('\n');
    const text = `---\n${keys}\n---\nbody\n`;
    expect(text.length).toBeGreaterThan(TEMPLATE_MAX_BYTES);
    expect(lintTemplate(text, context).findings).toEqual([expect.objectContaining({ code: 'file-too-large', line: 1 })]);
  });

  it('refuses a front-matter over its own limit, and says where long text belongs', () => {
    const keys = Array.from({ length: FRONT_MATTER_MAX_BYTES / 8 }, (_, index) => `key${index}: 1`).join('\n');
    const linted = lintTemplate(`---\n${keys}\n---\nbody\n`, context);
    expect(linted.findings).toEqual([expect.objectContaining({ code: 'front-matter-too-large', line: 2 })]);
    expect(linted.findings[0]?.message).toMatch(/move long text into the program/);
  });

  it('reports nesting deep enough to exhaust the parser as a syntax error, not a crash', () => {
    const depth = FRONT_MATTER_MAX_BYTES / 2 - 8;
    expect(codes(`---\na: ${'['.repeat(depth)}${']'.repeat(depth)}\n---\nbody\n`)).toContain('yaml-syntax');
  });

  it('suggests nothing for names too long to be typos, without comparing them', () => {
    const long = 'p'.repeat(MAX_SUGGESTED_LENGTH + 1);
    expect(closestMatch(long, [`${long}q`])).toBeNull();
    expect(closestMatch('topc', ['topic'])).toBe('topic');
  });
});
