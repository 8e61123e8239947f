import type { Approval, Iteration, Run, RunEvent } from '../../shared/records';
import type { ProviderInfo } from '../../shared/providers-api';
import type { TemplateSummary } from '../../shared/templates';
import { buildRun } from '../../shared/testing/build-run';

/** Test builders for the records the renderer shows; each field can be overridden. */
export const builders = {
  run(overrides: Partial<Run> = {}): Run {
    return buildRun({
      name: 'demo',
      template: 'demo',
      templateRevision: '0123456789abcdef0123456789abcdef',
      status: 'running',
      costUsd: null,
      permissions: { profile: 'ask', rules: [] },
      workdir: '/tmp/work',
      sandbox: 'bwrap',
      createdAt: '2025-01-01T00:00:00.000Z',
      startedAt: '2025-01-01T00:00:01.000Z',
      ...overrides,
    });
  },
  iteration(overrides: Partial<Iteration> = {}): Iteration {
    return {
      runId: 'r1',
      n: 1,
      status: 'ok',
      summary: 'did a thing',
      durationMs: 1_200,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: null,
      startedAt: '2025-01-01T00:00:02.000Z',
      endedAt: '2025-01-01T00:00:03.200Z',
      commit: null,
      ...overrides,
    };
  },
  event(overrides: Partial<RunEvent> = {}): RunEvent {
    return { runId: 'r1', seq: 1, iteration: 1, kind: 'notice', data: { message: 'hello' }, at: '2025-01-01T00:00:02.000Z', ...overrides };
  },
  approval(overrides: Partial<Approval> = {}): Approval {
    return {
      id: 'a1',
      runId: 'r1',
      iteration: 1,
      tool: 'write_file',
      input: { path: 'notes.txt', content: 'hello' },
      summary: 'Write notes.txt (5 bytes)',
      risk: 'medium',
      status: 'pending',
      scope: null,
      reason: null,
      decidedBy: null,
      requestedAt: '2025-01-01T00:00:02.000Z',
      decidedAt: null,
      expiresAt: '2025-01-01T00:15:02.000Z',
      ...overrides,
    };
  },
  template(overrides: Partial<TemplateSummary> = {}): TemplateSummary {
    return {
      name: 'demo',
      description: 'Counts to ten.',
      source: 'builtin',
      params: {},
      model: null,
      demoModel: 'scripted/demo-counter',
      revision: 'abcdef0123456789',
      ...overrides,
    };
  },
  /** Anthropic with a key set in settings. */
  provider(overrides: Partial<ProviderInfo> = {}): ProviderInfo {
    return {
      name: 'anthropic',
      type: 'anthropic',
      baseUrl: 'https://api.anthropic.com/v1',
      apiKeySet: true,
      apiKeySource: 'settings',
      apiKeyEnv: null,
      contextWindow: null,
      ...overrides,
    };
  },
};
