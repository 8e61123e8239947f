import { describe, expect, it } from 'vitest';
import { type ApiHandlers, type ApiMethod, apiMethodNames } from '../../shared/api';
import { changesNothing } from '../../shared/method-effects';
import { createMemoryLogger } from '../logger';
import { ApiFailure } from '../api-failure';
import { dispatch } from './dispatch';

const notCalled = async (): Promise<never> => {
  throw new Error('not called');
};

function handlers(overrides: Partial<ApiHandlers>): ApiHandlers {
  return {
    'runs.start': notCalled,
    'tokens.list': notCalled,
    'tokens.create': notCalled,
    'tokens.revoke': notCalled,
    'runs.list': notCalled,
    'runs.get': notCalled,
    'runs.stop': notCalled,
    'runs.pause': notCalled,
    'runs.delete': notCalled,
    'runs.resume': notCalled,
    'runs.iterations': notCalled,
    'runs.export': notCalled,
    'runs.import': notCalled,
    'runs.events': notCalled,
    'runs.diff': notCalled,
    'runs.mergeCheck': notCalled,
    'runs.merge': notCalled,
    'runs.discard': notCalled,
    'runs.overlaps': notCalled,
    'system.worktrees': notCalled,
    'runs.guide': notCalled,
    'mcp.list': notCalled,
    'mcp.add': notCalled,
    'mcp.update': notCalled,
    'mcp.test': notCalled,
    'mcp.remove': notCalled,
    'runs.startNow': notCalled,
    'runs.dequeue': notCalled,
    'schedules.list': notCalled,
    'schedules.get': notCalled,
    'schedules.create': notCalled,
    'schedules.update': notCalled,
    'schedules.remove': notCalled,
    'schedules.pause': notCalled,
    'schedules.resume': notCalled,
    'schedules.pauseAll': notCalled,
    'schedules.resumeAll': notCalled,
    'schedules.runNow': notCalled,
    'schedules.slots': notCalled,
    'approvals.list': notCalled,
    'approvals.decide': notCalled,
    'templates.list': notCalled,
    'templates.get': notCalled,
    'templates.save': notCalled,
    'templates.delete': notCalled,
    'templates.duplicate': notCalled,
    'templates.lint': notCalled,
    'templates.revisions': notCalled,
    'templates.diff': notCalled,
    'templates.import': notCalled,
    'templates.export': notCalled,
    'templates.dryRun': notCalled,
    'settings.get': notCalled,
    'settings.set': notCalled,
    'providers.list': notCalled,
    'providers.test': notCalled,
    'providers.set': notCalled,
    'agents.list': notCalled,
    'agents.setPath': notCalled,
    'providers.remove': notCalled,
    'usage.today': notCalled,
    'system.info': notCalled,
    'system.compact': notCalled,
    'system.checkIntegrity': notCalled,
    ...overrides,
  };
}

describe('dispatch', () => {
  it('refuses an unknown method and invalid params with codes, before any handler runs', async () => {
    const log = createMemoryLogger();
    expect(await dispatch(handlers({}), 'runs.explode', {}, log)).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const invalid = await dispatch(handlers({}), 'runs.get', { id: 42 }, log);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!invalid.ok && invalid.error.message).toContain('runs.get');
  });

  it('keeps an expected failure’s code and turns a bug into `internal` without leaking its message', async () => {
    const log = createMemoryLogger();
    const expected = await dispatch(
      handlers({ 'runs.get': async () => Promise.reject(new ApiFailure('not_found', 'There is no run r9')) }),
      'runs.get',
      { id: 'r9' },
      log,
    );
    expect(expected).toEqual({ ok: false, error: { code: 'not_found', message: 'There is no run r9' } });
    const bug = await dispatch(handlers({ 'runs.list': async () => Promise.reject(new TypeError('x is undefined')) }), 'runs.list', {}, log);
    expect(bug).toEqual({ ok: false, error: { code: 'internal', message: 'runs.list failed unexpectedly; the engine log has the details' } });
    expect(log.lines.join('\n')).toContain('x is undefined');
  });

  it('fills defaults before the handler sees the params', async () => {
    const seen: unknown[] = [];
    const response = await dispatch(
      handlers({ 'runs.events': async (params) => (seen.push(params), { events: [], lastSeq: 0 }) }),
      'runs.events',
      { id: 'r1' },
      createMemoryLogger(),
    );
    expect(response.ok).toBe(true);
    expect(seen).toEqual([{ id: 'r1', afterSeq: 0, limit: 1_000 }]);
  });

  describe('a read-only token', () => {
    const watcher = { tokenName: 'phone', readOnly: true } as const;
    const changing = apiMethodNames.filter((method) => !changesNothing(method));

    it("covers starting, stopping, approving, changing settings, testing an MCP server (it starts the server's command) and testing a provider (it calls the provider with the person's key)", () => {
      expect(changing).toEqual(
        expect.arrayContaining([
          'runs.start',
          'runs.stop',
          'runs.resume',
          'approvals.decide',
          'settings.set',
          'tokens.create',
          'mcp.add',
          'mcp.test',
          'providers.test',
        ]),
      );
    });

    it.each(changing)('is refused %s as forbidden, before the handler runs or its params are read', async (method: ApiMethod) => {
      const called: string[] = [];
      const recording = Object.fromEntries(apiMethodNames.map((name) => [name, async () => void called.push(name)])) as unknown as ApiHandlers;
      const response = await dispatch(recording, method, { not: 'even valid' }, createMemoryLogger(), watcher);
      expect(response).toEqual({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('the token "phone" is read-only') } });
      expect(called).toEqual([]);
      // The same call with full access reaches the parser (and is refused there, for its params, not for access).
      const full = await dispatch(recording, method, { not: 'even valid' }, createMemoryLogger(), { tokenName: 'laptop', readOnly: false });
      expect(full).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    });

    it('may read', async () => {
      const response = await dispatch(handlers({ 'runs.list': async () => ({ runs: [], nextCursor: null }) }), 'runs.list', {}, createMemoryLogger(), watcher);
      expect(response).toEqual({ ok: true, value: { runs: [], nextCursor: null } });
    });
  });

  it("takes the tray's pause-all and resume-all with no params, and refuses params they do not know", async () => {
    const seen: unknown[] = [];
    const both = handlers({
      'schedules.pauseAll': async (params) => (seen.push(params), []),
      'schedules.resumeAll': async (params) => (seen.push(params), []),
    });
    expect(await dispatch(both, 'schedules.pauseAll', undefined, createMemoryLogger())).toEqual({ ok: true, value: [] });
    expect(await dispatch(both, 'schedules.resumeAll', {}, createMemoryLogger())).toEqual({ ok: true, value: [] });
    expect(seen).toEqual([{}, {}]);
    expect(await dispatch(both, 'schedules.pauseAll', { id: 'nightly' }, createMemoryLogger())).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
