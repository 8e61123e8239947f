import { act, type ReactNode } from 'react';
import { afterEach, beforeEach } from 'vitest';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from '../api/api-context';
import type { ApiClient } from '../api/create-api-client';

export type Rendered = Readonly<{ container: HTMLElement; unmount(): Promise<void> }>;

/** Renders into a fresh element under an ApiProvider and waits for effects and resolved promises. */
export async function renderWithApi(ui: ReactNode, client: ApiClient): Promise<Rendered> {
  // Tells React this is a test environment, so act() flushes updates.
  Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  await act(async () => root.render(<ApiProvider client={client}>{ui}</ApiProvider>));
  return {
    container,
    async unmount() {
      await act(async () => root.unmount());
      container.remove();
    },
  };
}

/**
 * Rendering for the tests of the calling file or `describe`: `before` runs before each test (a store reset); the
 * function returned renders as `renderWithApi` does, unmounting what it rendered before, and after each test what it
 * rendered is unmounted, then `after` runs.
 */
export function renderedPerTest(hooks: Readonly<{ before?: () => void; after?: () => void }> = {}): (ui: ReactNode, client: ApiClient) => Promise<Rendered> {
  let rendered: Rendered | null = null;
  beforeEach(() => hooks.before?.());
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    hooks.after?.();
  });
  return async (ui, client) => {
    await rendered?.unmount();
    rendered = await renderWithApi(ui, client);
    return rendered;
  };
}

/** The control a `<label>` with exactly this text points at. */
export function getByLabel<T extends HTMLElement = HTMLInputElement>(container: HTMLElement, text: string): T {
  const label = [...container.querySelectorAll('label')].find((candidate) => candidate.textContent === text);
  const control = label ? container.querySelector(`[id="${label.htmlFor}"]`) : null;
  if (!control) throw new Error(`No control labelled "${text}"`);
  return control as T;
}

/** Types into an input or a text area the way a person does, so React's onChange fires. */
export async function typeInto(input: HTMLInputElement | HTMLTextAreaElement, value: string): Promise<void> {
  const prototype = input instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  const setValue = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  await act(async () => {
    setValue?.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** Clicks an element inside act(). */
export async function click(element: HTMLElement): Promise<void> {
  await act(async () => element.click());
}

/** An element's text as its accessible name reads it: parts hidden from assistive technology (a key hint) left out. */
function visibleName(element: Element): string {
  const copy = element.cloneNode(true) as Element;
  for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
  return (copy.textContent ?? '').trim();
}

/** The first button with exactly this text (its accessible name: key hints hidden from it do not count). */
export function getButton(container: HTMLElement, text: string): HTMLButtonElement {
  const button = [...container.querySelectorAll('button')].find((candidate) => visibleName(candidate) === text);
  if (!button) throw new Error(`No button "${text}"`);
  return button;
}
