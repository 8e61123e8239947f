import { z } from 'zod';
import { type ApiHandlers, type ApiMethod, type ApiResponse, type ApiResult, apiMethods, isApiMethod } from '../../shared/api';
import type { Logger } from '../logger';
import { toApiError } from './to-api-error';

/** The one place API input is parsed and errors become values; both shells call it. */
export async function dispatch(handlers: ApiHandlers, method: unknown, rawParams: unknown, log: Logger): Promise<ApiResponse<unknown>> {
  if (!isApiMethod(method)) {
    return { ok: false, error: { code: 'not_found', message: `There is no API method called ${JSON.stringify(method)}` } };
  }
  const parsed = apiMethods[method].params.safeParse(rawParams ?? {});
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: `${method}: ${z.prettifyError(parsed.error)}` } };
  }
  // TypeScript cannot pair `method` with `parsed.data`; the schema lookup above guarantees the pairing.
  const handler = handlers[method] as (params: unknown) => Promise<ApiResult<ApiMethod>>;
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toApiError(method, error, log) };
  }
}
