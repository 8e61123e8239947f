// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopEngineView } from '../../shared/desktop-engines';
import { saveEngines } from '../api/engine-choice';
import { createFakeApiClient } from '../testing/fake-api-client';
import { CONNECTED_BOX, createFakeEnginesBridge } from '../testing/fake-engines-bridge';
import { renderWithApi, type Rendered } from '../testing/render';
import { BrowserEngineSwitcher, DesktopEngineSwitcher } from './engine-switcher';

const box = CONNECTED_BOX;
const lab: DesktopEngineView = { ...box, name: 'lab', url: 'https://lab.lan:4317', status: 'lost', reason: 'ECONNREFUSED', retryInMs: 2_000 };
const switcherOf = (container: HTMLElement): HTMLSelectElement | null => container.querySelector('[data-testid="engine-switcher"]');
const optionsOf = (select: HTMLSelectElement | null): string[] => [...(select?.options ?? [])].map((option) => option.textContent ?? '');

describe('the engine switcher in the desktop app', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('is hidden without a remote engine', async () => {
    rendered = await renderWithApi(<DesktopEngineSwitcher bridge={createFakeEnginesBridge()} reload={() => undefined} />, createFakeApiClient({}));
    expect(switcherOf(rendered.container)).toBeNull();
  });

  it('lists this computer and each engine with its state, and switching asks main, then reloads the page', async () => {
    const bridge = createFakeEnginesBridge([box, lab]);
    const reloads: string[] = [];
    rendered = await renderWithApi(<DesktopEngineSwitcher bridge={bridge} reload={() => reloads.push('reload')} />, createFakeApiClient({}));
    const select = switcherOf(rendered.container);
    expect(optionsOf(select)).toEqual(['This computer', 'box', 'lab (connection lost)']);
    expect(select?.value).toBe('');
    await act(async () => {
      if (!select) return;
      select.value = 'box';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(bridge.calls).toEqual(['select box']);
    expect(reloads).toEqual(['reload']);
    expect(switcherOf(rendered.container)?.value).toBe('box');
  });

  it('says so in the header when the shown engine’s connection is lost; its runs are not shown as stopped', async () => {
    const bridge = createFakeEnginesBridge([box, lab], 'lab');
    rendered = await renderWithApi(<DesktopEngineSwitcher bridge={bridge} reload={() => undefined} />, createFakeApiClient({}));
    const state = (): string => rendered?.container.querySelector('[data-testid="engine-switcher-state"]')?.textContent ?? '';
    expect(state()).toBe('lab: Connection lost, trying again in 2 s: ECONNREFUSED');
    await act(async () => bridge.setState('lab', { status: 'connected', reason: null, retryInMs: null }));
    expect(state()).toBe('');
  });
});

describe('the engine switcher in a browser', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    localStorage.clear();
    sessionStorage.clear();
  });

  it('is hidden without engines kept in this browser, and lists them with this engine first', async () => {
    rendered = await renderWithApi(<BrowserEngineSwitcher />, createFakeApiClient({}));
    expect(switcherOf(rendered.container)).toBeNull();
    await rendered.unmount();
    saveEngines(localStorage, [{ name: 'box', url: 'https://box.lan:4317', token: 'alt_named' }]);
    rendered = await renderWithApi(<BrowserEngineSwitcher />, createFakeApiClient({}));
    expect(optionsOf(switcherOf(rendered.container))).toEqual([`This engine (${window.location.host})`, 'box']);
  });
});
