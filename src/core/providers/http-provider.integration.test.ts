import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import type { Approval } from '../../shared/records';
import { SettingsPatch } from '../../shared/settings';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { type FakeOpenAiServer, startFakeOpenAiServer } from './testing/fake-openai-server';
import { waitUntil } from '../testing/wait-until';

const KEY = 'sk-local-e2e-secret';
const servers: FakeOpenAiServer[] = [];
const tempEngine = tempEnginesPerFile({}, () => Promise.all(servers.map((server) => server.close())));

/** A port on which nothing listens any more. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** An engine with a provider `local` of type openai-compatible that points at a fresh fake server. */
async function engineWithLocalProvider(completions: Parameters<typeof startFakeOpenAiServer>[0]) {
  const server = await startFakeOpenAiServer(completions);
  servers.push(server);
  const engine = tempEngine();
  await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: KEY } });
  return { engine, server };
}

describe('a run on an openai-compatible provider over HTTP', () => {
  it('streams, asks before a write, records usage and prices it from the settings', async () => {
    const { engine, server } = await engineWithLocalProvider([
      {
        text: 'I will write the notes.',
        toolCalls: [{ name: 'write_file', input: { path: 'notes.txt', content: 'from the provider' } }],
        usage: { input: 1_200, output: 40 },
      },
      {
        text: 'Done.',
        toolCalls: [
          { name: 'report', input: { summary: 'Wrote notes.txt.' } },
          { name: 'complete', input: { reason: 'notes written' } },
        ],
        usage: { input: 1_300, output: 20 },
      },
    ]);
    await engine.api['settings.set'](SettingsPatch.parse({ prices: { 'local/test-model': { input: 2, output: 10 } } }));
    const requested: Approval[] = [];
    engine.bus.subscribe((event) => void (event.type === 'approval.requested' && requested.push(event.approval)));
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-http-work-'));
    const started = await engine.api['runs.start'](
      StartRunParams.parse({ template: 'demo-counter', model: 'local/test-model', workdir, loop: { intervalMs: 0 }, permissions: { profile: 'ask' } }),
    );
    await waitUntil(() => requested.length === 1);
    expect(requested[0]).toMatchObject({ runId: started.id, tool: 'write_file', status: 'pending' });
    await engine.api['approvals.decide']({ id: requested[0]?.id ?? '', decision: 'allow', scope: 'once' });

    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 1, inputTokens: 2_500, outputTokens: 60, model: 'local/test-model' });
    expect(run?.costUsd).toBeCloseTo((2_500 * 2 + 60 * 10) / 1_000_000, 12);
    expect(readFileSync(join(workdir, 'notes.txt'), 'utf8')).toBe('from the provider');
    const [iteration] = await engine.api['runs.iterations']({ id: started.id });
    expect(iteration).toMatchObject({ n: 1, status: 'ok', summary: 'Wrote notes.txt.', inputTokens: 2_500, outputTokens: 60 });
    const daily = engine.db.prepare('SELECT input_tokens AS input, output_tokens AS output, cost_usd AS cost FROM usage_daily').get() as {
      input: number;
      output: number;
      cost: number;
    };
    expect(daily).toMatchObject({ input: 2_500, output: 60 });
    expect(daily.cost).toBeCloseTo(0.0056, 12);

    const { events } = await engine.api['runs.events']({ id: started.id, afterSeq: 0, limit: 1_000 });
    expect(events.find((event) => event.kind === 'text')?.data.text).toBe('I will write the notes.');
    expect(events.filter((event) => event.kind === 'tool_call').map((event) => event.data.tool)).toEqual(['write_file', 'report', 'complete']);
    expect(events.find((event) => event.kind === 'tool_result' && event.data.tool === 'write_file')?.data.isError).toBe(false);

    // The key went to the provider, and nowhere a person or a file can see it.
    expect(server.calls.map((call) => call.authorization)).toEqual([`Bearer ${KEY}`, `Bearer ${KEY}`]);
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(JSON.stringify(await engine.api['settings.get']({}))).not.toContain(KEY);
    expect(JSON.stringify(await engine.api['runs.export']({ id: started.id }))).not.toContain(KEY);
    expect(engine.log.lines.join('\n')).not.toContain(KEY);
  });

  it('lists its providers without keys, tests one, and removes it', async () => {
    const { engine } = await engineWithLocalProvider([{ text: 'unused' }]);
    const providers = await engine.api['providers.list']({});
    expect(providers.map((provider) => provider.name)).toEqual(['anthropic', 'openai', 'local']);
    expect(providers.find((provider) => provider.name === 'local')).toMatchObject({ type: 'openai-compatible', apiKeySet: true, apiKeySource: 'settings' });
    expect(JSON.stringify(providers)).not.toContain(KEY);
    expect((await engine.api['settings.get']({})).providers.local).toMatchObject({ type: 'openai-compatible', apiKeySet: true });

    expect(await engine.api['providers.test']({ name: 'local', model: 'test-model' })).toEqual({
      ok: true,
      message: 'ok: 1 model available, including test-model',
    });
    // Changing the base URL keeps the stored key.
    const port = await closedPort();
    await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1` } });
    expect((await engine.api['providers.list']({})).find((provider) => provider.name === 'local')?.apiKeySet).toBe(true);
    expect(await engine.api['providers.test']({ name: 'local' })).toEqual({ ok: false, message: `connection refused at http://127.0.0.1:${port}` });

    expect((await engine.api['providers.remove']({ name: 'local' })).map((provider) => provider.name)).toEqual(['anthropic', 'openai']);
    await expect(engine.api['providers.test']({ name: 'local' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('refuses to start a run on a provider that has no key, saying where to put one', async () => {
    const engine = tempEngine();
    const saved = process.env.ANTHROPIC_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    try {
      await expect(engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model: 'anthropic/claude-sonnet-4-5' }))).rejects.toMatchObject({
        code: 'invalid_input',
        message: 'No API key for provider anthropic: set ANTHROPIC_API_KEY or add a key in Settings → Providers',
      });
    } finally {
      if (saved !== undefined) process.env.ANTHROPIC_API_KEY = saved;
    }
  });
});
