// @vitest-environment happy-dom
import { type ReactNode, act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiParams } from '../../../shared/api';
import { ApiCallError } from '../../../shared/api-call-error';
import type { Run } from '../../../shared/records';
import { builders } from '../../testing/builders';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { RunControls } from './detail/run-controls';
import { RunRowActions } from './list/run-row-actions';
import { applyRunFetched, emptyRunsState, runsStore } from './runs-store';

const current = { profile: 'ask' as const, rules: [], workdir: '/data/workspaces/r1', model: 'scripted/demo' };

/** An engine that refuses to resume the imported run until its settings are confirmed, as the real one does. */
function engineWithImportedRun() {
  return createFakeApiClient({
    'runs.resume': (params: ApiParams<'runs.resume'>) => {
      if (params.confirmImport === undefined) {
        throw new ApiCallError('runs.resume', {
          code: 'conflict',
          message: 'The run "Imported" was imported: confirm …',
          details: { field: 'confirmImport', current },
        });
      }
      const { profile, workdir } = params.confirmImport;
      return builders.run({ id: params.id, status: 'starting', stopReason: null, permissions: { ...builders.run().permissions, profile }, workdir });
    },
  });
}

describe('resuming an imported run', () => {
  let rendered: Rendered | null = null;
  const crashedImport = builders.run({ status: 'ended', stopReason: 'crash', name: 'Imported' });
  const render = async (ui: ReactNode, run: Run, client = engineWithImportedRun()) => {
    runsStore.setState(applyRunFetched(emptyRunsState, run, 0), true);
    rendered = await renderWithApi(ui, client);
    return { container: rendered.container, client };
  };
  beforeEach(() => runsStore.setState(emptyRunsState, true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('asks on the run page for the profile, folder and model, starting from the engine’s defaults, then resumes with them', async () => {
    const { container, client } = await render(<RunControls run={crashedImport} />, crashedImport);
    await click(getButton(container, 'Resume'));
    const dialog = container.querySelector<HTMLElement>('[data-testid="confirm-import-r1"]');
    expect(dialog?.textContent).toContain('It has no permission rules of its own.');
    expect(container.querySelector('[role="alert"]')).toBeNull();
    expect(getByLabel(container, 'Working folder').value).toBe(current.workdir);
    expect(getByLabel(container, 'Model').value).toBe(current.model);
    const profile = getByLabel<HTMLSelectElement>(container, 'Permissions');
    expect(profile.value).toBe('ask');
    await act(async () => {
      profile.value = 'read-only';
      profile.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await typeInto(getByLabel(container, 'Working folder'), '/home/me/checkout');
    await click(getButton(container, 'Confirm and resume'));
    expect(client.calls).toEqual([
      { method: 'runs.resume', params: { id: 'r1' } },
      { method: 'runs.resume', params: { id: 'r1', confirmImport: { profile: 'read-only', rules: [], workdir: '/home/me/checkout', model: 'scripted/demo' } } },
    ]);
    expect(runsStore.getState().byId.r1).toMatchObject({ status: 'starting', workdir: '/home/me/checkout' });
    expect(container.querySelector('[data-testid="confirm-import-r1"]')).toBeNull();
  });

  it('opens the same dialog from the run list, and shows any other refusal as an error instead', async () => {
    const { container } = await render(<RunRowActions run={crashedImport} onError={() => undefined} />, crashedImport);
    // A crashed run waits for the person: its row offers Review, and Resume behind ⋯.
    await click(container.querySelector('button[aria-label^="More actions for"]') as HTMLButtonElement);
    await click(getButton(container, 'Resume'));
    expect(container.querySelector('[data-testid="confirm-import-r1"]')).not.toBeNull();
    await click(getButton(container, 'Cancel'));
    expect(container.querySelector('[data-testid="confirm-import-r1"]')).toBeNull();
    await rendered?.unmount();

    const refusing = createFakeApiClient({
      'runs.resume': () => {
        throw new ApiCallError('runs.resume', { code: 'conflict', message: 'only a paused or crashed run can be resumed' });
      },
    });
    const page = await render(<RunControls run={crashedImport} />, crashedImport, refusing);
    await click(getButton(page.container, 'Resume'));
    expect(page.container.querySelector('[data-testid="confirm-import-r1"]')).toBeNull();
    expect(page.container.querySelector('[role="alert"]')?.textContent).toBe('Could not resume the run: only a paused or crashed run can be resumed');
  });
});
