import { APICallError } from '@ai-sdk/provider';
import { messageOf } from '../../shared/errors';
import type { Failure } from '../../shared/protocol';
import { describeConnectionError, describeHttpStatus, hostOf } from '../../shared/providers';

/** What went wrong with a model call, by HTTP status and error type, never by the wording (DESIGN §6). */
export type ProviderErrorKind =
  'auth' | 'invalid_request' | 'context_overflow' | 'rate_limit' | 'overloaded' | 'server' | 'timeout' | 'connection' | 'circuit_open' | 'aborted' | 'unknown';

export type ProviderErrorClass = Readonly<{
  kind: ProviderErrorKind;
  /** Worth retrying inside the turn, and counted by the circuit breaker. */
  transient: boolean;
  status?: number;
  retryAfterMs?: number;
  /** For a person: what happened and what to do. Never the key, never model text. */
  message: string;
}>;

/** No chunk of a model's answer arrived in time. */
export class ProviderTimeoutError extends Error {
  override readonly name = 'ProviderTimeoutError';
  constructor(
    readonly where: string,
    readonly timeoutMs: number,
  ) {
    super(`no answer from ${where} within ${timeoutMs < 1_000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`);
  }
}

/** The provider's circuit is open: the call was not made. */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  constructor(
    readonly provider: string,
    readonly retryAfterMs: number,
  ) {
    super(`the provider ${provider} failed repeatedly; Autoloop rests it for ${Math.ceil(retryAfterMs / 1000)} s before trying again`);
  }
}

/** The last error of a call that was retried and still failed. */
export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  constructor(
    readonly lastError: unknown,
    readonly retries: number,
  ) {
    super(`${messageOf(lastError)} (after ${retries} retries)`, { cause: lastError });
  }
}

/** Anthropic's error types, for errors that arrive inside a stream with no HTTP status of their own. */
const ANTHROPIC_ERROR_STATUS: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  overloaded_error: 529,
};

type ErrorBody = Readonly<{ code?: unknown; type?: unknown; message?: unknown }>;

/** The `error` object of a provider's error body (OpenAI `{error:{code,type,message}}`, Anthropic `{type:'error',error:{type,message}}`). */
function errorBodyOf(error: APICallError): ErrorBody {
  const fromData = (error.data as { error?: unknown } | undefined)?.error;
  if (typeof fromData === 'object' && fromData !== null) return fromData;
  try {
    const parsed = JSON.parse(error.responseBody ?? '') as { error?: unknown };
    return typeof parsed.error === 'object' && parsed.error !== null ? parsed.error : {};
  } catch {
    return {};
  }
}

function isContextOverflow(status: number, body: ErrorBody): boolean {
  if (status !== 400) return false;
  if (body.code === 'context_length_exceeded' || body.type === 'context_length_exceeded') return true;
  // Anthropic gives this case no code of its own: an invalid_request_error about the prompt's length.
  return body.type === 'invalid_request_error' && typeof body.message === 'string' && /^prompt is too long/i.test(body.message);
}

/** `retry-after-ms`, else `retry-after` in seconds or as an HTTP date. */
export function retryAfterMsOf(headers: Readonly<Record<string, string | undefined>> | undefined, now: number): number | undefined {
  const ms = Number.parseFloat(headers?.['retry-after-ms'] ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number.parseFloat(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function kindOfStatus(status: number, body: ErrorBody): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (isContextOverflow(status, body)) return 'context_overflow';
  if (status === 408) return 'timeout';
  if (status === 429) return 'rate_limit';
  if (status === 529) return 'overloaded';
  if (status >= 500 || status === 409) return 'server';
  return 'invalid_request';
}

const TRANSIENT: ReadonlySet<ProviderErrorKind> = new Set(['rate_limit', 'overloaded', 'server', 'timeout', 'connection']);

function fromStatus(status: number, where: string, body: ErrorBody, retryAfterMs: number | undefined): ProviderErrorClass {
  const kind = kindOfStatus(status, body);
  const detail = typeof body.message === 'string' ? body.message : undefined;
  const message =
    kind === 'context_overflow'
      ? `${status}: the conversation is longer than the model's context window at ${where}`
      : describeHttpStatus(status, where, detail);
  return { kind, transient: TRANSIENT.has(kind), status, message, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
}

/** Classifies an error of a model call; `provider` names it where the error has no URL. */
export function classifyProviderError(error: unknown, provider: string, now: number = Date.now()): ProviderErrorClass {
  if (error instanceof RetriesExhaustedError) {
    const last = classifyProviderError(error.lastError, provider, now);
    return { ...last, message: `${last.message} (after ${error.retries} retries)` };
  }
  if (error instanceof CircuitOpenError) return { kind: 'circuit_open', transient: false, retryAfterMs: error.retryAfterMs, message: error.message };
  if (error instanceof ProviderTimeoutError) return { kind: 'timeout', transient: true, message: error.message };
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'aborted', transient: false, message: 'the iteration was aborted' };
  if (APICallError.isInstance(error)) {
    const where = /^https?:/i.test(error.url) ? hostOf(error.url) : provider;
    if (error.statusCode !== undefined) {
      return fromStatus(error.statusCode, where, { message: error.message, ...errorBodyOf(error) }, retryAfterMsOf(error.responseHeaders, now));
    }
    const code = (error.cause as { code?: unknown } | undefined)?.code;
    return { kind: 'connection', transient: true, message: describeConnectionError(typeof code === 'string' ? code : undefined, error.url) };
  }
  if (error instanceof Error && error.name === 'AI_LoadAPIKeyError') {
    return { kind: 'auth', transient: false, message: `No API key for provider ${provider} reached the runner: add one in Settings → Providers` };
  }
  // An error event inside an Anthropic stream: typed, but without an HTTP status.
  const streamed = typeof error === 'object' && error !== null ? (error as ErrorBody) : {};
  const status = typeof streamed.type === 'string' ? ANTHROPIC_ERROR_STATUS[streamed.type] : undefined;
  if (status !== undefined) return fromStatus(status, provider, streamed, undefined);
  return { kind: 'unknown', transient: false, message: messageOf(error) };
}

/** Turns a thrown error into a typed failure: by its class and HTTP status, never by its prose. */
export function classifyFailure(error: unknown, provider: string): Failure {
  const classified = classifyProviderError(error, provider);
  const retryAfter = classified.retryAfterMs === undefined ? {} : { retryAfterMs: classified.retryAfterMs };
  switch (classified.kind) {
    case 'aborted':
      return { kind: 'timeout', signature: 'aborted', message: classified.message };
    case 'circuit_open':
      return { kind: 'circuit_open', signature: `circuit_open:${provider}`, message: classified.message, provider, ...retryAfter };
    case 'context_overflow':
      return { kind: 'context_overflow', signature: `context_overflow:${provider}`, message: classified.message, provider, status: classified.status };
    case 'timeout':
      if (classified.status === undefined) return { kind: 'timeout', signature: `timeout:${provider}`, message: classified.message, provider };
      break;
    case 'unknown': {
      const name = error instanceof Error ? error.name : 'NonError';
      return { kind: 'internal', signature: `internal:${name}`, message: classified.message };
    }
    case 'auth':
      return {
        kind: 'auth',
        signature: `auth:${provider}:${classified.status ?? 'no-key'}`,
        message: classified.message,
        provider,
        ...(classified.status === undefined ? {} : { status: classified.status }),
      };
    case 'connection':
    case 'invalid_request':
    case 'overloaded':
    case 'rate_limit':
    case 'server':
      break; // the provider answered with an HTTP error or could not be reached: below
  }
  const status = classified.status;
  return {
    kind: 'provider_error',
    signature: `provider_error:${provider}:${status ?? 'network'}`,
    message: classified.message,
    provider,
    ...(status === undefined ? {} : { status }),
    ...retryAfter,
  };
}
