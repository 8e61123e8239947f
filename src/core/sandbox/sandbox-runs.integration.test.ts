import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { PermissionProfile, PermissionRule } from '../../shared/records';
import { sleepsOf } from '../../testing/processes';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { detectSandbox } from './detect-sandbox';

/** How long a test waits for a process to appear or to go. */
const RUN_WAIT_MS = 20_000;
/** Each test runs one to three real runs, each command in a fresh sandbox, on a shared 2-core machine. */
const TEST_TIMEOUT_MS = 90_000;

const sandboxHere = detectSandbox();
if (sandboxHere !== 'bwrap') {
  console.warn(
    `Skipping the bubblewrap sandbox tests: bwrap is not installed or cannot create namespaces here (found: ${sandboxHere}). Install it: apt install bubblewrap.`,
  );
}

/** One bash command run by a scripted model inside a real run; returns what the tool answered. */
type CommandRun = Readonly<{ output: string; runId: string }>;

/**
 * The layout of a person who runs an agent in their home folder: a fake HOME holding an SSH key and the engine's data
 * folder (token, database), both inside the run's working folder, where only the sandbox's hiding keeps them away.
 */
type Home = Readonly<{ root: string; home: string; dataDir: string; sshKey: string }>;

function makeHome(): Home {
  const root = mkdtempSync(join(tmpdir(), 'autoloop-sandbox-'));
  const home = join(root, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true });
  const sshKey = join(home, '.ssh', 'id_ed25519');
  writeFileSync(sshKey, 'PRIVATE-KEY-MATERIAL\n');
  const dataDir = join(home, '.autoloop');
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'server.json'), '{"token":"SERVER-TOKEN"}\n');
  return { root, home, dataDir, sshKey };
}

/** Answers every approval request with "allow": the tests are about what the sandbox stops once a command runs. */
function allowEverything(engine: TempEngine): void {
  engine.bus.subscribe((event) => {
    if (event.type === 'approval.requested') void engine.api['approvals.decide']({ id: event.approval.id, decision: 'allow', scope: 'once' });
  });
}

async function toolOutputs(engine: TempEngine, runId: string): Promise<string[]> {
  const { events } = await engine.api['runs.events']({ id: runId, afterSeq: 0, limit: 1_000 });
  return events.filter((event) => event.kind === 'tool_result' && event.data.tool === 'bash').map((event) => String(event.data.output));
}

type RunOptions = Readonly<{ profile?: PermissionProfile; rules?: PermissionRule[]; network?: string[]; env?: string[]; template?: string; workdir: string }>;

async function runCommand(engine: TempEngine, command: string, options: RunOptions): Promise<CommandRun> {
  const model = engine.writeScript(`cmd-${randomBytes(4).toString('hex')}`, {
    responses: [{ toolCalls: [{ tool: 'bash', input: { command } }] }, { toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }],
  });
  const run = await engine.api['runs.start'](
    StartRunParams.parse({
      template: options.template ?? 'plain',
      model,
      workdir: options.workdir,
      permissions: { profile: options.profile ?? 'workspace-write', rules: options.rules ?? [] },
      ...(options.network ? { network: options.network } : {}),
      ...(options.env ? { env: options.env } : {}),
    }),
  );
  const ended = await engine.supervisor.finished(run.id);
  const outputs = await toolOutputs(engine, run.id);
  if (outputs.length !== 1)
    throw new Error(`expected one bash result, got ${outputs.length}; the run ended ${ended.status} ${ended.stopReason ?? ''} ${ended.detail ?? ''}`);
  return { output: outputs[0] ?? '', runId: run.id };
}

describe.skipIf(sandboxHere !== 'bwrap')('a run under bubblewrap', { timeout: TEST_TIMEOUT_MS }, () => {
  const layout = makeHome();
  const savedEnv = { ...process.env };
  let engine: TempEngine;
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(`${request.headers.host ?? ''}${request.url ?? ''}`);
    response.end('hello from the host\n');
  });
  let port = 0;

  beforeAll(async () => {
    // The runner inherits this environment: a fake HOME, and variables that must not reach tools.
    process.env.HOME = layout.home;
    process.env.DATABASE_URL = 'postgres://app:DB-PASSWORD@db/app';
    process.env.ACME_LLM_KEY = 'ACME-KEY-VALUE';
    process.env.SSH_AUTH_SOCK = join(layout.root, 'agent.sock');
    engine = createTempEngine({ dataDir: layout.dataDir });
    allowEverything(engine);
    await engine.api['settings.set']({ providers: { acme: { type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', apiKeyEnv: 'ACME_LLM_KEY' } } });
    await engine.api['templates.import']({ text: '---\nname: plain\ndescription: Runs what the script says.\n---\n# Plain\nDo it.\n' });
    await engine.api['templates.import']({
      text: '---\nname: wants-env\ndescription: Declares variables.\nenv: [ACME_LLM_KEY, SSH_AUTH_SOCK, DATABASE_URL]\n---\n# Wants env\nDo it.\n',
    });
    await engine.api['templates.import']({ text: '---\nname: loopback\ndescription: Allows one host.\nnetwork: [127.0.0.1]\n---\n# Loopback\nDo it.\n' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await engine.dispose();
    for (const name of ['HOME', 'DATABASE_URL', 'ACME_LLM_KEY', 'SSH_AUTH_SOCK']) {
      if (savedEnv[name] === undefined) delete process.env[name];
      else process.env[name] = savedEnv[name];
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(layout.root, { recursive: true, force: true });
  });

  it('records the sandbox on the run', async () => {
    const { runId } = await runCommand(engine, 'true', { workdir: layout.home });
    expect((await engine.api['runs.get']({ id: runId })).sandbox).toBe('bwrap');
  });

  it('cannot write outside the working folder, and can inside it and in the output folder', async () => {
    const project = join(layout.home, 'project');
    mkdirSync(project, { recursive: true });
    const outside = join('/var/tmp', `autoloop-sandbox-escape-${randomBytes(4).toString('hex')}`);
    const sibling = join(layout.home, 'outside.txt');
    const { output } = await runCommand(engine, `echo x > ${outside}; echo x > ${sibling}; echo ok > inside.txt; echo done`, { workdir: project });
    expect(output).toMatch(/Read-only file system/);
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(sibling)).toBe(false);
    expect(readFileSync(join(project, 'inside.txt'), 'utf8')).toBe('ok\n');
  });

  it('keeps the working folder read-only under the read-only profile', async () => {
    // An `ask` rule lets the command reach the sandbox (the profile alone would deny it before it runs).
    const rules: PermissionRule[] = [{ tool: 'bash', pattern: '*', action: 'ask' }];
    const { output } = await runCommand(engine, 'echo x > written.txt', { workdir: layout.home, profile: 'read-only', rules });
    expect(output).toMatch(/Read-only file system/);
    expect(existsSync(join(layout.home, 'written.txt'))).toBe(false);
  });

  it('cannot read ~/.ssh even when the working folder is the home folder', async () => {
    const { output } = await runCommand(engine, `cat ${layout.sshKey}; ls -A ${join(layout.home, '.ssh')} | wc -l`, { workdir: layout.home });
    expect(output).not.toContain('PRIVATE-KEY-MATERIAL');
    expect(output).toMatch(/No such file or directory/);
    expect(output).toMatch(/^0$/m);
  });

  it("cannot read the engine's data folder (token, database), even from a working folder that contains it", async () => {
    const { output } = await runCommand(engine, `cat ${join(layout.dataDir, 'server.json')}; ls -A ${layout.dataDir}`, { workdir: layout.home });
    expect(output).not.toContain('SERVER-TOKEN');
    expect(output).not.toContain('autoloop.db');
  });

  it('keeps .git read-only inside a writable working folder', async () => {
    const repo = join(layout.home, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    const { output } = await runCommand(engine, 'echo "[core]" > .git/config; echo ok > file.txt', { workdir: repo });
    expect(output).toMatch(/Read-only file system/);
    expect(existsSync(join(repo, '.git', 'config'))).toBe(false);
    expect(existsSync(join(repo, 'file.txt'))).toBe(true);
  });

  it('has no network without an allowlist, not even the loopback of the host', async () => {
    const command = `exec 3<>/dev/tcp/127.0.0.1/${port} && printf 'GET /no-allowlist HTTP/1.0\\r\\n\\r\\n' >&3 && cat <&3`;
    const { output } = await runCommand(engine, command, { workdir: layout.home });
    expect(output).not.toContain('hello from the host');
    expect(requests).not.toContain(`127.0.0.1:${port}/no-allowlist`);
    // The same command from a trusted (unsandboxed) run reaches the server: the refusal above is the sandbox's.
    const trusted = await runCommand(engine, command.replace('/no-allowlist', '/trusted'), { workdir: layout.home, profile: 'trusted' });
    expect(trusted.output).toContain('hello from the host');
  });

  it('reaches an allowlisted host through the filtering proxy, and only that host', async () => {
    const fetchVia = (host: string, path: string): string =>
      `node -e "fetch('http://${host}:${port}${path}').then((r) => r.text()).then((t) => console.log('status-ok', t)).catch((e) => console.log('failed', e.cause?.message ?? e.message))"`;
    // Allowed by the template's `network:` here, by the run's own list (--allow-net) below.
    const allowed = await runCommand(engine, fetchVia('127.0.0.1', '/allowed'), { workdir: layout.home, template: 'loopback' });
    expect(allowed.output).toContain('hello from the host');
    expect((await engine.api['runs.get']({ id: allowed.runId })).network).toEqual(['127.0.0.1']);
    expect(requests).toContain(`127.0.0.1:${port}/allowed`);
    const refused = await runCommand(engine, fetchVia('localhost', '/refused'), { workdir: layout.home, network: ['127.0.0.1'] });
    expect(refused.output).toMatch(/^failed /m);
    expect(requests).not.toContain(`localhost:${port}/refused`);
    const { events } = await engine.api['runs.events']({ id: refused.runId, afterSeq: 0, limit: 1_000 });
    expect(events.map((event) => event.data.message)).toContain("The sandbox blocked a connection to localhost: not in this run's network allowlist");
  });

  it('gives tools no DATABASE_URL, provider key or SSH agent, even when a template declares them', async () => {
    const command = 'echo "[$DATABASE_URL][$ACME_LLM_KEY][$SSH_AUTH_SOCK][$HOME]"';
    const plain = await runCommand(engine, command, { workdir: layout.home });
    expect(plain.output).toContain(`[][][][${layout.home}]`);
    const declared = await runCommand(engine, command, { workdir: layout.home, template: 'wants-env' });
    // The template may let DATABASE_URL through; a provider's key and the SSH agent never come from a template.
    expect(declared.output).toContain(`[postgres://app:DB-PASSWORD@db/app][][][${layout.home}]`);
    const optedIn = await runCommand(engine, command, { workdir: layout.home, env: ['SSH_AUTH_SOCK', 'ACME_LLM_KEY'] });
    expect(optedIn.output).toContain(`[][][${process.env.SSH_AUTH_SOCK ?? ''}][${layout.home}]`);
  });

  it.each(['workspace-write', 'trusted'] as const)(
    'leaves no process behind when the runner is SIGKILLed, even one that called setsid (%s)',
    async (profile) => {
      const marker = `${1_000 + Math.floor(Math.random() * 1_000)}.${randomBytes(3).readUIntBE(0, 3)}`;
      const model = engine.writeScript('orphan', {
        responses: [{ toolCalls: [{ tool: 'bash', input: { command: `setsid sleep ${marker} & (setsid sleep ${marker} &); sleep ${marker}` } }] }],
      });
      const run = await engine.api['runs.start'](StartRunParams.parse({ template: 'plain', model, workdir: layout.home, permissions: { profile } }));
      await waitUntil(() => sleepsOf(marker).length === 3, 'the three sleeps to start', RUN_WAIT_MS);
      const runnerPid = engine.pids.at(-1);
      if (runnerPid === undefined) throw new Error('no runner was started');
      process.kill(runnerPid, 'SIGKILL');
      await waitUntil(() => sleepsOf(marker).length === 0, 'every sleep to die with the runner', RUN_WAIT_MS);
      expect((await engine.supervisor.finished(run.id)).stopReason).toBe('crash');
    },
  );
});
