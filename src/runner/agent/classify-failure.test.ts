import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { classifyFailure } from './provider-errors';

describe('classifyFailure', () => {
  const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}): APICallError =>
    new APICallError({ message: 'provider said no', url: 'https://api.example.com', requestBodyValues: {}, statusCode, responseHeaders: headers });

  it('types an API error by its status and provider', () => {
    expect(classifyFailure(apiError(529), 'anthropic')).toEqual({
      kind: 'provider_error',
      signature: 'provider_error:anthropic:529',
      message: '529: api.example.com is overloaded: provider said no',
      provider: 'anthropic',
      status: 529,
    });
  });

  it('types a refused key (401 or 403) and a missing key as auth: retrying cannot help', () => {
    expect(classifyFailure(apiError(401), 'openai')).toEqual({
      kind: 'auth',
      signature: 'auth:openai:401',
      message: '401: the key was refused by api.example.com; check the key in Settings → Providers',
      provider: 'openai',
      status: 401,
    });
    expect(classifyFailure(apiError(403), 'openai')).toMatchObject({ kind: 'auth', status: 403 });
    const noKey = Object.assign(new Error('OpenAI API key is missing'), { name: 'AI_LoadAPIKeyError' });
    expect(classifyFailure(noKey, 'openai')).toEqual({
      kind: 'auth',
      signature: 'auth:openai:no-key',
      message: 'No API key for provider openai reached the runner: add one in Settings → Providers',
      provider: 'openai',
    });
  });

  it('reads retry-after-ms from the response headers', () => {
    expect(classifyFailure(apiError(429, { 'retry-after-ms': '7000' }), 'openai')).toMatchObject({ status: 429, retryAfterMs: 7000 });
  });

  it('gives an API error without a status a network signature', () => {
    const failure = classifyFailure(apiError(undefined), 'openai');
    expect(failure).toMatchObject({ kind: 'provider_error', signature: 'provider_error:openai:network' });
    expect(failure.status).toBeUndefined();
  });

  it('gives the same signature to the same status and different ones to different statuses', () => {
    expect(classifyFailure(apiError(529), 'p').signature).toBe(classifyFailure(apiError(529), 'p').signature);
    expect(classifyFailure(apiError(529), 'p').signature).not.toBe(classifyFailure(apiError(401), 'p').signature);
  });

  it('types an abort as a timeout', () => {
    expect(classifyFailure(new DOMException('This operation was aborted', 'AbortError'), 'p')).toMatchObject({ kind: 'timeout', signature: 'aborted' });
  });

  it('types any other error as internal, by its class', () => {
    expect(classifyFailure(new TypeError('x is undefined'), 'p')).toEqual({ kind: 'internal', signature: 'internal:TypeError', message: 'x is undefined' });
  });

  it('does not read a provider error out of an error message', () => {
    expect(classifyFailure(new Error('APICallError: status 529 overloaded'), 'p')).toMatchObject({ kind: 'internal', signature: 'internal:Error' });
  });

  it('types a thrown non-error as internal', () => {
    expect(classifyFailure('boom', 'p')).toEqual({ kind: 'internal', signature: 'internal:NonError', message: 'boom' });
  });
});
