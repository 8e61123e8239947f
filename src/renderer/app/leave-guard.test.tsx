// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApiClient } from '../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered } from '../testing/render';
import { leaveGuardStore, useLeaveGuard } from './leave-guard';
import { LeaveGuardDialog } from './leave-guard-dialog';
import { useRoute } from './use-route';

/** A page that holds unsaved work while `isDirty`, beside the route it shows. */
function Page({ isDirty }: Readonly<{ isDirty: boolean }>) {
  const route = useRoute();
  useLeaveGuard(isDirty ? 'your changes to the template nightly' : null);
  return (
    <>
      <p data-testid="page">{route.page}</p>
      <LeaveGuardDialog />
    </>
  );
}

/** Moves the hash as a link, a shortcut or Back does, and lets the `hashchange` arrive. */
async function goTo(hash: string): Promise<void> {
  await act(async () => {
    window.location.hash = hash;
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
}

const shown = (rendered: Rendered): string | null | undefined => rendered.container.querySelector('[data-testid="page"]')?.textContent;
const dialog = (rendered: Rendered): HTMLDialogElement | null => rendered.container.querySelector('[data-testid="leave-guard-dialog"]');

describe('the leave guard', () => {
  let rendered: Rendered | null = null;
  beforeEach(async () => {
    window.location.hash = '#/templates/nightly';
    leaveGuardStore.setState({ guard: null, pendingHash: null }, true);
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('lets a page without unsaved work be left at once, and adds no beforeunload question', async () => {
    rendered = await renderWithApi(<Page isDirty={false} />, createFakeApiClient({}));
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(false);
    await goTo('#/runs');
    expect(shown(rendered)).toBe('runs');
    expect(dialog(rendered)?.open).toBe(false);
  });

  it('asks before leaving unsaved work: Stay keeps the page and its address, Leave without saving goes where asked', async () => {
    rendered = await renderWithApi(<Page isDirty />, createFakeApiClient({}));
    expect(shown(rendered)).toBe('template');
    await goTo('#/runs');
    expect(shown(rendered)).toBe('template');
    expect(window.location.hash).toBe('#/templates/nightly');
    expect(dialog(rendered)?.open).toBe(true);
    expect(dialog(rendered)?.textContent).toContain('Your changes to the template nightly are not saved.');

    await click(getButton(rendered.container, 'Stay on this page'));
    expect(dialog(rendered)?.open).toBe(false);
    expect(shown(rendered)).toBe('template');

    await goTo('#/settings');
    await act(async () => {
      getButton(rendered?.container as HTMLElement, 'Leave without saving').click();
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    });
    expect(window.location.hash).toBe('#/settings');
    expect(shown(rendered)).toBe('settings');
    expect(leaveGuardStore.getState().guard).toBeNull();
  });

  it('asks the browser to confirm closing or reloading the tab while edits are unsaved', async () => {
    rendered = await renderWithApi(<Page isDirty />, createFakeApiClient({}));
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
  });
});
