import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { findCodexAgent } from '../agents/find-agents';
import { type FakeResponsesServer, startFakeResponsesServer } from '../../testing/fake-responses-server';
import { type TempEngine, createTempEngine, isProcessAlive } from '../testing/temp-engine';
import { waitUntil } from '../testing/wait-until';
import { commandLinesIn } from '../../testing/processes';

// A Codex run started with the `codex` chosen in settings: the real runner, the real binary the @openai/codex package
// carries (reached through a symbolic link), a fake Responses API.

const engines: TempEngine[] = [];
const servers: FakeResponsesServer[] = [];
beforeAll(() => {
  // Not under /tmp: Codex refuses to set up its sandbox helper in a temporary folder.
  process.env.CODEX_HOME = mkdtempSync('/var/tmp/autoloop-codex-home-');
});
afterAll(async () => {
  const pids = engines.flatMap((engine) => engine.pids);
  await Promise.all(engines.map((engine) => engine.dispose()));
  await Promise.all(servers.map((server) => server.close()));
  expect(pids.filter(isProcessAlive)).toEqual([]);
  delete process.env.CODEX_HOME;
});

describe('a Codex run with the codex chosen in settings', () => {
  it('starts the chosen binary, and ends spawn_failed naming it once it is gone', async () => {
    const bundled = (await findCodexAgent({ env: { PATH: '/usr/bin:/bin', HOME: process.env.CODEX_HOME, CODEX_HOME: process.env.CODEX_HOME } })).path;
    if (bundled === null) throw new Error('this test needs the codex binary @openai/codex carries');
    const link = join(mkdtempSync(join(tmpdir(), 'autoloop-chosen-codex-')), 'my-codex');
    symlinkSync(bundled, link);
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-codex-path-run-'));
    const server = await startFakeResponsesServer([{ hang: true }]);
    servers.push(server);
    const engine = createTempEngine();
    engines.push(engine);
    await engine.api['providers.set']({ name: 'oai', config: { type: 'openai', baseUrl: server.baseUrl, apiKey: 'sk-openai-fake-key' } });
    expect(await engine.api['agents.setPath']({ agent: 'codex', path: link })).toMatchObject({ source: 'settings', path: link });

    const params = StartRunParams.parse({
      template: 'demo-counter',
      agent: 'codex',
      model: 'oai/gpt-5',
      workdir,
      isolation: 'none',
      permissions: { profile: 'trusted' },
    });
    const started = await engine.api['runs.start'](params);
    await waitUntil(() => server.requests.length === 1);
    expect(commandLinesIn(workdir).map((argv) => argv[0])).toContain(link);
    await engine.api['runs.stop']({ id: started.id });
    expect(await engine.supervisor.finished(started.id)).toMatchObject({ stopReason: 'user_stop' });
    // The chosen codex is gone with the run (what else a stop leaves is codex-run.integration.test.ts's business).
    await waitUntil(() => !commandLinesIn(workdir).some((argv) => argv[0] === link), 'the chosen codex to end');

    rmSync(link);
    const again = await engine.supervisor.finished((await engine.api['runs.start'](params)).id);
    expect(again).toMatchObject({ status: 'ended', stopReason: 'spawn_failed', iterations: 0 });
    expect(again?.detail).toContain(`The codex chosen in settings, ${link}, is not there or not executable.`);
    expect(again?.detail).toContain('autoloop agents set-path codex PATH');
    expect(server.requests).toHaveLength(1);
  }, 90_000);
});
