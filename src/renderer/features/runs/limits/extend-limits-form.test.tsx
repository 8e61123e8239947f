// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../api/api-call-error';
import { builders } from '../../../testing/builders';
import { createFakeApiClient, type FakeApiClient } from '../../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../../testing/render';
import { ExtendLimitsForm } from './extend-limits-form';
import { emptyRunsState, runsStore } from '../runs-store';

const paused = builders.run({
  id: 'r5',
  status: 'paused',
  pauseReason: 'budget',
  detail: 'Used 500 of 500 tokens',
  inputTokens: 400,
  outputTokens: 100,
  iterations: 1,
  limits: { maxTokens: 500, maxIterations: 20 },
});

function resuming(): FakeApiClient {
  return createFakeApiClient({
    'runs.resume': ({ id, limits }) => ({ ...paused, id, status: 'starting', pauseReason: null, limits: { ...paused.limits, ...limits } }),
  });
}

describe('ExtendLimitsForm', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => runsStore.setState(emptyRunsState, true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('shows the run’s limits against its usage, prefills the fields with them and suggests more of the limit it reached', async () => {
    rendered = await renderWithApi(<ExtendLimitsForm run={paused} />, resuming());
    const { container } = rendered;
    expect(container.querySelector('[data-testid="current-limits"]')?.textContent).toContain('500 of 500');
    expect(container.querySelector('[data-testid="current-limits"]')?.textContent).toContain('1 of 20');
    expect(getByLabel(container, 'Max tokens').value).toBe('1000');
    expect(container.querySelector('#extend-maxTokens-help')?.textContent).toBe('Reached 500 tokens; suggested 1,000.');
    expect(getByLabel(container, 'Max cost (USD)').value).toBe('');
    expect(getByLabel(container, 'Max iterations').value).toBe('20');
    expect(getByLabel(container, 'Max duration (minutes)').value).toBe('');
  });

  it('resumes with the raised limits, leaving empty fields out so the engine keeps the run’s own', async () => {
    const client = resuming();
    rendered = await renderWithApi(<ExtendLimitsForm run={paused} />, client);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Max tokens'), '5000');
    await typeInto(getByLabel(container, 'Max iterations'), '');
    await typeInto(getByLabel(container, 'Max duration (minutes)'), '30');
    await click(getButton(container, 'Extend and resume'));
    expect(client.calls).toEqual([{ method: 'runs.resume', params: { id: 'r5', limits: { maxTokens: 5_000, maxDurationMs: 1_800_000 } } }]);
    expect(runsStore.getState().byId.r5).toMatchObject({ status: 'starting', limits: { maxTokens: 5_000, maxIterations: 20, maxDurationMs: 1_800_000 } });
  });

  it('resumes with the suggested limit and keeps the others when nothing is changed', async () => {
    const client = resuming();
    rendered = await renderWithApi(<ExtendLimitsForm run={paused} />, client);
    await click(getButton(rendered.container, 'Extend and resume'));
    expect(client.calls[0]?.params).toEqual({ id: 'r5', limits: { maxTokens: 1_000, maxIterations: 20 } });
  });

  it('suggests a cost limit in dollars above the one reached, and nothing for a limit not reached', async () => {
    const costly = builders.run({ ...paused, costUsd: 5.01, limits: { maxTokens: 9_000, maxCostUsd: 5 } });
    rendered = await renderWithApi(<ExtendLimitsForm run={costly} />, resuming());
    const { container } = rendered;
    expect(getByLabel(container, 'Max cost (USD)').value).toBe('20');
    expect(container.querySelector('#extend-maxCostUsd-help')?.textContent).toBe('Reached $5.00; suggested $20.00.');
    expect(getByLabel(container, 'Max tokens').value).toBe('9000');
    expect(container.querySelector('#extend-maxTokens-help')).toBeNull();
  });

  it('names a field that is not a number, and sends nothing', async () => {
    const client = resuming();
    rendered = await renderWithApi(<ExtendLimitsForm run={paused} />, client);
    const { container } = rendered;
    await typeInto(getByLabel(container, 'Max tokens'), 'lots');
    await click(getButton(container, 'Extend and resume'));
    expect(client.calls).toEqual([]);
    expect(getByLabel(container, 'Max tokens').getAttribute('aria-invalid')).toBe('true');
    expect(container.querySelector('.field-error')?.textContent).toBe('Use a whole number (0 means no limit)');
  });

  it('shows why the engine refused to resume', async () => {
    const client = createFakeApiClient({
      'runs.resume': () => {
        throw new ApiCallError('runs.resume', { code: 'conflict', message: 'The run "demo" is running: only a paused run can be resumed' });
      },
    });
    rendered = await renderWithApi(<ExtendLimitsForm run={paused} />, client);
    await click(getButton(rendered.container, 'Extend and resume'));
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe(
      'Could not resume the run: The run "demo" is running: only a paused run can be resumed',
    );
  });
});
