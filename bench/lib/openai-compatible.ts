import { type FakeCompletion, type FakeOpenAiServer, startFakeOpenAiServer } from '../../src/core/providers/testing/fake-openai-server';
import type { ModelSpec } from '../../src/shared/protocol';

/** The provider name the benches give the local fake server. */
export const LOCAL_PROVIDER = 'local';
/** The model the fake server lists; runs name it `local/test-model`. */
export const LOCAL_MODEL = `${LOCAL_PROVIDER}/test-model`;

/**
 * The local OpenAI-compatible server the tests use, answering like `reportingIteration`: a `report`
 * call, then (after the tool result) a closing text. It decides from each request's messages, so
 * any number of runs can share it.
 */
export function startReportingServer(summary: string): Promise<FakeOpenAiServer> {
  const report: FakeCompletion = { text: `Working: ${summary}`, toolCalls: [{ name: 'report', input: { summary } }], usage: { input: 200, output: 20 } };
  const close: FakeCompletion = { text: 'Done for this iteration.', usage: { input: 250, output: 5 } };
  return startFakeOpenAiServer((body) => {
    const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role?: unknown }>) : [];
    return messages.at(-1)?.role === 'tool' ? close : report;
  });
}

/** The model spec the supervisor's resolveModel makes of `local/test-model` with this base URL (no API key). */
export function localModelSpec(baseUrl: string): ModelSpec {
  return { provider: 'openai-compatible', id: 'test-model', options: { providerName: LOCAL_PROVIDER, baseUrl } };
}
