import type { IncomingMessage } from 'node:http';
import { tokenOf } from './access-token';

/**
 * Whether the server can read a request's address and token cookie at all. A path such as `//`
 * or a cookie such as `autoloop_token=%E0` makes `URL` or `decodeURIComponent` throw; such a
 * request gets a 400 instead of reaching code that assumes they parse.
 */
export function isWellFormed(request: IncomingMessage): boolean {
  try {
    tokenOf(request);
    return true;
  } catch {
    return false;
  }
}
