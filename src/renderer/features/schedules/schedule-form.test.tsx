// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleDetail } from '../../../shared/schedules';
import type { UpdateScheduleParams } from '../../../shared/schedules-api';
import { QUIET_HEALTH, buildSchedule } from '../../../shared/testing/build-schedule';
import { builders } from '../../testing/builders';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { emptySettingsState, settingsStore } from '../settings/settings-store';
import { emptyTemplatesState, templatesStore } from '../templates/templates-store';
import { ScheduleForm } from './schedule-form';
import { emptySchedulesState, schedulesStore } from './schedules-store';

const template = builders.template({ name: 'demo-counter', model: null, demoModel: 'scripted/demo-counter', params: {} });
const detail: ScheduleDetail = {
  schedule: buildSchedule({
    settings: {
      model: 'scripted/demo-counter',
      workdir: '/src/app',
      profile: 'read-only',
      onApprovalTimeout: null,
      isolation: 'worktree',
      context: 'fresh',
      agent: 'codex',
      mcp: ['tracker'],
      notify: [],
      base: 'release/1.2',
      withUncommitted: true,
      rules: [{ tool: 'bash', pattern: 'npm test', action: 'allow' }],
    },
  }),
  health: QUIET_HEALTH,
  slots: [],
};

describe('the schedule form', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    templatesStore.setState(emptyTemplatesState, true);
    settingsStore.setState(emptySettingsState, true);
    schedulesStore.setState(emptySchedulesState, true);
    window.localStorage.clear();
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('opens on the pinned worktree base and uncommitted changes, changes them, and saves every other pin as it was', async () => {
    const client = createFakeApiClient({
      'templates.list': () => [template],
      'schedules.get': () => detail,
      'schedules.update': () => detail.schedule,
    });
    rendered = await renderWithApi(<ScheduleForm id="s1" />, client);
    const { container } = rendered;
    const base = getByLabel(container, 'Worktree base');
    const uncommitted = getByLabel(container, 'Include uncommitted changes');
    expect(base.value).toBe('release/1.2');
    expect(uncommitted.checked).toBe(true);

    await typeInto(base, 'main');
    await act(async () => uncommitted.click());
    await click(getButton(container, 'Save schedule'));
    const update = client.calls.find((call) => call.method === 'schedules.update')?.params as UpdateScheduleParams | undefined;
    // An outcome left unchosen is left out (the engine pins none).
    const { base: _base, withUncommitted: _uncommitted, onApprovalTimeout: _none, ...others } = detail.schedule.settings;
    expect(update?.settings).toEqual({ ...others, base: 'main' });
  });

  it('refuses a base with no worktree at its field', async () => {
    const inPlace: ScheduleDetail = { ...detail, schedule: { ...detail.schedule, settings: { ...detail.schedule.settings, isolation: 'none' } } };
    const client = createFakeApiClient({ 'templates.list': () => [template], 'schedules.get': () => inPlace });
    rendered = await renderWithApi(<ScheduleForm id="s1" />, client);
    const { container } = rendered;
    await click(getButton(container, 'Save schedule'));
    expect(client.calls.some((call) => call.method === 'schedules.update')).toBe(false);
    expect(container.querySelector('#schedule-base-error')?.textContent).toContain('choose isolation worktree');
    expect(container.querySelector('#schedule-with-uncommitted-error')?.textContent).toContain('choose isolation worktree');
  });
});
