// @vitest-environment happy-dom
import { act } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../../../shared/records';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered, typeInto } from '../../../testing/render';
import { applyEventsPage, applyLogLoaded, applyRunOpened, emptyRunDetailState, runDetailStore } from '../run-detail-store';
import { RunLog } from './run-log';

const LINES = 100_000;
const VIEWPORT_PX = 600;
const ROW_PX = 21;

function openLog(events: ReadonlyArray<RunEvent>): void {
  runDetailStore.setState(applyLogLoaded(applyEventsPage(applyRunOpened(emptyRunDetailState, 'r1'), 'r1', events), 'r1'), true);
}

describe('RunLog', () => {
  let rendered: Rendered | null = null;
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  const offsetHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
  beforeAll(() => {
    // happy-dom lays nothing out: give the log a viewport and each row a height, as a browser would.
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('log') ? VIEWPORT_PX : 0;
      },
    });
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', {
      configurable: true,
      get(this: HTMLElement) {
        return this.classList.contains('log-slot') ? ROW_PX : 0;
      },
    });
  });
  afterAll(() => {
    if (clientHeight) Object.defineProperty(HTMLElement.prototype, 'clientHeight', clientHeight);
    if (offsetHeight) Object.defineProperty(HTMLElement.prototype, 'offsetHeight', offsetHeight);
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    runDetailStore.setState(emptyRunDetailState, true);
  });

  it('keeps 100,000 lines in the store and only a window of them in the DOM', async () => {
    const text = Array.from({ length: LINES }, (_, index) => `line ${index + 1}`).join('\n');
    openLog([builders.event({ seq: 1, kind: 'text', data: { text } })]);
    rendered = await renderWithApi(<RunLog />, createFakeApiClient({}));
    const { container } = rendered;
    expect(runDetailStore.getState().log.rows).toHaveLength(LINES + 1);
    const shown = container.querySelectorAll('[data-testid="run-log"] .log-line');
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(200);
    expect(container.querySelector('[data-testid="log-row-count"]')?.textContent).toBe('100,001 lines');
  });

  it('counts search matches and marks them', async () => {
    openLog(Array.from({ length: 50 }, (_, index) => builders.event({ seq: index + 1, data: { message: `step ${index + 1}` } })));
    rendered = await renderWithApi(<RunLog />, createFakeApiClient({}));
    const { container } = rendered;
    await typeInto(container.querySelector<HTMLInputElement>('input[type="search"]') as HTMLInputElement, 'step 4');
    expect(container.querySelector('[data-testid="log-match-count"]')?.textContent).toBe('1 of 11');
    expect([...container.querySelectorAll('mark')].map((mark) => mark.textContent)).toContain('step 4');
    await click(getButton(container, '↓'));
    expect(container.querySelector('[data-testid="log-match-count"]')?.textContent).toBe('2 of 11');
    expect(getButton(container, 'Jump to latest')).toBeDefined();
  });

  it('hides the kinds a person turns off', async () => {
    openLog([
      builders.event({ seq: 1, kind: 'text', data: { text: 'thinking out loud' } }),
      builders.event({ seq: 2, kind: 'notice', data: { message: 'a notice' } }),
    ]);
    rendered = await renderWithApi(<RunLog />, createFakeApiClient({}));
    const { container } = rendered;
    const lines = (): string[] => [...container.querySelectorAll('.log-line')].map((line) => line.textContent ?? '');
    expect(lines()).toEqual(['thinking out loud', 'a notice']);
    await click(getButton(container, 'Text'));
    expect(lines()).toEqual(['a notice']);
    expect(getButton(container, 'Text').getAttribute('aria-pressed')).toBe('false');
  });

  it('opens a tool call to its full input and output', async () => {
    openLog([
      builders.event({ seq: 1, kind: 'tool_call', data: { toolCallId: 'c1', tool: 'bash', input: { command: 'npm test' } } }),
      builders.event({ seq: 2, kind: 'tool_result', data: { toolCallId: 'c1', tool: 'bash', output: 'ok\n12 passing' } }),
    ]);
    rendered = await renderWithApi(<RunLog />, createFakeApiClient({}));
    const { container } = rendered;
    const toggle = container.querySelector<HTMLButtonElement>('button[aria-label="Show the input and output of bash"]');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    await act(async () => toggle?.click());
    const details = container.querySelector('.log-call-details')?.textContent ?? '';
    expect(details).toContain('"command": "npm test"');
    expect(details).toContain('12 passing');
  });
});
