import type { ApiErrorCode } from '../shared/api';

/**
 * A failure the caller can act on (bad input, unknown run, conflict), not a bug. Any part of the
 * engine may throw it; the API layer sends its code and message as they are (DESIGN §5).
 */
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
