import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { budgetsDraftFrom, checkBudgetsDraft, checkDefaultsDraft, checkRetentionDraft, defaultsDraftFrom, retentionDraftFrom } from './settings-drafts';

describe('settings drafts', () => {
  it('prefills the defaults and sends them back unchanged', () => {
    const settings = { ...DEFAULT_SETTINGS, runDefaults: { ...DEFAULT_SETTINGS.runDefaults, limits: { maxIterations: 30, maxDurationMs: 5_400_000 } } };
    const draft = defaultsDraftFrom(settings);
    expect(draft).toMatchObject({
      maxIterations: '30',
      maxTokens: '',
      maxDuration: '1h30m',
      approvalTimeout: '15m',
      profile: 'ask',
      onApprovalTimeout: 'pause',
    });
    expect(checkDefaultsDraft(draft)).toEqual({ ok: true, patch: { runDefaults: settings.runDefaults } });
  });

  it('names each default that does not parse', () => {
    const draft = { ...defaultsDraftFrom(DEFAULT_SETTINGS), maxTokens: 'lots', maxCostUsd: '-1', approvalTimeout: '' };
    expect(checkDefaultsDraft(draft)).toEqual({
      ok: false,
      errors: {
        maxTokens: 'Use a whole number of at least 1',
        maxCostUsd: 'Use an amount above 0, such as 2.50',
        approvalTimeout: 'Give how long a request waits, such as 15m',
      },
    });
  });

  it('sends a default model as provider/model, an empty one as none, and refuses anything else', () => {
    const draft = defaultsDraftFrom(DEFAULT_SETTINGS);
    expect(draft.model).toBe('');
    expect(checkDefaultsDraft({ ...draft, model: ' anthropic/claude-sonnet-4-5 ' })).toMatchObject({
      ok: true,
      patch: { runDefaults: { model: 'anthropic/claude-sonnet-4-5' } },
    });
    expect(checkDefaultsDraft({ ...draft, model: 'claude' })).toMatchObject({
      ok: false,
      errors: { model: 'Write provider/model, such as anthropic/claude-sonnet-4-5' },
    });
  });

  it('turns empty budgets into no limit', () => {
    expect(budgetsDraftFrom(DEFAULT_SETTINGS)).toEqual({ dailyMaxTokens: '', dailyMaxCostUsd: '' });
    expect(checkBudgetsDraft({ dailyMaxTokens: '', dailyMaxCostUsd: '10' })).toEqual({
      ok: true,
      patch: { budgets: { dailyMaxTokens: null, dailyMaxCostUsd: 10 } },
    });
  });

  it('shows retention in MiB and checks its minimums', () => {
    expect(retentionDraftFrom(DEFAULT_SETTINGS)).toEqual({ perRunMaxMib: '20', maxAgeDays: '90' });
    expect(checkRetentionDraft({ perRunMaxMib: '1.5', maxAgeDays: '7' })).toEqual({
      ok: true,
      patch: { retention: { perRunMaxBytes: 1_572_864, maxAgeDays: 7 } },
    });
    expect(checkRetentionDraft({ perRunMaxMib: '0.01', maxAgeDays: '0' })).toMatchObject({
      ok: false,
      errors: { perRunMaxMib: expect.any(String), maxAgeDays: expect.any(String) },
    });
  });
});
