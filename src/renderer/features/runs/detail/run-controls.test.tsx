// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../../../../shared/records';
import type { RunBundle } from '../../../../shared/bundle';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered } from '../../../testing/render';
import { RunControls } from './run-controls';
import { applyRunFetched, emptyRunsState, runsStore } from '../runs-store';

const buttons = (container: HTMLElement): string[] => [...container.querySelectorAll('button')].map((button) => button.textContent ?? '');

describe('RunControls', () => {
  let rendered: Rendered | null = null;
  const render = async (run: Run, client = createFakeApiClient({})): Promise<HTMLElement> => {
    runsStore.setState(applyRunFetched(emptyRunsState, run, 0), true);
    rendered = await renderWithApi(<RunControls run={run} />, client);
    return rendered.container;
  };
  beforeEach(() => runsStore.setState(emptyRunsState, true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    vi.restoreAllMocks();
  });

  it('offers Pause while the run works, and Resume once a person or a shutdown paused it', async () => {
    expect(buttons(await render(builders.run({ status: 'waiting_approval' })))).toEqual(['Pause', 'Export', 'Stop']);
    await rendered?.unmount();
    for (const pauseReason of ['user', 'shutdown', 'interrupted', 'approval_timeout'] as const) {
      expect(buttons(await render(builders.run({ status: 'paused', pauseReason })))).toEqual(['Resume', 'Export', 'Stop']);
      await rendered?.unmount();
    }
    expect(buttons(await render(builders.run({ status: 'paused', pauseReason: 'budget' })))).toEqual(['Export', 'Stop']);
    await rendered?.unmount();
    expect(buttons(await render(builders.run({ status: 'ended', stopReason: 'completed' })))).toEqual(['Export']);
  });

  it('offers Resume for a run whose runner crashed, and not for runs that ended any other way', async () => {
    expect(buttons(await render(builders.run({ status: 'ended', stopReason: 'crash' })))).toEqual(['Resume', 'Export']);
    await rendered?.unmount();
    for (const stopReason of ['completed', 'user_stop', 'spawn_failed', 'protocol_error'] as const) {
      expect(buttons(await render(builders.run({ status: 'ended', stopReason })))).toEqual(['Export']);
      await rendered?.unmount();
    }
  });

  it('lets a person start a queued run over the cap, or take it out of the queue', async () => {
    const client = createFakeApiClient({
      'runs.startNow': ({ id }) => builders.run({ id, status: 'starting' }),
      'runs.dequeue': ({ id }) => builders.run({ id, status: 'ended', stopReason: 'user_stop' }),
    });
    const container = await render(builders.run({ status: 'queued' }), client);
    expect(buttons(container)).toEqual(['Run anyway', 'Remove from queue', 'Export', 'Stop']);
    await click(getButton(container, 'Run anyway'));
    expect(client.calls).toEqual([{ method: 'runs.startNow', params: { id: 'r1' } }]);
    expect(runsStore.getState().byId.r1?.status).toBe('starting');
    await rendered?.unmount();
    await click(getButton(await render(builders.run({ status: 'queued' }), client), 'Remove from queue'));
    expect(client.calls.at(-1)).toEqual({ method: 'runs.dequeue', params: { id: 'r1' } });
    expect(runsStore.getState().byId.r1).toMatchObject({ status: 'ended', stopReason: 'user_stop' });
  });

  it('resumes a crashed run from its checkpoint under the same id', async () => {
    const client = createFakeApiClient({ 'runs.resume': ({ id }) => builders.run({ id, status: 'starting', stopReason: null }) });
    await click(getButton(await render(builders.run({ status: 'ended', stopReason: 'crash' }), client), 'Resume'));
    expect(client.calls).toEqual([{ method: 'runs.resume', params: { id: 'r1' } }]);
    expect(runsStore.getState().byId.r1).toMatchObject({ status: 'starting', stopReason: null });
  });

  it('pauses, then waits for the pause to happen before offering it again', async () => {
    const client = createFakeApiClient({ 'runs.pause': ({ id }) => builders.run({ id, detail: 'Pausing after the current iteration' }) });
    const container = await render(builders.run(), client);
    await click(getButton(container, 'Pause'));
    expect(client.calls).toEqual([{ method: 'runs.pause', params: { id: 'r1' } }]);
    expect(getButton(container, 'Pause').disabled).toBe(true);
    expect(runsStore.getState().byId.r1?.detail).toBe('Pausing after the current iteration');
  });

  it('resumes a paused run under the same id', async () => {
    const client = createFakeApiClient({ 'runs.resume': ({ id }) => builders.run({ id, status: 'starting' }) });
    await click(getButton(await render(builders.run({ status: 'paused', pauseReason: 'user' }), client), 'Resume'));
    expect(client.calls).toEqual([{ method: 'runs.resume', params: { id: 'r1' } }]);
    expect(runsStore.getState().byId.r1?.status).toBe('starting');
  });

  it('exports the bundle as <name>-<id>.autoloop.json through a temporary download link', async () => {
    const bundle = { format: 'autoloop-run-bundle', run: builders.run() } as unknown as RunBundle;
    const client = createFakeApiClient({ 'runs.export': () => bundle });
    const clicked: Array<{ download: string; href: string }> = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push({ download: this.download, href: this.href });
    });
    const created = vi.spyOn(URL, 'createObjectURL');
    await click(getButton(await render(builders.run({ id: 'r1', name: 'Nightly / tests', status: 'ended' }), client), 'Export'));
    expect(client.calls).toEqual([{ method: 'runs.export', params: { id: 'r1' } }]);
    expect(clicked).toEqual([{ download: 'Nightly - tests-r1.autoloop.json', href: expect.stringMatching(/^blob:/) }]);
    const blob = created.mock.calls[0]?.[0] as Blob;
    expect(JSON.parse(await blob.text())).toEqual(bundle);
    expect(document.querySelector('a[download]')).toBeNull();
  });

  it('asks before stopping: nothing is stopped until a choice is made, and Cancel brings Stop back', async () => {
    const client = createFakeApiClient({});
    const container = await render(builders.run({ status: 'running' }), client);
    await click(getButton(container, 'Stop'));
    expect(client.calls).toEqual([]);
    expect(container.querySelector('[role="group"]')?.getAttribute('aria-label')).toBe('Stop demo?');
    expect(buttons(container)).toEqual(['Pause', 'Export', 'Stop after this iteration', 'Stop now', 'Cancel']);
    expect(document.activeElement?.textContent).toBe('Stop after this iteration');
    await click(getButton(container, 'Cancel'));
    expect(buttons(container)).toEqual(['Pause', 'Export', 'Stop']);
    expect(client.calls).toEqual([]);
  });

  it('stops after the current iteration when asked, through runs.stop with after: iteration', async () => {
    const client = createFakeApiClient({ 'runs.stop': ({ id }) => builders.run({ id, status: 'running', detail: 'Stopping after the current iteration' }) });
    const container = await render(builders.run({ status: 'running' }), client);
    await click(getButton(container, 'Stop'));
    await click(getButton(container, 'Stop after this iteration'));
    expect(client.calls).toEqual([{ method: 'runs.stop', params: { id: 'r1', after: 'iteration' } }]);
    expect(runsStore.getState().byId.r1?.detail).toBe('Stopping after the current iteration');
    // Stop is still there, to stop now; it no longer offers the stop already asked for.
    await click(getButton(container, 'Stop'));
    expect(buttons(container)).toEqual(['Pause', 'Export', 'Stop now', 'Cancel']);
  });

  it('offers only Stop now for a paused run, which has no iteration in flight', async () => {
    const client = createFakeApiClient({ 'runs.stop': ({ id }) => builders.run({ id, status: 'ended', stopReason: 'user_stop' }) });
    const container = await render(builders.run({ status: 'paused', pauseReason: 'user' }), client);
    await click(getButton(container, 'Stop'));
    expect(buttons(container)).toEqual(['Resume', 'Export', 'Stop now', 'Cancel']);
    await click(getButton(container, 'Stop now'));
    expect(client.calls).toEqual([{ method: 'runs.stop', params: { id: 'r1' } }]);
    expect(runsStore.getState().byId.r1?.status).toBe('ended');
  });

  it('shows why the engine refused, in an alert', async () => {
    const client = createFakeApiClient({
      'runs.pause': () => {
        throw new Error('The run "demo" is stopping: only a running run can be paused');
      },
    });
    await click(getButton(await render(builders.run(), client), 'Pause'));
    expect(rendered?.container.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not pause the run: The run "demo" is stopping: only a running run can be paused',
    );
  });
});
