import { type SpawnSyncReturns, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSelfSignedCert } from '../../core/testing/self-signed-cert';
import { AUTOLOOP_BIN, CLI_TIMEOUT_MS, type ServeProcess, autoloopSync, autoloopSyncWith, startServe, until } from '../testing/cli-process';

// A real `autoloop serve` over TLS with a certificate made here; the CLI of "another machine" (another data folder) attaches to it.
const root = mkdtempSync(join(tmpdir(), 'autoloop-remote-cli-'));
const serverDir = join(root, 'server');
const laptopDir = join(root, 'laptop');
let cert: ReturnType<typeof makeSelfSignedCert>;
let serve: ServeProcess;
let engineUrl: string;

beforeAll(async () => {
  cert = makeSelfSignedCert(root);
  serve = await startServe(serverDir, '--tls-cert', cert.certPath, '--tls-key', join(root, 'tls-key.pem'));
  engineUrl = `https://localhost:${serve.port}`;
});
afterAll(async () => {
  await serve.stop();
  rmSync(root, { recursive: true, force: true });
});

/** `autoloop <args> --data-dir <laptop>` with this environment and stdin. */
function laptop(env: NodeJS.ProcessEnv, args: string[], input = ''): SpawnSyncReturns<string> {
  const { FORCE_COLOR: _force, AUTOLOOP_ENGINE: _engine, AUTOLOOP_TOKEN: _token, NODE_EXTRA_CA_CERTS: _extra, ...base } = process.env;
  return spawnSync(process.execPath, [AUTOLOOP_BIN, ...args, '--data-dir', laptopDir], {
    encoding: 'utf8',
    timeout: CLI_TIMEOUT_MS,
    input,
    env: { ...base, NO_COLOR: '1', ...env },
  });
}

/** A new token made by the engine machine's own CLI (which reaches its TLS server through server.json's pinned certificate). */
function makeToken(name: string, ...flags: string[]): string {
  const made = autoloopSync(serverDir, 'tokens', 'create', name, ...flags);
  expect(made.status, made.stderr).toBe(0);
  const lines = made.stdout.trim().split('\n');
  expect(lines).toHaveLength(1); // printed once, on its own line
  return lines[0] ?? '';
}

describe('the CLI attached to an engine on another machine', () => {
  it('serves https, and the engine machine’s CLI manages tokens through its own server', () => {
    expect(serve.url).toMatch(/^https:/);
    const token = makeToken('laptop');
    expect(token).toMatch(/^alt_/);
    const listed = autoloopSync(serverDir, 'tokens', 'ls');
    expect(listed.stdout).toMatch(/laptop\s+full/);
    expect(listed.stdout).not.toContain(token);
  });

  it('works with --engine URL, AUTOLOOP_TOKEN and --ca, and refuses an untrusted certificate instead of skipping the check', () => {
    const token = makeToken('ci');
    const ok = laptop({ AUTOLOOP_TOKEN: token }, ['--engine', engineUrl, '--ca', cert.certPath, 'ls', '--json']);
    expect(ok.status, ok.stderr).toBe(0);
    const untrusted = laptop({ AUTOLOOP_TOKEN: token }, ['ls', '--engine', engineUrl]);
    expect(untrusted.status).toBe(1);
    expect(untrusted.stderr).toMatch(/Cannot reach the engine at wss:\/\/localhost:\d+\/api: self-signed certificate/);
    // It says how to trust the engine's own CA, not Node's advice about the system store.
    expect(untrusted.stderr).toContain('--ca FILE or NODE_EXTRA_CA_CERTS');
    expect(untrusted.stderr).not.toContain('--use-system-ca');
    // NODE_EXTRA_CA_CERTS and AUTOLOOP_ENGINE do the same as the flags.
    const viaEnv = laptop({ AUTOLOOP_TOKEN: token, AUTOLOOP_ENGINE: engineUrl, NODE_EXTRA_CA_CERTS: cert.certPath }, ['ls']);
    expect(viaEnv.status, viaEnv.stderr).toBe(0);
    const wrongToken = laptop({ AUTOLOOP_TOKEN: 'alt_nope', NODE_EXTRA_CA_CERTS: cert.certPath }, ['ls', '--engine', engineUrl]);
    expect(wrongToken.stderr).toContain('refused the token (HTTP 401)');
    const noToken = laptop({}, ['ls', '--engine', engineUrl]);
    expect(noToken.status).toBe(2);
    expect(noToken.stderr).toContain('needs a token: set AUTOLOOP_TOKEN');
  });

  it('keeps named engines in engines.json (0600) and never prints their tokens', () => {
    const token = makeToken('box-token');
    const added = laptop({}, ['engines', 'add', 'box', engineUrl, '--ca', cert.certPath], `${token}\n`);
    expect(added.status, added.stderr).toBe(0);
    const file = join(laptopDir, 'engines.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const listed = laptop({}, ['engines', 'ls']);
    expect(listed.stdout).toMatch(/box\s+https:\/\/localhost/);
    expect(listed.stdout).not.toContain(token);
    const used = laptop({}, ['--engine', 'box', 'templates', '--json']);
    expect(used.status, used.stderr).toBe(0);
    const unknown = laptop({}, ['--engine', 'nas', 'ls']);
    expect(unknown.stderr).toContain('there is no engine called "nas" (known: box)');
    const unreachable = laptop({}, ['engines', 'add', 'gone', 'https://localhost:1'], `${token}\n`);
    expect(unreachable.status).toBe(1);
    expect(unreachable.stderr).toContain('nothing was added');
    expect(laptop({}, ['engines', 'remove', 'box']).status).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ engines: [] });
  });

  it('with a read-only token, watches but is refused stopping and starting', () => {
    const token = makeToken('watcher', '--read-only');
    const env = { AUTOLOOP_TOKEN: token, NODE_EXTRA_CA_CERTS: cert.certPath };
    expect(laptop(env, ['ls', '--engine', engineUrl]).status).toBe(0);
    const start = laptop(env, ['run', 'demo-counter', '--detach', '--engine', engineUrl]);
    expect(start.stderr).toContain('the token "watcher" is read-only');
    expect(start.status).not.toBe(0);
    const tokens = laptop(env, ['tokens', 'create', 'more', '--engine', engineUrl]);
    expect(tokens.stderr).toContain('only the engine');
  });

  it('a revoked token is refused from then on', () => {
    const token = makeToken('old-phone');
    expect(autoloopSync(serverDir, 'tokens', 'revoke', 'old-phone').status).toBe(0);
    const refused = laptop({ AUTOLOOP_TOKEN: token, NODE_EXTRA_CA_CERTS: cert.certPath }, ['ls', '--engine', engineUrl]);
    expect(refused.stderr).toContain('it is wrong, or it was revoked');
  });

  it('serve refuses --engine, and templates saved on the engine are not said to be in a local folder', () => {
    const token = makeToken('author');
    const env = { AUTOLOOP_TOKEN: token, NODE_EXTRA_CA_CERTS: cert.certPath };
    const serveElsewhere = laptop(env, ['serve', '--port', '0', '--engine', engineUrl]);
    expect(serveElsewhere.status).toBe(2);
    expect(serveElsewhere.stderr).toContain(`--engine ${engineUrl} (or AUTOLOOP_ENGINE) names another one: leave it out to serve here`);
    const made = laptop(env, ['templates', 'new', 'remote-tpl', '--engine', engineUrl]);
    expect(made.status, made.stderr).toBe(0);
    expect(made.stdout).toContain(`remote-tpl: saved as revision`);
    expect(made.stdout).toContain(`in the templates of the engine ${engineUrl}`);
    expect(made.stdout).not.toContain(laptopDir);
    const down = laptop(env, ['ls', '--engine', 'https://localhost:1']);
    expect(down.status).toBe(1);
    expect(down.stderr).toContain('Check that it runs there (autoloop serve, or the desktop app)');
    const none = laptop({}, ['approvals', '--all']);
    expect(none.stdout).toBe('No approval requests yet.\n');
  });

  it('a follow whose token is revoked under it ends non-zero and says why', async () => {
    const token = makeToken('follower');
    const started = autoloopSync(serverDir, 'run', 'demo-counter', '--interval', '60s', '--name', 'followed', '--detach');
    expect(started.status, started.stderr).toBe(0);
    const { FORCE_COLOR: _force, AUTOLOOP_ENGINE: _engine, ...base } = process.env;
    const follower = spawn(process.execPath, [AUTOLOOP_BIN, 'logs', 'followed', '-f', '--engine', engineUrl, '--data-dir', laptopDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...base, NO_COLOR: '1', AUTOLOOP_TOKEN: token, NODE_EXTRA_CA_CERTS: cert.certPath },
    });
    let stdout = '';
    let stderr = '';
    follower.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    follower.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => follower.once('exit', (code) => resolve(code)));
    try {
      await until(() => stdout.includes('Counted to 1.'), 'the follow to print the first iteration');
      expect(autoloopSync(serverDir, 'tokens', 'revoke', 'follower').status).toBe(0);
      expect(await exited).toBe(1);
      expect(stderr).toContain('lost the connection to the server while following followed');
      expect(stderr).toContain('(the token was revoked)');
    } finally {
      follower.kill();
      autoloopSync(serverDir, 'stop', 'followed');
    }
  });
});

describe('autoloop notifiers', () => {
  it('adds a webhook whose secret comes from a variable and is never printed, and an ntfy topic; refuses a webhook without a secret', () => {
    const secret = 'signing-secret-0123456789';
    const added = autoloopSyncWith(
      { HOOK_SECRET: secret },
      serverDir,
      'notifiers',
      'add',
      'hook',
      '--webhook',
      'https://hooks.example.org/x',
      '--secret-env',
      'HOOK_SECRET',
      '--events',
      'approval_requested,run_failed',
    );
    expect(added.status, added.stderr).toBe(0);
    expect(autoloopSync(serverDir, 'notifiers', 'add', 'phone', '--ntfy', 'https://ntfy.sh/my-loops').status).toBe(0);
    const listed = autoloopSync(serverDir, 'notifiers', 'ls', '--json');
    expect(listed.stdout).not.toContain(secret);
    expect(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { name: string; secretSet?: boolean }),
    ).toEqual([
      expect.objectContaining({ name: 'hook', kind: 'webhook', secretSet: true, events: ['approval_requested', 'run_failed'] }),
      expect.objectContaining({ name: 'phone', kind: 'ntfy' }),
    ]);
    const unsigned = autoloopSync(serverDir, 'notifiers', 'add', 'bare', '--webhook', 'https://hooks.example.org/y');
    expect(unsigned.status).toBe(2);
    expect(unsigned.stderr).toContain('a webhook needs a signing secret');
    const badEvent = autoloopSync(serverDir, 'notifiers', 'add', 'x', '--ntfy', 'https://ntfy.sh/t', '--events', 'lunch');
    expect(badEvent.stderr).toContain('--events: lunch is not one of');
    expect(autoloopSync(serverDir, 'notifiers', 'remove', 'phone').status).toBe(0);
    expect(autoloopSync(serverDir, 'notifiers', 'ls').stdout).not.toContain('phone');
  });
});

describe('a server reachable from other machines without TLS', () => {
  it('warns on every start that it is unencrypted', async () => {
    const plain = await startServe(join(root, 'plain'), '--host', '0.0.0.0');
    try {
      expect(plain.stdout()).toContain('Warning: unencrypted: use TLS or an SSH tunnel');
    } finally {
      await plain.stop();
    }
  });
});
