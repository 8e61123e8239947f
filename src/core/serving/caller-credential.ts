import type { IncomingMessage } from 'node:http';
import type { AccessTokenInfo } from '../../shared/access-tokens-api';
import type { CallerAccess } from '../api/dispatch';
import { tokenOf, tokensMatch } from './access-token';
import type { NamedTokens } from './named-tokens';

/** Who a request is: the engine's own token (access.json, this machine), or a named token given to another machine. */
export type Credential = Readonly<{ kind: 'owner'; token: string } | { kind: 'named'; token: string; info: AccessTokenInfo }>;

/** The credential a request carries, or null when its token is missing, wrong or revoked. Check `isWellFormed` first. */
export function credentialOf(request: IncomingMessage, ownerToken: string, tokens: NamedTokens | null): Credential | null {
  const { token } = tokenOf(request);
  if (token === null || token === '') return null;
  if (tokensMatch(token, ownerToken)) return { kind: 'owner', token };
  const info = tokens?.verify(token) ?? null;
  return info ? { kind: 'named', token, info } : null;
}

/** What `dispatch` is told about the caller. */
export function accessOf(credential: Credential): CallerAccess {
  return credential.kind === 'owner' ? null : { tokenName: credential.info.name, readOnly: credential.info.readOnly };
}
