import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Approval, Run } from '../../shared/records';
import { DEFAULT_SETTINGS } from '../../shared/settings';
import { RESOURCES_DIR, type TempEngine } from '../testing/temp-engine';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { createDryRunFixture, gitSubjects } from './dry-run-fixtures';
import { lintTemplate } from './lint-template';
import { providerNamesOf } from './template-catalog';

const TEMPLATES_DIR = join(RESOURCES_DIR, 'templates');
const SCRIPTS_DIR = join(RESOURCES_DIR, 'scripts');
const BUILTINS = readdirSync(TEMPLATES_DIR).filter((file) => file.endsWith('.md')).map((file) => basename(file, '.md')).sort();

const folders: string[] = [];
const tempEngine = tempEnginesPerFile({}, async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** `workdir`: where the agent worked (its worktree, the fixture being a repository); `repo`: the fixture, the person's folder. */
type DryRun = Readonly<{ run: Run; workdir: string; repo: string; toolErrors: string[]; engine: TempEngine }>;

async function dryRun(name: string, params: Readonly<Record<string, string>> = {}): Promise<DryRun> {
  const engine = tempEngine();
  const workdir = mkdtempSync(join(tmpdir(), `autoloop-dry-run-${name}-`));
  folders.push(workdir);
  createDryRunFixture(name, workdir);
  const approvals: Approval[] = [];
  engine.bus.subscribe((event) => {
    if (event.type === 'approval.requested') approvals.push(event.approval);
  });
  const started = await engine.api['templates.dryRun']({ name, params, workdir, loop: { intervalMs: 0 } });
  const run = (await engine.supervisor.finished(started.id)) ?? started;
  // Every dry run completes on its own: no approval is asked and no call is denied (an iteration with a denial is `denied`).
  expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', model: `scripted/${name}`, name: `${name} (dry run)` });
  expect(approvals).toEqual([]);
  const iterations = await engine.api['runs.iterations']({ id: run.id });
  expect(iterations.length).toBeGreaterThanOrEqual(2);
  expect(iterations.map((iteration) => iteration.status)).toEqual(iterations.map(() => 'ok'));
  const { events } = await engine.api['runs.events']({ id: run.id, afterSeq: 0, limit: 5_000 });
  const toolErrors = events.filter((event) => event.kind === 'tool_result' && event.data.isError === true).map((event) => `${String(event.data.tool)}: ${String(event.data.output)}`);
  return { run, workdir: run.workdir, repo: workdir, toolErrors, engine };
}

const read = (folder: string, path: string): string => readFileSync(join(folder, path), 'utf8');

describe('the built-in templates', () => {
  it('include the demo counter and the six working programs, each with its scripted demo', () => {
    expect(BUILTINS).toEqual(['code-reviewer', 'demo-counter', 'docs-improver', 'plan-runner', 'research-notes', 'task-worker', 'test-fixer']);
    for (const name of BUILTINS) expect(existsSync(join(SCRIPTS_DIR, `${name}.json`))).toBe(true);
  });

  it.each(BUILTINS)('%s lints clean: no errors and no warnings', (name) => {
    const linted = lintTemplate(read(TEMPLATES_DIR, `${name}.md`), {
      name,
      source: 'builtin',
      builtinNames: new Set(BUILTINS),
      providers: providerNamesOf(DEFAULT_SETTINGS),
      scripts: new Set(BUILTINS),
    });
    expect(linted.findings).toEqual([]);
    expect(linted.frontMatter.demo).toBe(name);
  });

  it('are listed by templates.list without findings', async () => {
    const engine = tempEngine();
    const listed = await engine.api['templates.list']({});
    expect(listed.map((template) => [template.name, template.source, template.errors, template.warnings])).toEqual(BUILTINS.map((name) => [name, 'builtin', 0, 0]));
  });
});

describe('the dry run of every working built-in, through a real engine and runner', () => {
  it('demo-counter counts to its target, one number per iteration', async () => {
    const { run, engine, toolErrors } = await dryRun('demo-counter');
    expect(run.iterations).toBe(5);
    expect((await engine.api['runs.iterations']({ id: run.id })).at(-1)?.summary).toBe('Counted to 5.');
    expect(toolErrors).toEqual([]);
  });

  it('test-fixer runs the tests, fixes the code at its root cause, and stops when green; its commit is refused by the read-only .git of the sandbox', async () => {
    const { run, workdir, repo, toolErrors, engine } = await dryRun('test-fixer');
    expect(run.stopReason).toBe('completed');
    expect(read(workdir, 'math.mjs')).toContain('return a + b;');
    // The sandbox keeps .git read-only (an agent could plant hooks or core.fsmonitor there); commits are the engine's to make.
    expect(gitSubjects(repo)).toEqual(['Initial commit']);
    expect(read(workdir, '.autoloop/test-fixer.md')).toContain('The suite is green.');
    // The only failing call is the first read of notes that do not exist yet.
    expect(toolErrors).toHaveLength(1);
    expect(toolErrors[0]).toMatch(/^read_file: .*test-fixer\.md/);
    const { events } = await engine.api['runs.events']({ id: run.id, afterSeq: 0, limit: 5_000 });
    const testOutputs = events.filter((event) => event.kind === 'tool_result' && event.data.tool === 'bash').map((event) => String(event.data.output));
    expect(testOutputs[0]).toContain('FAIL add returns the sum');
    expect(testOutputs[0]).toContain('[exit code 1]');
    expect(testOutputs.at(-1)).toContain('PASS add returns the sum');
    expect(testOutputs.some((output) => /index\.lock.*Read-only file system/.test(output))).toBe(true);
    expect((await engine.api['runs.iterations']({ id: run.id })).map((iteration) => iteration.summary)).toEqual([
      'Fixed `add returns the sum`: add() subtracted instead of adding.',
      'The whole suite passes; nothing is left to fix.',
    ]);
  });

  it('task-worker does one task per iteration and ticks its box', async () => {
    const { workdir, toolErrors } = await dryRun('task-worker');
    expect(read(workdir, 'hello.txt')).toBe('Hello, world!\n');
    expect(read(workdir, 'README.md')).toContain('hello.txt');
    expect(read(workdir, 'tasks.md')).not.toContain('- [ ]');
    expect(read(workdir, '.autoloop/task-worker.md')).toContain('## Write a `README.md`');
    expect(toolErrors).toHaveLength(1);
  });

  it('plan-runner does one plan item per iteration, each in a fresh context, and completes when the plan has no open items', async () => {
    const { run, workdir, toolErrors, engine } = await dryRun('plan-runner');
    expect(run).toMatchObject({ context: 'fresh', iterations: 3 });
    expect(run.verify).toEqual([]);
    expect(read(workdir, 'PLAN.md')).not.toContain('- [ ]');
    expect(read(workdir, 'greeting.mjs')).toContain('export function greet(name)');
    expect(read(workdir, 'cli.mjs')).toContain("from './greeting.mjs'");
    expect(toolErrors).toEqual([]);
    expect((await engine.api['runs.iterations']({ id: run.id })).map((iteration) => iteration.summary)).toEqual([
      'Wrote greeting.mjs with greet(name) and ticked its item.',
      'Wrote cli.mjs, which prints greet() of its first argument, and ticked its item.',
      'The plan has no open items.',
    ]);
    // A fresh context keeps no conversation to resume from.
    expect(engine.db.prepare('SELECT count(*) FROM messages WHERE run_id = ?').pluck().get(run.id)).toBe(0);
  });

  it('plan-runner takes its verification gate from the verify param, and completes once it passes', async () => {
    const { run, engine } = await dryRun('plan-runner', { verify: 'node check.mjs' });
    expect(run.verify).toEqual([{ run: 'node check.mjs', name: 'node check.mjs', timeoutMs: 600_000 }]);
    const { events } = await engine.api['runs.events']({ id: run.id, afterSeq: 0, limit: 5_000 });
    const verified = events.filter((event) => event.kind === 'verify');
    expect(verified).toHaveLength(1);
    expect(verified[0]?.data).toMatchObject({ command: 'node check.mjs', exitCode: 0 });
    expect(String(verified[0]?.data.output)).toContain('PASS the plan is done and cli.mjs greets');
  });

  it('research-notes writes notes per document, an index, and a synthesis', async () => {
    const { workdir, toolErrors } = await dryRun('research-notes');
    expect(read(workdir, 'notes/INDEX.md')).toBe('# Index\n\n- [x] sources/solar.md → notes/solar.md\n- [x] sources/wind.txt → notes/wind.md\n');
    expect(read(workdir, 'notes/solar.md')).toContain('## Key points');
    expect(read(workdir, 'notes/wind.md')).toContain('## Key points');
    expect(read(workdir, 'notes/SYNTHESIS.md')).toContain('notes/solar.md');
    expect(toolErrors).toHaveLength(1);
  });

  it('docs-improver plans, then improves each file after checking it against the code', async () => {
    const { workdir, toolErrors } = await dryRun('docs-improver');
    expect(read(workdir, 'docs/intro.md')).toContain('node greet.mjs --name Ada');
    expect(read(workdir, 'docs/usage.md')).not.toContain('--loud');
    expect(read(workdir, '.autoloop/docs-improver.md')).not.toContain('- [ ]');
    expect(toolErrors).toHaveLength(1);
  });

  it('code-reviewer reads the branch with git and writes only its report', async () => {
    const { workdir, repo, toolErrors } = await dryRun('code-reviewer');
    const review = read(workdir, 'REVIEW.md');
    expect(review).toContain('- [x] calc.mjs');
    expect(review).toContain('**major** line 6');
    expect(review).toContain('Verdict: request changes.');
    expect(gitSubjects(repo)).toEqual(['Add average()', 'Initial commit']);
    expect(toolErrors).toEqual([]);
  });
});
