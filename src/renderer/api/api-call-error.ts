import type { ApiError, ApiErrorCode, ApiMethod } from '../../shared/api';

/** An API call the engine refused, or one that never reached it; `code` is the engine's stable code (DESIGN §5). */
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
