import { z } from 'zod';
import { ApiError, type ApiErrorCode, type ApiMethod, ApiPushEvent, type ApiResult, apiMethods } from './api';

/**
 * An API call that did not give its result: the engine refused it (its stable code and a message a
 * person can act on, DESIGN §5), it never reached the engine (`unavailable`), or the answer broke
 * the contract (`internal`). The one "API said no" error of every client: the window, the CLI and
 * the end-to-end tests.
 */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';
  readonly code: ApiErrorCode;
  readonly method: ApiMethod;
  readonly details: unknown;

  constructor(method: ApiMethod, error: ApiError) {
    super(error.message);
    this.method = method;
    this.code = error.code;
    this.details = error.details;
  }
}

const ApiResponseEnvelope = z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: ApiError })]);

/**
 * The result of a call from what its transport resolved with (`{ok: true, value}` or
 * `{ok: false, error}`), checked against the method's schema; anything else is an `ApiCallError`.
 */
export function resultOfResponse<M extends ApiMethod>(method: M, raw: unknown): ApiResult<M> {
  const response = ApiResponseEnvelope.safeParse(raw);
  if (!response.success) {
    throw new ApiCallError(method, { code: 'internal', message: `Autoloop answered ${method} with something that is not an API response` });
  }
  if (!response.data.ok) throw new ApiCallError(method, response.data.error);
  const result = apiMethods[method].result.safeParse(response.data.value);
  if (!result.success) {
    throw new ApiCallError(method, {
      code: 'internal',
      message: `Autoloop answered ${method} with data outside the API contract: ${z.prettifyError(result.error)}`,
    });
  }
  // The schema looked up by `method` produced this value, so it is this method's result type.
  return result.data as ApiResult<M>;
}

/** A pushed event checked against the contract, or the reason it does not match. */
export function parsePushEvent(raw: unknown): Readonly<{ ok: true; event: ApiPushEvent } | { ok: false; problem: string }> {
  const parsed = ApiPushEvent.safeParse(raw);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, problem: z.prettifyError(parsed.error) };
}
