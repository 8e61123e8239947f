import { type ApiHandlers, type ApiMethod, type ApiResponse, type ApiResult, apiMethods, isApiMethod } from '../../shared/api';
import { issuesInWords } from '../../shared/errors';
import type { Logger } from '../logger';
import { toApiError } from './to-api-error';
import { changesNothing } from '../../shared/method-effects';

/** Who is calling: the engine's own credentials (`null`), or a named token, which may be read-only. */
export type CallerAccess = Readonly<{ tokenName: string; readOnly: boolean }> | null;

/** What a read-only token hears when it asks for a change. */
export function readOnlyTokenMessage(method: string, tokenName: string): string {
  return `${method}: the token "${tokenName}" is read-only: it may watch runs but not start, stop, approve or change anything`;
}

/**
 * The one place API input is parsed and errors become values; both shells call it. A read-only token's
 * call to any method that changes something is refused here, before its parameters are even read.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: unknown,
  rawParams: unknown,
  log: Logger,
  access: CallerAccess = null,
): Promise<ApiResponse<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'not_found', message: `There is no API method called ${JSON.stringify(method)}` } };
  }
  if (access?.readOnly && !changesNothing(method)) {
    return { ok: false, error: { code: 'forbidden', message: readOnlyTokenMessage(method, access.tokenName) } };
  }
  const parsed = apiMethods[method].params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: `${method}: ${issuesInWords(parsed.error)}` } };
  }
  // TypeScript cannot pair `method` with `parsed.data`; the schema lookup above guarantees the pairing.
  const handler = handlers[method] as (params: unknown) => Promise<ApiResult<ApiMethod>>;
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toApiError(method, error, log) };
  }
}
