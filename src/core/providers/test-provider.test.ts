import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProviderSettings } from '../../shared/providers';
import { testProvider } from './test-provider';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
});

/** A provider endpoint that answers `GET /v1/models` with `status` and `body`, and records the headers it got. */
async function endpoint(status: number, body: unknown): Promise<{ baseUrl: string; seen: IncomingHttpHeaders[]; paths: string[] }> {
  const seen: IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers);
    paths.push(request.url ?? '');
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen, paths };
}

const models = (...ids: string[]) => ({ data: ids.map((id) => ({ id })) });

describe('testProvider', () => {
  it('counts the models of an openai-compatible server', async () => {
    const { baseUrl, paths } = await endpoint(200, models('llama3', 'qwen2.5', 'phi4'));
    const local: ProviderSettings = { type: 'openai-compatible', baseUrl };
    expect(await testProvider('local', local, {}, undefined)).toEqual({ ok: true, message: 'ok: 3 models available' });
    expect(paths).toEqual(['/v1/models']);
  });

  it('sends an Anthropic key the way Anthropic wants it and checks the model, dated ids included', async () => {
    const { baseUrl, seen, paths } = await endpoint(200, models('claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001'));
    const anthropic: ProviderSettings = { type: 'anthropic', baseUrl, apiKeyEnv: 'TEST_ANTHROPIC_KEY' };
    expect(await testProvider('anthropic', anthropic, { TEST_ANTHROPIC_KEY: 'sk-ant-env' }, 'anthropic/claude-sonnet-4-5')).toEqual({
      ok: true,
      message: 'ok: 2 models available, including claude-sonnet-4-5',
    });
    expect(seen[0]?.['x-api-key']).toBe('sk-ant-env');
    expect(seen[0]?.['anthropic-version']).toBe('2023-06-01');
    expect(paths[0]).toBe('/v1/models?limit=1000');
  });

  it('says when the key works but the model is not offered', async () => {
    const { baseUrl } = await endpoint(200, models('gpt-4o'));
    const result = await testProvider('openai', { type: 'openai', baseUrl, apiKey: 'sk-x' }, {}, 'gpt-9');
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^The key works \(1 model available\), but 127\.0\.0\.1:\d+ lists no model gpt-9: check the model name$/);
  });

  it('reports a refused key without repeating it', async () => {
    const { baseUrl } = await endpoint(401, { error: { message: 'Incorrect API key provided: sk-secret-value', type: 'invalid_request_error' } });
    const result = await testProvider('openai', { type: 'openai', baseUrl, apiKey: 'sk-secret-value' }, {}, undefined);
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^401: the key was refused by 127\.0\.0\.1:\d+; check the key in Settings → Providers$/);
  });

  it('hides the key even where a provider echoes it in another error', async () => {
    const { baseUrl } = await endpoint(500, { error: { message: 'upstream failed for key sk-secret-value' } });
    const result = await testProvider('openai', { type: 'openai', baseUrl, apiKey: 'sk-secret-value' }, {}, undefined);
    expect(result.message).toContain('had a server error: upstream failed for key ***');
    expect(result.message).not.toContain('sk-secret-value');
  });

  it('names the address when nothing listens there', async () => {
    const { baseUrl } = await endpoint(200, models());
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    const result = await testProvider('local', { type: 'openai-compatible', baseUrl }, {}, undefined);
    expect(result).toEqual({ ok: false, message: `connection refused at ${baseUrl.replace(/\/v1$/, '')}` });
  });

  it('says how to give a provider its key before calling anything', async () => {
    expect(await testProvider('anthropic', { type: 'anthropic', apiKeyEnv: 'NOT_SET_ANYWHERE' }, {}, undefined)).toEqual({
      ok: false,
      message: 'No API key for provider anthropic: set NOT_SET_ANYWHERE or add a key in Settings → Providers',
    });
  });

  it('says when the base URL answers with something that is no model list', async () => {
    const { baseUrl } = await endpoint(200, { hello: 'world' });
    expect((await testProvider('local', { type: 'openai-compatible', baseUrl }, {}, undefined)).message).toContain(
      'not with a list of models: check the base URL',
    );
  });
});
