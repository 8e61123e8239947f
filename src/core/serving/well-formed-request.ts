import type { IncomingMessage } from 'node:http';
import { tokenOf } from './access-token';

/**
 * Whether the server can read a request's address at all. A path such as `//` makes `URL` throw;
 * such a request gets a 400 instead of reaching code that assumes it parses. (A token cookie that
 * does not decode, such as `%E0`, is no token: a 401, see `cookieValue`.)
 */
export function isWellFormed(request: IncomingMessage): boolean {
  try {
    tokenOf(request);
    return true;
  } catch {
    return false;
  }
}
