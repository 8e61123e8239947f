// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered } from '../../testing/render';
import { applyEventsPage, applyLogLoaded, applyRunOpened, emptyRunDetailState, runDetailStore } from './run-detail-store';
import { LOG_WINDOW_LINES, RunLog } from './run-log';

describe('RunLog', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
    runDetailStore.setState(emptyRunDetailState, true);
  });

  it('renders only the latest window of lines and brings earlier ones back on request', async () => {
    const total = LOG_WINDOW_LINES + 50;
    const events = Array.from({ length: total }, (_, index) =>
      builders.event({ seq: index + 1, iteration: index < 10 ? 1 : 2, data: { message: `line ${index + 1}` } }),
    );
    runDetailStore.setState(applyLogLoaded(applyEventsPage(applyRunOpened(emptyRunDetailState, 'r1'), 'r1', events), 'r1'), true);
    rendered = await renderWithApi(<RunLog />, createFakeApiClient({}));
    const lines = () => rendered?.container.querySelectorAll('.log-line') ?? [];
    expect(lines()).toHaveLength(LOG_WINDOW_LINES);
    expect(lines()[0]?.textContent).toBe('line 51');

    await click(getButton(rendered.container, 'Show earlier (50 more lines)'));
    expect(lines()).toHaveLength(total);
    expect(rendered.container.textContent).toContain('Iteration 1');
    expect(getButton(rendered.container, 'Jump to latest')).toBeDefined();
  });
});
