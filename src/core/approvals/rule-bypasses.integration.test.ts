import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { PermissionRule } from '../../shared/records';
import type { ScriptedResponse } from '../../shared/scripted-script';
import { createDryRunFixture } from '../templates/dry-run-fixtures';
import { tempEnginesPerFile } from '../testing/temp-engines';

// The audit's rule bypasses, each played by the scripted model as tool calls in a real runner process against the
// built-in code-reviewer template: read-only with its own `git … *` rules first, then under `ask` with a person's
// rules that once switched the checks off (an operator in a rule, a path rule, a URL rule). Every command that would
// leave a trace writes into `marks`, which must stay empty; a secret outside the repository must never show up.

const folders: string[] = [];
function folder(prefix: string): string {
  const created = mkdtempSync(join(tmpdir(), prefix));
  folders.push(created);
  return created;
}
const tempEngine = tempEnginesPerFile({}, async () => {
  for (const each of folders) rmSync(each, { recursive: true, force: true });
});

const call = (tool: string, input: Record<string, unknown>): ScriptedResponse => ({ text: 'Next.', toolCalls: [{ tool, input }] });
const bash = (command: string): ScriptedResponse => call('bash', { command });
const finish: ScriptedResponse = { text: 'Done.', toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] };

/** What a run's tools answered, what it asked a person, and the folder it worked in (its worktree, if it got one). */
type Played = Readonly<{ results: ReadonlyArray<{ tool: string; output: string }>; asked: ReadonlyArray<string>; workdir: string }>;

/**
 * Plays `responses` in one code-reviewer run on a fresh fixture repository. Each approval request is answered by
 * `answer` (deny unless it says otherwise), and its summary recorded. Returns every tool result in order.
 */
async function play(
  responses: ScriptedResponse[],
  options: Readonly<{ workdir: string; permissions?: { profile: 'ask'; rules: PermissionRule[] }; answer?: (summary: string) => 'allow' | 'deny' }>,
): Promise<Played> {
  const engine = tempEngine();
  const asked: string[] = [];
  engine.bus.subscribe((event) => {
    if (event.type !== 'approval.requested') return;
    asked.push(event.approval.summary);
    const decision = options.answer?.(event.approval.summary) ?? 'deny';
    void engine.api['approvals.decide']({ id: event.approval.id, decision, scope: 'once' });
  });
  const model = engine.writeScript('bypass', { responses: [...responses, finish, { text: 'nothing more' }], whenExhausted: 'repeat-last' });
  const started = await engine.api['runs.start'](
    StartRunParams.parse({
      template: 'code-reviewer',
      model,
      workdir: options.workdir,
      loop: { intervalMs: 0, stagnationLimit: 0 },
      ...(options.permissions ? { permissions: options.permissions } : {}),
    }),
  );
  const run = await engine.supervisor.finished(started.id);
  expect(run).toMatchObject({ status: 'ended', stopReason: 'completed' });
  const { events } = await engine.api['runs.events']({ id: started.id, afterSeq: 0, limit: 1_000 });
  const results = events
    .filter((event) => event.kind === 'tool_result' && event.data.tool !== 'complete')
    .map((event) => ({ tool: String(event.data.tool), output: String(event.data.output) }));
  return { results, asked, workdir: run.workdir };
}

describe('rule bypasses played through a real run of the read-only code reviewer', () => {
  it('refuses every smuggled command, git option and spelling, and nothing runs, writes or leaks', async () => {
    const marks = folder('autoloop-bypass-marks-');
    const other = folder('autoloop-bypass-other-');
    execFileSync('git', ['init', '-q', other]);
    writeFileSync(join(other, 'secret.txt'), 'OTHER-REPO-SECRET\n');
    execFileSync('git', ['-C', other, 'add', '.']);
    execFileSync('git', ['-C', other, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-qm', 'secret']);
    const secret = join(other, 'secret.txt');
    const workdir = folder('autoloop-bypass-work-');
    createDryRunFixture('code-reviewer', workdir);
    const attacks = [
      `git status; touch ${marks}/semicolon`,
      `git status && touch ${marks}/and`,
      `git log $(touch ${marks}/substitution)`,
      `git log \`touch ${marks}/backticks\``,
      `git status | tee ${marks}/pipe`,
      `git status > ${marks}/redirect`,
      `git status 2>&1 > ${marks}/redirect-after-2`,
      `   git log -1 --format=echo%x20pwned%x3e%x3e/tmp/x%x3b --output=${marks}/leading-space`,
      `/usr/bin/git log -1 --output=${marks}/full-path`,
      `git log -1 --outp=${marks}/abbreviated`,
      `git -C ${other} log -p`,
      `git --git-dir=${other}/.git log -p`,
      `GIT_DIR=${other}/.git git log -p`,
      `env GIT_DIR=${other}/.git git log -p`,
      `git diff --no-index /dev/null ${secret}`,
      `git diff --no-ind /dev/null ${secret}`,
      `git -c core.fsmonitor="touch ${marks}/dash-c" status`,
      `git config core.fsmonitor "touch ${marks}/fsmonitor"`,
      `git diff --ext-diff HEAD~1`,
      `command git status; touch ${marks}/command`,
    ];
    const {
      results,
      asked,
      workdir: worked,
    } = await play(
      [
        ...attacks.map(bash),
        call('write_file', { path: '.git/config', content: `[core]\n\tfsmonitor = "touch ${marks}/written-config"\n` }),
        call('write_file', { path: 'REVIEW.md/../calc.mjs', content: 'pwned' }),
        bash('git status --short'),
      ],
      { workdir },
    );
    expect(asked).toEqual([]); // read-only asks nobody: it refuses
    expect(results).toHaveLength(attacks.length + 3);
    results.slice(0, -1).forEach((result, index) => {
      expect(result.output, `${result.tool} #${index + 1}: ${attacks[index] ?? 'write_file'}`).toMatch(/^denied by the run's permissions \(read-only\)/);
    });
    expect(results.at(-1)?.output).toMatch(/\[exit code 0\]$/);
    for (const result of results) expect(result.output).not.toContain('OTHER-REPO-SECRET');
    expect(readdirSync(marks)).toEqual([]);
    expect(readFileSync(join(worked, 'calc.mjs'), 'utf8')).not.toBe('pwned');
    // The repository's own config (a worktree shares it): what the person's next `git status` would read.
    expect(readFileSync(join(workdir, '.git', 'config'), 'utf8')).not.toContain('fsmonitor');
  }, 90_000);
});

describe('rule bypasses under `ask`, with a person’s rules that once switched the checks off', () => {
  const hits: string[] = [];
  const server = createServer((request, response) => {
    hits.push(request.url ?? '');
    if (request.url === '/docs/hop') response.writeHead(302, { location: `http://localhost:${port}/secret` }).end();
    else if (request.url === '/docs/metadata') response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
    else response.writeHead(200, { 'content-type': 'text/plain' }).end(`page ${request.url ?? ''}`);
  });
  let port = 0;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('asks for an operator behind a rule that names one, a `..` path and a URL with dot segments, and refuses a redirect to a private address', async () => {
    const marks = folder('autoloop-bypass-marks-');
    const workdir = folder('autoloop-bypass-work-');
    createDryRunFixture('code-reviewer', workdir);
    const base = `http://127.0.0.1:${port}`;
    const rules: PermissionRule[] = [
      { tool: 'bash', pattern: 'git status 2>&1*', action: 'allow' },
      { tool: 'write_file', pattern: 'docs/*', action: 'allow' },
      { tool: 'web_fetch', pattern: `${base}/docs/*`, action: 'allow' },
    ];
    const {
      results,
      asked,
      workdir: worked,
    } = await play(
      [
        bash(`git status 2>&1; touch ${marks}/operator`),
        call('write_file', { path: 'docs/../calc.mjs', content: 'pwned' }),
        call('write_file', { path: 'docs/notes.md', content: 'allowed by the rule' }),
        call('web_fetch', { url: `${base}/docs/../admin` }),
        call('web_fetch', { url: `${base}/docs/%2e%2e/admin` }),
        call('web_fetch', { url: `${base}/docs/guide` }),
        call('web_fetch', { url: `${base}/docs/hop` }),
        call('web_fetch', { url: `${base}/docs/metadata` }),
      ],
      // The person allows the redirect hops: the private-address check, not the person, must stop them.
      { workdir, permissions: { profile: 'ask', rules }, answer: (summary) => (/localhost|169\.254/.test(summary) ? 'allow' : 'deny') },
    );
    expect(asked).toEqual([
      `bash: git status 2>&1; touch ${marks}/operator`,
      'write_file docs/../calc.mjs (5 B)',
      `web_fetch GET ${base}/docs/../admin`,
      `web_fetch GET ${base}/docs/%2e%2e/admin`,
      `web_fetch GET http://localhost:${port}/secret`,
      'web_fetch GET http://169.254.169.254/latest/meta-data/',
    ]);
    const outputs = results.map((result) => result.output);
    expect(outputs[0]).toMatch(/^denied by the user/);
    expect(outputs[1]).toMatch(/^denied by the user/);
    expect(readFileSync(join(worked, 'docs', 'notes.md'), 'utf8')).toBe('allowed by the rule');
    expect(outputs[3]).toMatch(/^denied by the user/);
    expect(outputs[4]).toMatch(/^denied by the user/);
    expect(outputs[5]).toContain('page /docs/guide');
    expect(outputs[6]).toMatch(/refused: localhost:\d+ is a loopback, link-local or private address/);
    expect(outputs[7]).toMatch(/refused: 169\.254\.169\.254 is a loopback, link-local or private address/);
    expect(hits).toEqual(['/docs/guide', '/docs/hop', '/docs/metadata']);
    expect(readdirSync(marks)).toEqual([]);
    expect(readFileSync(join(worked, 'calc.mjs'), 'utf8')).not.toBe('pwned');
  }, 90_000);
});
