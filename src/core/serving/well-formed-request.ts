import type { IncomingMessage } from 'node:http';
import { approverCodeOf, tokenOf } from './access-token';

/**
 * Whether the server can read a request's address and credentials at all. A path such as `//` makes `URL`
 * throw, and a token or approver cookie such as `%E0` does not decode; such a request gets a 400 (bad
 * request, not 401: it is not a wrong token) instead of reaching code that assumes they parse.
 */
export function isWellFormed(request: IncomingMessage): boolean {
  try {
    tokenOf(request);
    approverCodeOf(request);
    return true;
  } catch {
    return false;
  }
}
