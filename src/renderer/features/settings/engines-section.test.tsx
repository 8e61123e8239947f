// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { CONNECTED_BOX, createFakeEnginesBridge } from '../../testing/fake-engines-bridge';
import { click, getButton, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { BrowserEnginesSection, DesktopEnginesSection } from './engines-section';

/** The input inside the `<label>` whose text starts with `text` (the section's labels wrap their inputs). */
function inputLabelled(container: HTMLElement, text: string): HTMLInputElement {
  const label = [...container.querySelectorAll('label')].find((candidate) => candidate.textContent?.startsWith(text));
  const input = label?.querySelector('input');
  if (!input) throw new Error(`No input labelled "${text}"`);
  return input;
}
const textOf = (container: HTMLElement, testId: string): string => container.querySelector(`[data-testid="${testId}"]`)?.textContent ?? '';
const flush = (): Promise<void> => act(async () => undefined);

const box = CONNECTED_BOX;

describe('Settings → Engines in the desktop app', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    localStorage.clear();
  });

  it('lists this computer and the remote engines with their connection states, and follows main’s changes', async () => {
    const bridge = createFakeEnginesBridge([box]);
    rendered = await renderWithApi(<DesktopEnginesSection bridge={bridge} reload={() => undefined} />, createFakeApiClient({}));
    const { container } = rendered;
    expect(textOf(container, 'engine-local')).toContain('This computer: shown in this window');
    expect(textOf(container, 'engine-state-box')).toBe('Connected');
    await act(async () => bridge.setState('box', { status: 'lost', reason: 'the connection closed (1006)', retryInMs: 4_000 }));
    expect(textOf(container, 'engine-state-box')).toBe('Connection lost, trying again in 4 s: the connection closed (1006)');
    await act(async () => bridge.setState('box', { status: 'refused', reason: 'the token was revoked on box', retryInMs: null }));
    expect(textOf(container, 'engine-state-box')).toContain('Refused, not retrying: the token was revoked on box');
  });

  it('adds an engine through main (the token goes there once and never shows again), shows it and removes it', async () => {
    const bridge = createFakeEnginesBridge();
    const reloads: string[] = [];
    rendered = await renderWithApi(<DesktopEnginesSection bridge={bridge} reload={() => reloads.push('reload')} />, createFakeApiClient({}));
    const { container } = rendered;
    await typeInto(inputLabelled(container, 'Name'), 'lab');
    await typeInto(inputLabelled(container, 'Address'), 'https://lab.lan:4317');
    await typeInto(inputLabelled(container, 'Token'), 'alt_secret-token');
    await typeInto(inputLabelled(container, 'CA file'), '/keys/lab.pem');
    await click(getButton(container, 'Add engine'));
    await flush();
    expect(bridge.received).toEqual([{ name: 'lab', url: 'https://lab.lan:4317', token: 'alt_secret-token', ca: '/keys/lab.pem' }]);
    expect(textOf(container, 'engine-lab')).toContain('https://lab.lan:4317 (trusts /keys/lab.pem)');
    expect(textOf(container, 'engine-state-lab')).toBe('Connecting…');
    expect(container.innerHTML).not.toContain('alt_secret-token');
    expect(localStorage.length).toBe(0); // kept by main, not in the page
    await click(getButton(container, 'Show lab'));
    await flush();
    expect(bridge.calls).toContain('select lab');
    expect(reloads).toEqual(['reload']);
    expect(textOf(container, 'engine-lab')).toContain('shown in this window');
    await click(getButton(container, 'Remove lab'));
    await flush();
    expect(container.querySelector('[data-testid="engine-lab"]')).toBeNull();
    expect(reloads).toEqual(['reload', 'reload']); // it was shown: the window goes back to this computer's engine
  });

  it('offers a refused engine Try again and a new token without removing it', async () => {
    const bridge = createFakeEnginesBridge([{ ...box, status: 'refused', reason: 'the token was revoked on box: replace its token in Settings → Engines' }]);
    rendered = await renderWithApi(<DesktopEnginesSection bridge={bridge} reload={() => undefined} />, createFakeApiClient({}));
    const { container } = rendered;
    expect(textOf(container, 'engine-state-box')).toBe(
      'Refused, not retrying: the token was revoked on box: replace its token in Settings → Engines. Try again once fixed, or replace its token',
    );
    await click(getButton(container, 'Try box again'));
    await flush();
    expect(bridge.calls).toEqual(['retry box']);
    expect(textOf(container, 'engine-state-box')).toBe('Connecting…');
    // Only while refused or lost.
    expect([...container.querySelectorAll('button')].map((button) => button.textContent)).not.toContain('Try box again');

    await act(async () => bridge.setState('box', { status: 'refused', reason: 'refused the token (HTTP 401)', retryInMs: null }));
    await click(getButton(container, 'Replace token of box'));
    await typeInto(inputLabelled(container, 'New token for box'), 'alt_new-token');
    await click(getButton(container, 'Save box'));
    await flush();
    expect(bridge.calls).toEqual(['retry box', 'update']);
    expect(bridge.received).toEqual([{ name: 'box', token: 'alt_new-token' }]);
    expect(textOf(container, 'engine-state-box')).toBe('Connecting…');
    expect(container.querySelector('[aria-label="Replace the token of box"]')).toBeNull();
    expect(container.innerHTML).not.toContain('alt_new-token');
    expect(textOf(container, 'engine-box')).toContain('Remove box'); // still kept: nothing was removed
  });

  it('lists what Import from the CLI would bring in, imports only those, and shows no token', async () => {
    const bridge = createFakeEnginesBridge([box], null, [
      { name: 'lab', url: 'https://lab.lan:4317', ca: '/keys/lab.pem', hasApproverCode: true, skipped: null, token: 'alt_lab-cli-token' },
      {
        name: 'box',
        url: 'https://other.lan:4317',
        ca: null,
        hasApproverCode: false,
        skipped: 'the desktop app already has an engine called box: kept as it is',
        token: 'alt_x',
      },
    ]);
    rendered = await renderWithApi(<DesktopEnginesSection bridge={bridge} reload={() => undefined} />, createFakeApiClient({}));
    const { container } = rendered;
    await click(getButton(container, 'Import from the CLI…'));
    await flush();
    expect(textOf(container, 'cli-import')).toContain('From /data/engines.json');
    expect(textOf(container, 'cli-import-lab')).toBe('lab https://lab.lan:4317 (trusts /keys/lab.pem): will be imported');
    expect(textOf(container, 'cli-import-box')).toBe(
      'box https://other.lan:4317: not imported: the desktop app already has an engine called box: kept as it is',
    );
    expect(bridge.calls).toEqual(['cli plan']); // nothing imported by looking
    expect(container.innerHTML).not.toContain('alt_');
    await click(getButton(container, 'Import 1 engine'));
    await flush();
    expect(bridge.calls).toEqual(['cli plan', 'cli import lab']);
    expect(container.querySelector('[data-testid="cli-import"]')).toBeNull();
    expect(textOf(container, 'engine-lab')).toContain('https://lab.lan:4317 (trusts /keys/lab.pem)');
    expect(textOf(container, 'engine-box')).toContain('https://box.lan:4317'); // the kept one, not overwritten
  });

  it('says when the CLI keeps no engines, and offers nothing to import', async () => {
    const bridge = createFakeEnginesBridge();
    rendered = await renderWithApi(<DesktopEnginesSection bridge={bridge} reload={() => undefined} />, createFakeApiClient({}));
    const { container } = rendered;
    await click(getButton(container, 'Import from the CLI…'));
    await flush();
    expect(textOf(container, 'cli-import')).toContain('The CLI keeps no engines (/data/engines.json).');
    expect(getButton(container, 'Import 0 engines').disabled).toBe(true);
    await click(getButton(container, 'Cancel import'));
    expect(container.querySelector('[data-testid="cli-import"]')).toBeNull();
  });

  it('shows main’s refusal and keeps the draft', async () => {
    const bridge = createFakeEnginesBridge([box]);
    rendered = await renderWithApi(<DesktopEnginesSection bridge={bridge} reload={() => undefined} />, createFakeApiClient({}));
    const { container } = rendered;
    await typeInto(inputLabelled(container, 'Name'), 'box');
    await typeInto(inputLabelled(container, 'Address'), 'https://other:4317');
    await typeInto(inputLabelled(container, 'Token'), 't');
    await click(getButton(container, 'Add engine'));
    await flush();
    expect(container.querySelector('[role="alert"]')?.textContent).toBe('there is already an engine called box');
    expect(inputLabelled(container, 'Address').value).toBe('https://other:4317');
  });
});

describe('Settings → Engines in a browser', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    localStorage.clear();
  });

  it('keeps engines in this browser and probes each one', async () => {
    // The probe opens a socket; here one that opens for box and closes for anything else.
    const opened: string[] = [];
    class ProbeSocket {
      onopen: (() => void) | null = null;
      onclose: (() => void) | null = null;
      constructor(readonly url: string) {
        opened.push(url);
        queueMicrotask(() => (url.includes('box.lan') ? this.onopen?.() : this.onclose?.()));
      }
      close(): void {
        this.onclose?.();
      }
    }
    const original = globalThis.WebSocket;
    Reflect.set(globalThis, 'WebSocket', ProbeSocket);
    try {
      rendered = await renderWithApi(<BrowserEnginesSection />, createFakeApiClient({}));
      const { container } = rendered;
      await typeInto(inputLabelled(container, 'Name'), 'box');
      await typeInto(inputLabelled(container, 'Address'), 'https://box.lan:4317');
      await typeInto(inputLabelled(container, 'Token'), 'alt_named');
      await click(getButton(container, 'Add engine'));
      await flush();
      expect(JSON.parse(localStorage.getItem('autoloop.engines') ?? '[]')).toEqual([{ name: 'box', url: 'https://box.lan:4317', token: 'alt_named' }]);
      expect(textOf(container, 'engine-state-box')).toBe('Connected');
      expect(opened[0]).toMatch(/^wss:\/\/box\.lan:4317\/api/);
      await click(getButton(container, 'Remove box'));
      expect(localStorage.getItem('autoloop.engines')).toBe('[]');
    } finally {
      Reflect.set(globalThis, 'WebSocket', original);
    }
  });
});
