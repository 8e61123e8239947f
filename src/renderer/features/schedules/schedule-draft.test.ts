import { describe, expect, it } from 'vitest';
import type { Schedule } from '../../../shared/schedules';
import { checkDraft, draftForTemplate } from '../runs/new-run/new-run-draft';
import { builders } from '../../testing/builders';
import { caretLine, checkScheduleDraft, NEW_SCHEDULE_DRAFT, runDraftPatchFrom, scheduleDraftFrom, scheduleFieldError } from './schedule-draft';

const schedule: Schedule = {
  id: 's1',
  name: 'nightly',
  template: 'demo-counter',
  params: { target: 3 },
  settings: {
    model: 'scripted/demo-counter',
    limits: { maxIterations: 5, maxDurationMs: 1_800_000 },
    loop: { intervalMs: 2_000 },
    profile: 'ask',
    approvalTimeoutMs: 600_000,
    onApprovalTimeout: 'deny',
    network: ['registry.npmjs.org'],
    verify: ['npm test'],
  },
  cron: '0 3 * * *',
  timezone: 'Europe/Berlin',
  enabled: true,
  catchUp: 'none',
  overlap: 'queue',
  maxCostUsdPerDay: 2.5,
  watchdogPeriods: 3,
  createdAt: '2026-01-01T00:00:00.000Z',
  nextDueAt: null,
  lastRunAt: null,
};

describe('the schedule draft', () => {
  it('turns the new-run form’s params and the schedule fields into schedules.create params', () => {
    const checked = checkScheduleDraft(
      {
        template: 'demo-counter',
        name: 'nightly',
        params: { target: 3 },
        model: 'scripted/x',
        limits: { maxIterations: 5 },
        loop: { intervalMs: 0 },
        permissions: { profile: 'ask' },
        verify: ['npm test'],
        isolation: 'none',
      },
      {
        ...NEW_SCHEDULE_DRAFT,
        cron: ' */2 * * * * * ',
        timezone: 'UTC',
        overlap: 'replace',
        maxCostUsdPerDay: '$1.50',
        approvalTimeout: '10m',
        onApprovalTimeout: 'stop',
      },
    );
    expect(checked).toEqual({
      ok: true,
      params: {
        template: 'demo-counter',
        name: 'nightly',
        params: { target: 3 },
        settings: {
          model: 'scripted/x',
          limits: { maxIterations: 5 },
          loop: { intervalMs: 0 },
          profile: 'ask',
          isolation: 'none',
          verify: ['npm test'],
          approvalTimeoutMs: 600_000,
          onApprovalTimeout: 'stop',
        },
        cron: '*/2 * * * * *',
        timezone: 'UTC',
        catchUp: 'latest',
        overlap: 'replace',
        maxCostUsdPerDay: 1.5,
      },
    });
  });

  it('leaves the time zone and the timeout outcome to the engine when empty, and says what to fix in each field', () => {
    const run = { template: 'demo-counter', params: {} };
    const plain = checkScheduleDraft(run, NEW_SCHEDULE_DRAFT);
    expect(plain.ok && plain.params).toMatchObject({ cron: '0 3 * * *', settings: {}, maxCostUsdPerDay: null });
    expect(plain.ok && 'timezone' in plain.params).toBe(false);
    const bad = checkScheduleDraft(run, { ...NEW_SCHEDULE_DRAFT, cron: ' ', maxCostUsdPerDay: '-1', approvalTimeout: 'soon' });
    expect(bad.ok ? {} : Object.keys(bad.errors).sort()).toEqual(['approvalTimeout', 'cron', 'maxCostUsdPerDay']);
  });

  it('opens a schedule to edit on what it pins', () => {
    expect(scheduleDraftFrom(schedule)).toEqual({
      cron: '0 3 * * *',
      timezone: 'Europe/Berlin',
      catchUp: 'none',
      overlap: 'queue',
      maxCostUsdPerDay: '2.5',
      approvalTimeout: '10m',
      onApprovalTimeout: 'deny',
      base: '',
      withUncommitted: false,
    });
    const template = builders.template({ name: 'demo-counter', params: { target: { type: 'number', default: 5, required: false, description: '' } } });
    expect(runDraftPatchFrom(schedule, draftForTemplate(template))).toMatchObject({
      name: 'nightly',
      params: { target: '3' },
      model: 'scripted/demo-counter',
      maxIterations: '5',
      maxDuration: '30',
      interval: '2s',
      profile: 'ask',
      network: 'registry.npmjs.org',
      verify: 'npm test',
    });
  });

  it('puts an engine refusal at its field with the column of a cron field, and points at it', () => {
    expect(scheduleFieldError({ message: 'The month field "13" at column 11 is not valid', details: { field: 'cron', position: 11 } })).toEqual({
      field: 'cron',
      message: 'The month field "13" at column 11 is not valid',
      position: 11,
    });
    expect(scheduleFieldError({ message: 'Unknown time zone', details: { field: 'timezone', position: 0 } })).toMatchObject({
      field: 'timezone',
      position: null,
    });
    expect(scheduleFieldError({ message: 'pick one', details: { field: 'settings.onApprovalTimeout' } })).toMatchObject({ field: 'onApprovalTimeout' });
    expect(scheduleFieldError({ message: 'no such model', details: { field: 'model' } })).toBeNull();
    expect(scheduleFieldError({ message: 'anything' })).toBeNull();
    expect(caretLine(11)).toBe('          ^');
    expect(caretLine(1)).toBe('^');
  });

  it('saves every pin it opened with: context, agent, MCP servers, notifiers, base, uncommitted changes and the rules it does not show', () => {
    const pinned: Schedule = {
      ...schedule,
      settings: {
        ...schedule.settings,
        isolation: 'worktree',
        context: 'fresh',
        agent: 'codex',
        mcp: ['tracker', 'docs'],
        notify: [],
        base: 'release/1.2',
        withUncommitted: true,
        rules: [{ tool: 'bash', pattern: 'npm test', action: 'allow' }],
      },
    };
    const template = builders.template({ name: 'demo-counter', params: { target: { type: 'number', default: 5, required: false, description: '' } } });
    const fresh = draftForTemplate(template);
    const opened = { ...fresh, ...runDraftPatchFrom(pinned, fresh) };
    expect(opened).toMatchObject({ context: 'fresh', agent: 'codex', mcp: 'tracker, docs', notify: 'none' });
    const run = checkDraft(opened, template);
    if (!run.ok) throw new Error(JSON.stringify(run.errors));
    const saved = checkScheduleDraft(run.params, scheduleDraftFrom(pinned));
    expect(saved.ok && saved.params.settings).toEqual(pinned.settings);
  });

  it('refuses a base that is no ref name, and a base or uncommitted changes without a worktree, at their fields', () => {
    const worktree = { template: 'demo-counter', params: {}, isolation: 'worktree' as const };
    const badRef = checkScheduleDraft(worktree, { ...NEW_SCHEDULE_DRAFT, base: 'two words' });
    expect(badRef.ok ? {} : badRef.errors).toHaveProperty('base');
    const inPlace = checkScheduleDraft({ ...worktree, isolation: 'none' }, { ...NEW_SCHEDULE_DRAFT, base: 'main', withUncommitted: true });
    expect(inPlace.ok ? [] : Object.keys(inPlace.errors).sort()).toEqual(['base', 'withUncommitted']);
    const fine = checkScheduleDraft(worktree, { ...NEW_SCHEDULE_DRAFT, base: ' main ', withUncommitted: true });
    expect(fine.ok && fine.params.settings).toMatchObject({ base: 'main', withUncommitted: true });
  });
});
