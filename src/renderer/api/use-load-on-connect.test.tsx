// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApiClient } from '../testing/fake-api-client';
import { type Rendered, renderWithApi } from '../testing/render';
import { initialConnectionState, receiveConnectionState } from './connection-store';
import type { ApiClient } from './create-api-client';
import { useLoadOnConnect } from './use-load-on-connect';

let loads = 0;
let failWith: string | null = null;

async function loadTemplates(api: ApiClient): Promise<void> {
  loads += 1;
  await api.call('templates.list', {});
  if (failWith !== null) throw new Error(failWith);
}

function Probe() {
  const error = useLoadOnConnect(loadTemplates, 'the templates');
  return <p data-testid="error">{error ?? 'none'}</p>;
}

let rendered: Rendered | null = null;

afterEach(async () => {
  await rendered?.unmount();
  rendered = null;
  loads = 0;
  failWith = null;
  receiveConnectionState(initialConnectionState);
});

const errorText = (): string | null | undefined => rendered?.container.querySelector('[data-testid="error"]')?.textContent;

describe('useLoadOnConnect', () => {
  it('loads once on mount and again after each reconnect, not on other connection changes', async () => {
    rendered = await renderWithApi(<Probe />, createFakeApiClient({ 'templates.list': () => [] }));
    expect(loads).toBe(1);
    await act(async () => receiveConnectionState({ status: 'reconnecting', retryInMs: 1_000, reconnects: 0 }));
    expect(loads).toBe(1);
    await act(async () => receiveConnectionState({ status: 'open', retryInMs: null, reconnects: 1 }));
    expect(loads).toBe(2);
  });

  it('shows what could not be loaded and why, and clears it when a later load succeeds', async () => {
    failWith = 'the engine is busy';
    rendered = await renderWithApi(<Probe />, createFakeApiClient({ 'templates.list': () => [] }));
    expect(errorText()).toBe('Could not load the templates: the engine is busy');
    failWith = null;
    await act(async () => receiveConnectionState({ status: 'open', retryInMs: null, reconnects: 1 }));
    expect(errorText()).toBe('none');
  });
});
