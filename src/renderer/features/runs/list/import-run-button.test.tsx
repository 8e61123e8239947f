// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../api/api-call-error';
import { builders } from '../../../testing/builders';
import { createFakeApiClient, type FakeApiClient } from '../../../testing/fake-api-client';
import { renderWithApi, type Rendered } from '../../../testing/render';
import { emptyNoticesState, noticesStore } from '../../notices/notices-store';
import { ImportRunButton } from './import-run-button';
import { emptyRunsState, runsStore } from '../runs-store';

/** Chooses a file in the hidden input the way the browser's file picker does. */
async function chooseFile(container: HTMLElement, file: File): Promise<void> {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  Object.defineProperty(input, 'files', { configurable: true, value: [file] });
  await act(async () => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  // The file is read and the API answers on later ticks.
  await act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
}

describe('ImportRunButton', () => {
  let rendered: Rendered | null = null;
  const render = async (client: FakeApiClient): Promise<HTMLElement> => {
    rendered = await renderWithApi(<ImportRunButton />, client);
    return rendered.container;
  };
  beforeEach(() => {
    window.location.hash = '#/runs';
    runsStore.setState(emptyRunsState, true);
    noticesStore.setState(emptyNoticesState, true);
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('offers a button and a file input that takes .json', async () => {
    const container = await render(createFakeApiClient({}));
    expect([...container.querySelectorAll('button')].map((button) => button.textContent)).toEqual(['Import run…']);
    expect(container.querySelector('input[type="file"]')?.getAttribute('accept')).toBe('.json,application/json');
  });

  it('sends the parsed bundle to runs.import and opens the imported run', async () => {
    const client = createFakeApiClient({ 'runs.import': () => ({ run: builders.run({ id: 'k2', status: 'ended' }), renamedFrom: 'r1' }) });
    const container = await render(client);
    await chooseFile(container, new File(['{"format":"autoloop-run-bundle","version":1}'], 'demo-r1.autoloop.json'));
    expect(client.calls).toEqual([{ method: 'runs.import', params: { bundle: { format: 'autoloop-run-bundle', version: 1 } } }]);
    expect(runsStore.getState().byId.k2?.status).toBe('ended');
    expect(window.location.hash).toBe('#/runs/k2');
    expect(noticesStore.getState().notices[0]?.message).toContain('a run with the id r1 was already here');
  });

  it('shows the engine’s refusal, and a file that is not JSON, in an alert', async () => {
    const client = createFakeApiClient({
      'runs.import': () => {
        throw new ApiCallError('runs.import', {
          code: 'invalid_input',
          message: 'Not imported: the bundle was modified after export: its checksum does not match',
        });
      },
    });
    const container = await render(client);
    await chooseFile(container, new File(['{}'], 'edited.autoloop.json'));
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('Not imported: the bundle was modified after export: its checksum does not match');
    await chooseFile(container, new File(['not json'], 'notes.json'));
    expect(container.querySelector('[role="alert"]')?.textContent).toMatch(/^Not imported: notes\.json is not a JSON file/);
    expect(client.calls).toHaveLength(1);
    expect(window.location.hash).toBe('#/runs');
  });
});
