import { DEFAULT_PERMISSIONS, type Run } from '../records';

/** A run record for tests of the engine and its stores; every field can be overridden. */
export function buildRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'r1',
    name: 'sample',
    template: 'demo-counter',
    templateRevision: 'abc',
    status: 'starting',
    stopReason: null,
    pauseReason: null,
    detail: null,
    iterations: 0,
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: 0,
    limits: {},
    permissions: DEFAULT_PERMISSIONS,
    model: 'scripted/demo-counter',
    workdir: '/tmp',
    sandbox: 'none',
    isolation: 'none',
    agent: 'autoloop',
    worktree: null,
    worktreeState: null,
    context: 'carry',
    network: [],
    verify: [],
    mcp: [],
    scheduleId: null,
    createdAt: '2026-11-26T10:00:00.000Z',
    startedAt: null,
    endedAt: null,
    ...overrides,
  };
}
