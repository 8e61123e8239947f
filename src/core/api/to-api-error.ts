import type { ApiError, ApiMethod } from '../../shared/api';
import { ApiFailure } from '../api-failure';
import type { Logger } from '../logger';

/** Expected failures keep their code. Anything else is a bug: logged with its stack, reported as `internal`. */
export function toApiError(method: ApiMethod, error: unknown, log: Logger): ApiError {
  if (error instanceof ApiFailure) {
    return { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) };
  }
  log.error(`${method} failed unexpectedly`, error);
  return { code: 'internal', message: `${method} failed unexpectedly; the engine log has the details` };
}
