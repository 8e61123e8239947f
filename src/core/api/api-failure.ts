import type { ApiError, ApiErrorCode, ApiMethod } from '../../shared/api';
import type { Logger } from '../logger';

/** A failure the caller can act on (bad input, unknown run, conflict). Not a bug. */
export class ApiFailure extends Error {
  override readonly name = 'ApiFailure';
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: unknown,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Expected failures keep their code. Anything else is a bug: logged with its stack, reported as `internal`. */
export function toApiError(method: ApiMethod, error: unknown, log: Logger): ApiError {
  if (error instanceof ApiFailure) {
    return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  }
  log.error(`${method} failed unexpectedly`, error);
  return { code: 'internal', message: `${method} failed unexpectedly; the engine log has the details` };
}
