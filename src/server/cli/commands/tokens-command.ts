import { parseArgs } from 'node:util';
import type { AccessTokenInfo } from '../../../shared/access-tokens-api';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

/** A token's state in words. Pure. */
export function tokenState(token: Pick<AccessTokenInfo, 'revokedAt'>): string {
  return token.revokedAt === null ? 'live' : `revoked ${token.revokedAt}`;
}

function printTokens(tokens: ReadonlyArray<AccessTokenInfo>, output: Output): void {
  if (output.json) return tokens.forEach((token) => output.jsonLine(token));
  if (tokens.length === 0) return output.line('No named tokens. `autoloop tokens create <name> [--read-only]` makes one.');
  formatTable(
    tokens,
    [
      { header: 'NAME', value: (token) => token.name, paint: output.paint.bold },
      { header: 'ACCESS', value: (token) => (token.readOnly ? 'read-only' : 'full') },
      { header: 'CREATED', value: (token) => token.createdAt },
      { header: 'LAST USED', value: (token) => token.lastUsedAt ?? 'never' },
      { header: 'STATE', value: tokenState },
    ],
    output.paint.bold,
  ).forEach((line) => output.line(line));
}

/**
 * `autoloop tokens create <name> [--read-only] | ls | revoke <name>` (issue #25): named tokens for other
 * machines. Only this machine's CLI (the engine's own token) may manage them. A new token is printed
 * once, alone on stdout's last line, so `autoloop tokens create phone | tail -1` captures it.
 */
export async function tokensCommand(args: string[], paths: AppPaths): Promise<number> {
  const [sub = 'ls', ...rest] = args[0]?.startsWith('-') ? ['ls', ...args] : args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, 'read-only': { type: 'boolean', default: false } },
  });
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  switch (sub) {
    case 'ls':
      printTokens(await withSession(dataDir, paths, 'read', (session) => session.call('tokens.list', {})), output);
      return EXIT_OK;
    case 'create': {
      const name = onePositional(positionals, 'autoloop tokens create <name> [--read-only]');
      const made = await withSession(dataDir, paths, 'read', (session) => session.call('tokens.create', { name, readOnly: values['read-only'] }));
      if (output.json) {
        output.jsonLine(made);
        return EXIT_OK;
      }
      process.stderr.write(`Made the ${made.info.readOnly ? 'read-only' : 'full-access'} token "${name}". It is shown once, below; only its digest is kept.\n`);
      output.line(made.token);
      return EXIT_OK;
    }
    case 'revoke': {
      const name = onePositional(positionals, 'autoloop tokens revoke <name>');
      const revoked = await withSession(dataDir, paths, 'read', (session) => session.call('tokens.revoke', { name }));
      if (output.json) output.jsonLine(revoked);
      else output.line(`Revoked "${name}": its open connections were closed and it is refused from now on.`);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`usage: autoloop tokens create <name> [--read-only] | ls | revoke <name> (not "${sub}")`);
  }
}
