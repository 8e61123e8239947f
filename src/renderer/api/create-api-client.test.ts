import { describe, expect, it, vi } from 'vitest';
import type { ApiPushEvent } from '../../shared/api';
import { builders } from '../testing/builders';
import { ApiCallError } from './api-call-error';
import type { ApiTransport } from './api-transport';
import { createApiClient } from './create-api-client';

function fakeTransport(answer: (method: string, params: unknown) => unknown) {
  const listeners = new Set<(event: unknown) => void>();
  const transport: ApiTransport = {
    call: async (method, params) => answer(method, params),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, push: (event: unknown) => listeners.forEach((listener) => listener(event)) };
}

describe('createApiClient', () => {
  it('returns the validated result of a call', async () => {
    const run = builders.run();
    const { transport } = fakeTransport(() => ({ ok: true, value: run }));
    await expect(createApiClient({ transport }).call('runs.get', { id: 'r1' })).resolves.toEqual(run);
  });

  it('throws ApiCallError with the engine’s code and message for ok:false', async () => {
    const { transport } = fakeTransport(() => ({ ok: false, error: { code: 'conflict', message: 'A run named demo is active' } }));
    const failure = await createApiClient({ transport })
      .call('runs.start', { template: 'demo' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiCallError);
    expect(failure).toMatchObject({ code: 'conflict', message: 'A run named demo is active', method: 'runs.start' });
  });

  it('throws an internal ApiCallError when the result does not match the contract', async () => {
    const { transport } = fakeTransport(() => ({ ok: true, value: { id: 'r1' } }));
    await expect(createApiClient({ transport }).call('runs.get', { id: 'r1' })).rejects.toMatchObject({ code: 'internal' });
  });

  it('throws an unavailable ApiCallError when the transport itself fails', async () => {
    const { transport } = fakeTransport(() => {
      throw new Error('IPC closed');
    });
    await expect(createApiClient({ transport }).call('system.info', {})).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('passes valid pushes on and drops invalid ones with a warning', () => {
    const { transport, push } = fakeTransport(() => undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const client = createApiClient({ transport });
    const events: ApiPushEvent[] = [];
    const unsubscribe = client.onEvent((event) => events.push(event));
    push({ type: 'run.updated', run: builders.run() });
    push({ type: 'run.updated', run: { id: 'half a run' } });
    unsubscribe();
    push({ type: 'notice', level: 'info', message: 'after unsubscribe' });
    expect(events.map((event) => event.type)).toEqual(['run.updated']);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });
});
