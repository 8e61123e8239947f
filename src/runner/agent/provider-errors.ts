import { APICallError } from '@ai-sdk/provider';
import { messageOf } from '../../shared/errors';
import { mcpToolOf } from '../../shared/mcp';
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

type ErrorBody = Readonly<{ code?: unknown; type?: unknown; message?: unknown; param?: unknown }>;

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

/** An MCP tool whose input schema the model provider refused at request time. */
export type RefusedTool = Readonly<{ server: string; tool: string; detail: string }>;

/** How much of the provider's own message a refused-tool message quotes. */
const REFUSED_DETAIL_MAX = 500;
/** An MCP tool's name in a provider's message: OpenAI quotes it (`Invalid schema for function 'mcp__srv__tool': …`). */
const MCP_NAME_IN_TEXT = /\bmcp__[A-Za-z0-9-]+__[A-Za-z0-9_-]+/;
/**
 * Where a provider points at one tool of the request: Anthropic `tools.3.custom.input_schema: …` in its message,
 * OpenAI `param: "tools[3].parameters"` (Responses) or `"tools[3].function.parameters"` (Chat Completions, and the
 * OpenAI-compatible servers that copy it, often in the message), Gemini's `tools[0].function_declarations[3]`.
 */
const TOOL_INDEX_IN_TEXT = /\btools(?:\.(\d+)\.|\[(\d+)\])(?:\.function_declarations\[(\d+)\])?/;

function toolIndexIn(text: string): number | undefined {
  const match = TOOL_INDEX_IN_TEXT.exec(text);
  // Gemini's OpenAI-compatible endpoint sends every function in one tool: `tools[0].function_declarations[3]`.
  const digits = match?.[3] ?? match?.[1] ?? match?.[2];
  return digits === undefined ? undefined : Number(digits);
}

/**
 * The MCP tool a provider's HTTP 400 is about, or null: by the tool's name in the message, else by the index into the
 * request's tools (`toolNames`, in the order they were sent). A built-in tool, another status or another error: null.
 */
export function refusedToolOf(error: unknown, toolNames: ReadonlyArray<string>): RefusedTool | null {
  const cause = error instanceof RetriesExhaustedError ? error.lastError : error;
  if (!APICallError.isInstance(cause) || cause.statusCode !== 400) return null;
  const body: ErrorBody = { message: cause.message, ...errorBodyOf(cause) };
  const message = typeof body.message === 'string' ? body.message : cause.message;
  const param = typeof body.param === 'string' ? body.param : '';
  const index = toolIndexIn(param) ?? toolIndexIn(message);
  const inText = MCP_NAME_IN_TEXT.exec(message)?.[0];
  // A name in the text counts only if the request offered it (the text may quote other things).
  const named = inText !== undefined && (toolNames.length === 0 || toolNames.includes(inText)) ? inText : index === undefined ? undefined : toolNames[index];
  const mcp = named === undefined ? null : mcpToolOf(named);
  if (mcp === null) return null;
  const trimmed = message.trim().replace(/\.+$/, '');
  return { ...mcp, detail: trimmed.length > REFUSED_DETAIL_MAX ? `${trimmed.slice(0, REFUSED_DETAIL_MAX)}…` : trimmed };
}

/** For a person: which server and tool, what the provider said, and what to do. */
export function describeRefusedTool(refused: RefusedTool): string {
  return (
    `The model provider refused the input schema of MCP tool ${refused.tool} from server ${refused.server}: ${refused.detail}. ` +
    'Disable the server for this run or fix its schema.'
  );
}

/**
 * Turns a thrown error into a typed failure: by its class and HTTP status, never by its prose; a 400 that points at an
 * MCP tool of the request (`toolNames`, in the order sent) names that server and tool.
 */
export function classifyFailure(error: unknown, provider: string, toolNames: ReadonlyArray<string> = []): Failure {
  // A provider refusing one MCP tool refuses every request of the run: name the server and tool, not just the 400.
  const refused = refusedToolOf(error, toolNames);
  if (refused !== null) {
    return {
      kind: 'provider_error',
      signature: `provider_error:${provider}:400:${refused.server}:${refused.tool}`,
      message: describeRefusedTool(refused),
      provider,
      status: 400,
    };
  }
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
