import { describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { describeStopReason } from '../../shared/records';
import { tempEnginesPerFile } from '../testing/temp-engines';
import { type FakeOpenAiServer, startFakeOpenAiServer } from './testing/fake-openai-server';

const servers: FakeOpenAiServer[] = [];
const tempEngine = tempEnginesPerFile({}, () => Promise.all(servers.map((server) => server.close())));

const refusal = (status: number) => ({
  error: {
    status,
    body: { error: { message: 'Incorrect API key provided: sk-bad***key', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
  },
});

describe('a provider that refuses the key', () => {
  it.each([401, 403])('ends the run at once on a %i, with the reason in words, without using up the failure streak', async (status) => {
    const server = await startFakeOpenAiServer([refusal(status)]);
    servers.push(server);
    const engine = tempEngine();
    await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: 'sk-bad-key' } });
    // A failure streak of 3 and no pause between iterations: were the refusal counted as an ordinary failure, three calls would be made.
    const started = await engine.api['runs.start'](
      StartRunParams.parse({ template: 'demo-counter', model: 'local/test-model', loop: { intervalMs: 0, errorPauseMs: 0, sameFailureLimit: 3 } }),
    );

    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'auth_failed', iterations: 1 });
    expect(run?.detail).toBe(`${status}: the key was refused by ${new URL(server.baseUrl).host}; check the key in Settings → Providers`);
    expect(describeStopReason('auth_failed')).toBe('Stopped: the model provider refused the API key');
    expect(server.calls, 'one model call: a refused key is never retried').toHaveLength(1);
    const [iteration] = await engine.api['runs.iterations']({ id: started.id });
    expect(iteration).toMatchObject({ n: 1, status: 'error' });
    expect(JSON.stringify(run)).not.toContain('sk-bad');
  });

  it('goes on from its checkpoint once the key is fixed and the run resumed', async () => {
    const finish = {
      text: 'Counted.',
      toolCalls: [
        { name: 'report', input: { summary: 'Counted to 1.' } },
        { name: 'complete', input: { reason: 'done' } },
      ],
    };
    const server = await startFakeOpenAiServer([refusal(401), finish]);
    servers.push(server);
    const engine = tempEngine();
    await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: 'sk-bad-key' } });
    const started = await engine.api['runs.start'](StartRunParams.parse({ template: 'demo-counter', model: 'local/test-model', loop: { intervalMs: 0 } }));
    expect(await engine.supervisor.finished(started.id)).toMatchObject({ stopReason: 'auth_failed' });

    await engine.api['providers.set']({ name: 'local', config: { type: 'openai-compatible', baseUrl: server.baseUrl, apiKey: 'sk-good-key' } });
    expect(await engine.api['runs.resume']({ id: started.id })).toMatchObject({ status: 'starting', stopReason: null });
    const run = await engine.supervisor.finished(started.id);
    expect(run).toMatchObject({ status: 'ended', stopReason: 'completed', iterations: 2 });
    expect(server.calls.map((call) => call.authorization)).toEqual(['Bearer sk-bad-key', 'Bearer sk-good-key']);
  });
});
