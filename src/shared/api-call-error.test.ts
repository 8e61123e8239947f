import { describe, expect, it } from 'vitest';
import { ApiCallError, parsePushEvent, resultOfResponse } from './api-call-error';
import { buildRun } from './testing/build-run';

describe('resultOfResponse', () => {
  it('returns the result checked against the method’s schema', () => {
    const run = buildRun();
    expect(resultOfResponse('runs.get', { ok: true, value: run })).toEqual(run);
  });

  it('throws the engine’s refusal as an ApiCallError with its code, message, details and method', () => {
    const failure = (() => {
      try {
        return resultOfResponse('runs.start', { ok: false, error: { code: 'conflict', message: 'busy', details: { field: 'name' } } });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ApiCallError);
    expect(failure).toMatchObject({ name: 'ApiCallError', code: 'conflict', message: 'busy', details: { field: 'name' }, method: 'runs.start' });
  });

  it('calls an answer outside the contract internal', () => {
    expect(() => resultOfResponse('runs.get', { ok: true, value: { id: 'r1' } })).toThrow(expect.objectContaining({ code: 'internal' }));
    expect(() => resultOfResponse('runs.get', 'hello')).toThrow(expect.objectContaining({ code: 'internal' }));
  });
});

describe('parsePushEvent', () => {
  it('accepts a contract event and says why another is not one', () => {
    expect(parsePushEvent({ type: 'notice', level: 'info', message: 'hi' })).toEqual({ ok: true, event: { type: 'notice', level: 'info', message: 'hi' } });
    expect(parsePushEvent({ type: 'run.updated', run: {} })).toMatchObject({ ok: false });
  });
});
