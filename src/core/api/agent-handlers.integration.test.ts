import { chmodSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../logger';
import { createTempEngine } from '../testing/temp-engine';
import { dispatch } from './dispatch';

// The agent methods of a real engine on a real data folder, with the real `codex` binary the npm package carries.

const engine = createTempEngine();
const folder = mkdtempSync(join(tmpdir(), 'autoloop-agent-handlers-'));
afterAll(async () => {
  await engine.dispose();
  rmSync(folder, { recursive: true, force: true });
});

const call = (method: string, params: unknown) => dispatch(engine.api, method, params, createMemoryLogger());

describe('agents.setPath', () => {
  it('chooses a codex binary, which agents.list then reports as from settings, kept in the settings; null goes back to the one found before', async () => {
    const listed = await engine.api['agents.list']({});
    // The engine's PATH (npx puts node_modules/.bin on it) or the npm package: not settings, which choose nothing yet.
    const bundled = listed.find((info) => info.agent === 'codex');
    expect(bundled?.source).toMatch(/^(path|package)$/);
    const link = join(folder, 'my-codex');
    symlinkSync(bundled?.path ?? '', link);

    const chosen = await engine.api['agents.setPath']({ agent: 'codex', path: link });
    expect(chosen).toMatchObject({ agent: 'codex', source: 'settings', path: link, version: bundled?.version });
    expect((await engine.api['settings.get']({})).agentPaths).toEqual({ codex: link });
    expect((await engine.api['agents.list']({})).find((info) => info.agent === 'codex')).toMatchObject({ source: 'settings', path: link });
    // The other agent is untouched.
    expect((await engine.api['agents.list']({})).find((info) => info.agent === 'claude-code')?.source).not.toBe('settings');

    const cleared = await engine.api['agents.setPath']({ agent: 'codex', path: null });
    expect(cleared).toMatchObject({ source: bundled?.source, path: bundled?.path });
    expect((await engine.api['settings.get']({})).agentPaths).toBeUndefined();
  }, 60_000);

  it('refuses a relative path, a missing file and a file that does not run, saying what to do, and keeps the choice as it was', async () => {
    const relative = await call('agents.setPath', { agent: 'claude-code', path: 'bin/claude' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(relative)).toContain('an agent path must be absolute (e.g. /usr/local/bin/claude)');

    const missing = await call('agents.setPath', { agent: 'claude-code', path: join(folder, 'nope') });
    expect(missing).toEqual({
      ok: false,
      error: expect.objectContaining({
        code: 'invalid_input',
        message: `${join(folder, 'nope')} does not exist: give the path of an installed claude binary (\`which claude\` prints the one on your PATH).`,
      }),
    });
    const plain = join(folder, 'plain');
    writeFileSync(plain, 'text');
    chmodSync(plain, 0o644);
    const notExecutable = await call('agents.setPath', { agent: 'codex', path: plain });
    expect(notExecutable).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('is not executable: make it executable') },
    });
    expect(await call('agents.setPath', { agent: 'autoloop', path: plain })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await engine.api['settings.get']({})).agentPaths).toBeUndefined();
  });

  it('checks a path settings.set chooses as agents.setPath does', async () => {
    await expect(engine.api['settings.set']({ agentPaths: { codex: join(folder, 'missing-codex') } })).rejects.toMatchObject({ code: 'invalid_input' });
    expect((await engine.api['settings.get']({})).agentPaths).toBeUndefined();
  });

  it('is refused to a read-only token', async () => {
    const refused = await dispatch(engine.api, 'agents.setPath', { agent: 'codex', path: null }, createMemoryLogger(), { tokenName: 'phone', readOnly: true });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
