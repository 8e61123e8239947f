import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunBundle } from '../../shared/bundle';
import { Iteration, Run, RunEvent } from '../../shared/records';
import { REPO_ROOT, reportingIteration } from '../../core/testing/temp-engine';
import { autoloopSync, jsonLines, writeScript } from '../testing/cli-process';

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const autoloop = (...args: string[]) => autoloopSync(dataDir, ...args);

describe('a damaged database', () => {
  it('is refused with the file named and what to do, and left as it was', () => {
    const damagedDir = mkdtempSync(join(tmpdir(), 'autoloop-damaged-'));
    writeFileSync(join(damagedDir, 'autoloop.db'), 'this is not a database');
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), 'run', 'demo-counter', '--data-dir', damagedDir], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`The database ${join(damagedDir, 'autoloop.db')} is damaged: it is not a SQLite database`);
    expect(result.stderr).toContain('--move-damaged-db');
    expect(readFileSync(join(damagedDir, 'autoloop.db'), 'utf8')).toBe('this is not a database');
    rmSync(damagedDir, { recursive: true, force: true });
  });
});

describe('autoloop run (foreground, embedded engine)', () => {
  it('runs the demo template to completion, prints JSON lines with the API’s fields, and exits 0', () => {
    const result = autoloop('run', 'demo-counter', '--interval', '0s', '--json');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const lines = jsonLines(result.stdout) as Array<{ type: string; run?: unknown; iteration?: unknown }>;
    expect(lines[0]?.type).toBe('run');
    for (const line of lines.filter((each) => each.type === 'run')) Run.parse(line.run);
    const iterations = lines.filter((line) => line.type === 'iteration').map((line) => Iteration.parse(line.iteration));
    expect(iterations.map((iteration) => iteration.n)).toEqual([1, 2, 3, 4, 5]);
    const last = lines.at(-1);
    expect(last?.type).toBe('result');
    expect(Run.parse(last?.run)).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 5 });
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
  });

  it('prints a line per iteration and a summary in words for people', () => {
    const result = autoloop('run', 'demo-counter', '--interval', '0s', '--name', 'counted');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/#5 ok\s+Counted to 5\./);
    expect(result.stdout).toContain('Completed: the agent called complete — counted to 5');
    expect(result.stdout).toMatch(/5 iterations · [\d,]+ tokens · \$0\.00 · /);
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('exits 3 with the reason in words when a rule stops the run', () => {
    const result = autoloop('run', 'demo-counter', '--interval', '0s', '--max-iterations', '2');
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('Stopped: reached the iteration limit');
  });

  it('exits 3 and says so when the agent stagnates', () => {
    const model = writeScript(dataDir, 'stagnant', { responses: reportingIteration('Nothing changed.'), whenExhausted: 'loop' });
    const result = autoloop('run', 'demo-counter', '--model', model, '--interval', '0s');
    expect(result.status).toBe(3);
    expect(result.stdout).toContain('Stopped: the same summary several times in a row');
    expect(result.stdout).toMatch(/3 iterations · /);
  });

  it('exits 2 with one line saying what to do for bad input, before anything starts', () => {
    const unknownTemplate = autoloop('run', 'no-such-template');
    expect(unknownTemplate.status).toBe(2);
    expect(unknownTemplate.stderr).toContain('There is no template called "no-such-template"');
    const badParam = autoloop('run', 'demo-counter', '--param', 'target=many');
    expect(badParam.status).toBe(2);
    expect(badParam.stderr).toContain('target must be a number, not "many"');
    for (const [flag, value, message] of [
      ['--max-cost', 'five', '--max-cost must be an amount in US dollars'],
      ['--max-duration', 'forever', '--max-duration must be a duration such as 90s, 15m or 2h'],
      ['--profile', 'root', '--profile must be one of read-only, ask, workspace-write, trusted'],
    ] as const) {
      const bad = autoloop('run', 'demo-counter', flag, value);
      expect(bad.status, flag).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
      expect(bad.stderr).toContain(message);
    }
  });

  it('exits 2 before anything starts for a scripted model whose script is not JSON or not a script', () => {
    const notJson = join(dataDir, 'not-json.json');
    writeFileSync(notJson, '{bad json');
    const empty = join(dataDir, 'no-responses.json');
    writeFileSync(empty, '{"responses": []}');
    for (const [file, message] of [
      [notJson, `The scripted model's script ${notJson} is not JSON (`],
      [empty, `The scripted model's script ${empty} is not a script (responses: a script needs at least one response)`],
    ] as const) {
      const bad = autoloop('run', 'demo-counter', '--model', `scripted/${file}`, '--name', 'bad-script');
      expect(bad.status, bad.stdout).toBe(2);
      expect(bad.stderr).toContain(message);
    }
    expect(autoloop('show', 'bad-script').status).toBe(2);
  });
});

describe('text from the model or a run name on the terminal', () => {
  it('is shown with its control characters escaped by run, ls, show and logs, never obeyed', () => {
    const hostile = '\u001b]0;pwned\u0007\u001b[2J\u001b[31mRED\r\u0008';
    const model = writeScript(dataDir, 'hostile-words', {
      responses: [
        { text: `hi${hostile}`, toolCalls: [{ tool: 'report', input: { summary: `sum${hostile}` } }] },
        { text: `bye${hostile}`, toolCalls: [{ tool: 'complete', input: { reason: `done${hostile}` } }] },
      ],
    });
    const name = `hostile\u001b[31mname`;
    const run = autoloop('run', 'demo-counter', '--model', model, '--interval', '0s', '--name', name);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('done\\u{1b}]0;pwned\\u{7}');
    const shown = [run.stdout, autoloop('ls').stdout, autoloop('show', name).stdout, autoloop('logs', name).stdout];
    expect(shown[2]).toContain('Completed: the agent called complete — done\\u{1b}]0;pwned');
    const bundle = join(dataDir, 'hostile.json');
    const exported = autoloop('export', name, '-o', bundle).stdout;
    const imported = autoloop('import', bundle).stdout;
    expect(imported).toContain('Imported hostile\\u{1b}[31mname as');
    for (const output of [...shown, exported, imported]) {
      const controls = [...output].filter((char) => (char < ' ' && char !== '\n') || char === '\u007f');
      expect(controls).toEqual([]);
    }
  });
});

describe('autoloop show', () => {
  it('carries the run’s sandbox settings in --json and in words: the sandbox, the profile and the host allowlist', () => {
    const started = autoloop(
      'run',
      'demo-counter',
      '--interval',
      '0s',
      '--max-iterations',
      '1',
      '--name',
      'fenced',
      '--profile',
      'read-only',
      '--allow-net',
      'api.github.com',
      '--allow-net',
      'registry.npmjs.org',
      '--context',
      'fresh',
    );
    expect(started.status, started.stderr).toBe(3);
    const shown = jsonLines(autoloop('show', 'fenced', '--json').stdout) as Array<{ type: string; run?: unknown }>;
    const run = Run.parse(shown[0]?.run);
    // bubblewrap is installed on every machine the tests run on (.ci/run), so a read-only run is sandboxed by it.
    expect(run).toMatchObject({ sandbox: 'bwrap', network: ['api.github.com', 'registry.npmjs.org'], permissions: { profile: 'read-only' } });
    expect(shown[0]?.run).toHaveProperty('sandbox', 'bwrap');
    expect(autoloop('show', 'fenced').stdout).toMatch(/Sandbox\s+Sandboxed \(bubblewrap\); network: api\.github\.com, registry\.npmjs\.org/);
    // What each iteration remembers: chosen with --context, stored on the run, said in words by show.
    expect(run.context).toBe('fresh');
    expect(autoloop('show', 'fenced').stdout).toMatch(/Context\s+fresh: Fresh context per iteration \(files are the memory\)/);
  });
});

describe('without a server', () => {
  it('reads runs, iterations and logs straight from the database', () => {
    const ls = autoloop('ls');
    expect(ls.status).toBe(0);
    expect(ls.stdout.split('\n')[0]).toMatch(/^ID\s+NAME\s+STATUS\s+ITER\s+TOKENS\s+COST\s+STARTED$/);
    expect(ls.stdout).toMatch(/counted\s+completed\s+5/);
    const runs = jsonLines(autoloop('ls', '--json').stdout).map((line) => Run.parse(line));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    const counted = runs.find((run) => run.name === 'counted');
    expect(counted).toBeDefined();

    const show = jsonLines(autoloop('show', 'counted', '--json').stdout) as Array<{ type: string; run?: unknown; iteration?: unknown }>;
    expect(Run.parse(show[0]?.run).id).toBe(counted?.id);
    expect(show.slice(1).map((line) => Iteration.parse(line.iteration).n)).toEqual([1, 2, 3, 4, 5]);
    // The prompt cache's tokens under these names, on the run and on each iteration (0: the scripted model reports none).
    expect(show[0]?.run).toMatchObject({ cacheReadTokens: 0, cacheWriteTokens: 0 });
    expect(show[1]?.iteration).toMatchObject({ cacheReadTokens: 0, cacheWriteTokens: 0 });
    const shownText = autoloop('show', counted?.id.slice(0, 6) ?? '').stdout;
    expect(shownText).toContain('Completed: the agent called complete');
    expect(shownText).toMatch(/Cache\s+none reported/);
    expect(shownText).toMatch(/TOKENS\s+CACHED\s+COST/);

    const logs = autoloop('logs', 'counted');
    expect(logs.stdout).toContain('── iteration 5 ──');
    expect(logs.stdout).toContain('→ complete({"reason":"counted to 5"})');
    const events = jsonLines(autoloop('logs', 'counted', '--json').stdout).map((line) => RunEvent.parse(line));
    expect(events[0]?.seq).toBe(1);
    expect(autoloop('approvals').stdout).toContain('No approval requests are waiting.');
    expect(autoloop('templates').stdout).toMatch(/demo-counter\s+builtin\s+target/);
  });

  it('exports a run to a file and imports it back as a new run', () => {
    const file = join(dataDir, 'counted.json');
    const exported = autoloop('export', 'counted', '-o', file);
    expect(exported.status).toBe(0);
    expect(exported.stdout).toContain(`to ${file}: 5 iterations`);
    const bundle = RunBundle.parse(JSON.parse(readFileSync(file, 'utf8')));
    const imported = autoloop('import', file, '--json');
    expect(imported.status).toBe(0);
    const result = JSON.parse(imported.stdout) as { run: Run; renamedFrom: string | null };
    expect(result.renamedFrom).toBe(bundle.run.id);
    expect(result.run).toMatchObject({ name: 'counted', iterations: 5, status: 'ended' });
    const notJson = autoloop('import', join(dataDir, 'stagnant.json'));
    expect(notJson.status).toBe(2);
  });

  it('stops a paused run in the database, and says a server is needed for the rest', () => {
    const paused = autoloop('run', 'demo-counter', '--interval', '0s', '--max-tokens', '1', '--name', 'budgeted', '--json');
    expect(paused.status).toBe(3);
    const run = Run.parse((jsonLines(paused.stdout).at(-1) as { run: unknown }).run);
    expect(run).toMatchObject({ status: 'paused', pauseReason: 'budget' });

    for (const args of [
      ['resume', 'budgeted'],
      ['pause', 'budgeted'],
      ['approve', 'abc'],
      ['deny', 'abc'],
      ['run', 'demo-counter', '--detach'],
    ]) {
      const refused = autoloop(...args);
      expect(refused.status, args.join(' ')).toBe(2);
      expect(refused.stderr).toContain(`no server is running for ${dataDir}: start \`autoloop serve --data-dir ${dataDir}\` first`);
    }
    const stopped = autoloop('stop', 'budgeted', '--json');
    expect(stopped.status).toBe(0);
    expect(Run.parse(JSON.parse(stopped.stdout))).toMatchObject({ id: run.id, status: 'ended', stopReason: 'user_stop' });
  });

  it('names what is wrong with a run reference or a command line', () => {
    const missing = autoloop('show', 'no-such-run');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('There is no run "no-such-run"');
    expect(autoloop('ls', 'extra').status).toBe(2);
    expect(autoloop('frobnicate').stderr).toContain('Unknown command "frobnicate"');
    const nameless = autoloop('templates', 'new');
    expect(nameless.status).toBe(2);
    expect(nameless.stderr).toContain('usage: autoloop templates new <name>');
  });

  it('says what the engine refused in a call’s parameters on one line, with the field, not as a schema dump', () => {
    const refused = autoloop('tokens', 'create', 'bad name!');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toBe(
      'autoloop: tokens.create: check name: a token name is 1 to 64 letters, digits, dots, dashes or underscores, starting with a letter or digit\n',
    );
  });

  it('says it needs Node 24 when started by an older Node, instead of a stack trace', () => {
    // An older Node, as far as bin/autoloop.js can tell: the version it reads.
    const pretend = `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '20.20.2' } }); await import(${JSON.stringify(join(REPO_ROOT, 'bin', 'autoloop.js'))});`;
    const old = spawnSync(process.execPath, ['--input-type=module', '-e', pretend, 'ls', '--data-dir', dataDir], { encoding: 'utf8', timeout: 60_000 });
    expect(old.status).toBe(2);
    expect(old.stderr).toBe('autoloop: this is Node 20.20.2; Autoloop needs Node 24 or later. Install it (or put it first on PATH) and run again.\n');
  });

  it('takes --data-dir before the command as well as after it', () => {
    const cli = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'autoloop.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
    const before = cli('--data-dir', dataDir, 'ls', '--all', '--json');
    expect(before.stderr).toBe('');
    expect(before.status).toBe(0);
    expect(before.stdout).toBe(autoloop('ls', '--all', '--json').stdout);
    const inline = cli(`--data-dir=${dataDir}`, 'schedule', 'ls', '--json');
    expect(inline.stderr).toBe('');
    expect(inline.status).toBe(0);
  });

  it('shows and lints templates by name or file, exiting 1 when lint finds an error', () => {
    const shown = autoloop('templates', 'show', 'demo-counter');
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain('--param target=<number>  default 5 — the number to count up to');
    expect(shown.stdout).toContain('# Counter');
    const clean = autoloop('templates', 'lint', 'demo-counter');
    expect(clean.stdout).toContain('demo-counter (template): no problems found');
    expect(clean.status).toBe(0);
    const file = join(dataDir, 'broken.md');
    writeFileSync(file, '---\nname: broken\n---\nUse {{missing}} here.\n');
    const broken = autoloop('templates', 'lint', file);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toMatch(new RegExp(`^${file}:4:\\d+ error .*missing`, 'm'));
    expect(
      autoloop('templates', 'lint', file, '--json')
        .stdout.trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { severity: string })[0]?.severity,
    ).toBe('error');
  });
});
