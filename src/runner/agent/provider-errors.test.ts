import { APICallError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import {
  CircuitOpenError,
  ProviderTimeoutError,
  RetriesExhaustedError,
  classifyFailure,
  classifyProviderError,
  refusedToolOf,
  retryAfterMsOf,
} from './provider-errors';
import { DEFAULT_RETRY_POLICY, retryDelayMs } from './retry-policy';

const apiError = (statusCode: number | undefined, body: unknown = {}, headers: Record<string, string> = {}, cause?: unknown): APICallError =>
  new APICallError({
    message: 'provider message',
    url: 'https://api.anthropic.com/v1/messages',
    requestBodyValues: {},
    statusCode,
    responseHeaders: headers,
    responseBody: JSON.stringify(body),
    cause,
  });

describe('classifyProviderError', () => {
  it.each([
    [401, 'auth', false],
    [403, 'auth', false],
    [400, 'invalid_request', false],
    [404, 'invalid_request', false],
    [408, 'timeout', true],
    [409, 'server', true],
    [429, 'rate_limit', true],
    [500, 'server', true],
    [503, 'server', true],
    [529, 'overloaded', true],
  ] as const)('types HTTP %i as %s (retry: %s)', (status, kind, transient) => {
    expect(classifyProviderError(apiError(status), 'anthropic')).toMatchObject({ kind, transient, status });
  });

  it('finds a context overflow by its error code, not by its wording', () => {
    const overflow = apiError(400, { error: { code: 'context_length_exceeded', message: 'whatever it says' } });
    expect(classifyProviderError(overflow, 'openai').kind).toBe('context_overflow');
    expect(classifyProviderError(apiError(400, { error: { code: 'invalid_value', message: 'maximum context length' } }), 'openai').kind).toBe(
      'invalid_request',
    );
  });

  it("recognises Anthropic's prompt-too-long invalid_request_error as a context overflow", () => {
    const body = { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 201000 tokens > 200000 maximum' } };
    expect(classifyProviderError(apiError(400, body), 'anthropic').kind).toBe('context_overflow');
  });

  it('types a connection failure by its system error code and names the address', () => {
    const refused = classifyProviderError(apiError(undefined, {}, {}, Object.assign(new Error('connect'), { code: 'ECONNREFUSED' })), 'anthropic');
    expect(refused).toEqual({ kind: 'connection', transient: true, message: 'connection refused at https://api.anthropic.com' });
    const unresolved = classifyProviderError(apiError(undefined, {}, {}, Object.assign(new Error('dns'), { code: 'ENOTFOUND' })), 'anthropic');
    expect(unresolved.message).toBe('cannot resolve api.anthropic.com: check the base URL and the network');
  });

  it('types an error event inside an Anthropic stream by its type', () => {
    expect(classifyProviderError({ type: 'overloaded_error', message: 'Overloaded' }, 'anthropic')).toMatchObject({
      kind: 'overloaded',
      status: 529,
      transient: true,
    });
    expect(classifyProviderError({ type: 'something_new', message: 'x' }, 'anthropic')).toMatchObject({ kind: 'unknown', transient: false });
  });

  it('types our own timeouts, open circuits and exhausted retries', () => {
    expect(classifyProviderError(new ProviderTimeoutError('local', 120_000), 'local')).toMatchObject({
      kind: 'timeout',
      transient: true,
      message: 'no answer from local within 120 s',
    });
    expect(classifyProviderError(new CircuitOpenError('local', 5_000), 'local')).toMatchObject({ kind: 'circuit_open', retryAfterMs: 5_000, transient: false });
    expect(classifyProviderError(new RetriesExhaustedError(apiError(503), 3), 'anthropic')).toMatchObject({ kind: 'server', status: 503 });
    expect(classifyProviderError(new RetriesExhaustedError(apiError(503), 3), 'anthropic').message).toMatch(/\(after 3 retries\)$/);
  });

  it('never shows the provider text of a refused key (providers echo part of it)', () => {
    const refused = new APICallError({
      message: 'Incorrect API key provided: sk-abc***xyz',
      url: 'https://api.openai.com/v1/responses',
      requestBodyValues: {},
      statusCode: 401,
    });
    expect(classifyProviderError(refused, 'openai').message).toBe('401: the key was refused by api.openai.com; check the key in Settings → Providers');
  });
});

describe('retryAfterMsOf', () => {
  it('prefers retry-after-ms, then reads retry-after as seconds or as a date', () => {
    expect(retryAfterMsOf({ 'retry-after-ms': '250', 'retry-after': '9' }, 0)).toBe(250);
    expect(retryAfterMsOf({ 'retry-after': '3' }, 0)).toBe(3_000);
    expect(retryAfterMsOf({ 'retry-after': 'Thu, 01 Jan 1970 00:00:10 GMT' }, 4_000)).toBe(6_000);
    expect(retryAfterMsOf({ 'retry-after': 'soon' }, 0)).toBeUndefined();
    expect(retryAfterMsOf(undefined, 0)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const server = classifyProviderError(apiError(500), 'p');
  const limited = classifyProviderError(apiError(429), 'p');

  it('waits 2, 4 and 8 s, then gives up', () => {
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(server, retry, DEFAULT_RETRY_POLICY))).toEqual([2_000, 4_000, 8_000, null]);
  });

  it('waits three times as long for a rate limit', () => {
    expect([1, 2, 3].map((retry) => retryDelayMs(limited, retry, DEFAULT_RETRY_POLICY))).toEqual([6_000, 12_000, 24_000]);
  });

  it('honours retry-after, but not beyond what a turn should wait', () => {
    expect(retryDelayMs({ ...limited, retryAfterMs: 30_000 }, 1, DEFAULT_RETRY_POLICY)).toBe(30_000);
    expect(retryDelayMs({ ...limited, retryAfterMs: 600_000 }, 1, DEFAULT_RETRY_POLICY)).toBeNull();
  });

  it('never retries a refused key or a bad request', () => {
    expect(retryDelayMs(classifyProviderError(apiError(401), 'p'), 1, DEFAULT_RETRY_POLICY)).toBeNull();
    expect(retryDelayMs(classifyProviderError(apiError(400), 'p'), 1, DEFAULT_RETRY_POLICY)).toBeNull();
  });
});

describe('classifyFailure', () => {
  it('gives an open circuit, a context overflow and a provider timeout their own kinds', () => {
    expect(classifyFailure(new CircuitOpenError('anthropic', 90_000), 'anthropic')).toMatchObject({
      kind: 'circuit_open',
      retryAfterMs: 90_000,
      signature: 'circuit_open:anthropic',
    });
    expect(classifyFailure(apiError(400, { error: { code: 'context_length_exceeded' } }), 'openai')).toMatchObject({ kind: 'context_overflow', status: 400 });
    expect(classifyFailure(new ProviderTimeoutError('local', 1_000), 'local')).toMatchObject({ kind: 'timeout', signature: 'timeout:local' });
  });
});

/** A provider's error answer as the AI SDK hands it over: the message it read out of the body, the body, and the parsed body. */
const refusal = (url: string, statusCode: number, body: unknown, message: string): APICallError =>
  new APICallError({ message, url, requestBodyValues: {}, statusCode, responseHeaders: {}, responseBody: JSON.stringify(body), data: body });

/** The tools of the request, in the order sent: built-ins first, then the MCP servers'. */
const TOOLS = ['bash', 'read_file', 'mcp__docs__read_note', 'mcp__docs__fetch_doc', 'complete'];

describe('refusedToolOf: a provider refusing one MCP tool of the request', () => {
  it("reads Anthropic's tools.N.custom.input_schema path and names the server and tool sent at that index", () => {
    const text =
      'tools.3.custom.input_schema: JSON schema is invalid. It must match JSON Schema draft 2020-12 (https://json-schema.org/draft/2020-12). Learn more about tool use at https://docs.claude.com/en/docs/tool-use.';
    const error = refusal(
      'https://api.anthropic.com/v1/messages',
      400,
      { type: 'error', error: { type: 'invalid_request_error', message: text }, request_id: 'req_011CVabc' },
      text,
    );
    expect(refusedToolOf(error, TOOLS)).toEqual({ server: 'docs', tool: 'fetch_doc', detail: text.slice(0, -1) });
    expect(classifyFailure(error, 'anthropic', TOOLS)).toEqual({
      kind: 'provider_error',
      signature: 'provider_error:anthropic:400:docs:fetch_doc',
      message: `The model provider refused the input schema of MCP tool fetch_doc from server docs: ${text.slice(0, -1)}. Disable the server for this run or fix its schema.`,
      provider: 'anthropic',
      status: 400,
    });
  });

  it("reads the function's name in OpenAI Responses' 'Invalid schema for function' message", () => {
    const text =
      "Invalid schema for function 'mcp__docs__fetch_doc': In context=('properties', 'options'), reference to component 'https://example.com/schema.json' which was not found in the schema.";
    const error = refusal(
      'https://api.openai.com/v1/responses',
      400,
      { error: { message: text, type: 'invalid_request_error', param: 'tools[3].parameters', code: 'invalid_function_parameters' } },
      text,
    );
    expect(refusedToolOf(error, TOOLS)).toMatchObject({ server: 'docs', tool: 'fetch_doc' });
    expect(classifyFailure(error, 'openai', TOOLS).message).toMatch(
      /^The model provider refused the input schema of MCP tool fetch_doc from server docs: Invalid schema for function 'mcp__docs__fetch_doc': In context=.*Disable the server for this run or fix its schema\.$/,
    );
  });

  it('reads an OpenAI-compatible tools[N].function.parameters path, in the param or only in the message', () => {
    const inParam = refusal(
      'http://127.0.0.1:8000/v1/chat/completions',
      400,
      { error: { message: 'Invalid schema: $ref is not supported', type: 'invalid_request_error', param: 'tools[2].function.parameters', code: null } },
      'Invalid schema: $ref is not supported',
    );
    expect(refusedToolOf(inParam, TOOLS)).toEqual({ server: 'docs', tool: 'read_note', detail: 'Invalid schema: $ref is not supported' });
    const text = "tools[3].function.parameters: unresolvable reference 'https://example.com/schema.json'";
    const inMessage = refusal('http://127.0.0.1:8000/v1/chat/completions', 400, { object: 'error', message: text, type: 'BadRequestError', code: 400 }, text);
    expect(refusedToolOf(inMessage, TOOLS)).toMatchObject({ server: 'docs', tool: 'fetch_doc' });
  });

  it("reads Gemini's OpenAI-compatible function_declarations[N] inside the one tools[0]", () => {
    const text =
      'Invalid JSON payload received. Unknown name "$ref" at \'tools[0].function_declarations[3].parameters.properties[1].value\': Cannot find field.';
    const error = refusal(
      'https://generativelanguage.googleapis.com/v1beta/openai/chat/completions',
      400,
      [{ error: { code: 400, message: text, status: 'INVALID_ARGUMENT' } }],
      text,
    );
    expect(refusedToolOf(error, TOOLS)).toMatchObject({ server: 'docs', tool: 'fetch_doc' });
  });

  it('leaves a built-in tool, another status, an MCP name the request never offered and other errors to the ordinary message', () => {
    const builtIn = refusal(
      'https://api.anthropic.com/v1/messages',
      400,
      { type: 'error', error: { type: 'invalid_request_error', message: 'tools.0.custom.input_schema: bad' } },
      'x',
    );
    expect(refusedToolOf(builtIn, TOOLS)).toBeNull();
    expect(classifyFailure(builtIn, 'anthropic', TOOLS)).toMatchObject({
      signature: 'provider_error:anthropic:400',
      message: '400: api.anthropic.com refused the request: tools.0.custom.input_schema: bad',
    });
    const server = refusal('https://api.openai.com/v1/responses', 500, { error: { message: "Invalid schema for function 'mcp__docs__fetch_doc'" } }, 'x');
    expect(refusedToolOf(server, TOOLS)).toBeNull();
    const stranger = refusal('https://api.openai.com/v1/responses', 400, { error: { message: "Invalid schema for function 'mcp__other__tool'" } }, 'x');
    expect(refusedToolOf(stranger, TOOLS)).toBeNull();
    expect(refusedToolOf(apiError(400, { error: { message: 'messages.1.content: empty' } }), TOOLS)).toBeNull();
    expect(refusedToolOf(new Error('tools.3 mcp__docs__fetch_doc'), TOOLS)).toBeNull();
  });

  it('sees through exhausted retries and caps a long provider message', () => {
    const text = `tools.2.custom.input_schema: ${'x'.repeat(2_000)}`;
    const error = refusal('https://api.anthropic.com/v1/messages', 400, { type: 'error', error: { type: 'invalid_request_error', message: text } }, text);
    const refused = refusedToolOf(new RetriesExhaustedError(error, 3), TOOLS);
    expect(refused).toMatchObject({ server: 'docs', tool: 'read_note' });
    expect(refused?.detail.length).toBe(501);
  });
});
