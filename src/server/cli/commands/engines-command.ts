import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { connectApiClient } from '../../api-client';
import { CliFailure } from '../cli-failure';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type EngineEntry, chosenCaFile, enginesFilePath, readEngines, socketUrlOfEngineUrl, writeEngines } from '../remote-engine';
import { createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';
import { messageOf } from '../../../shared/errors';

const ADD_USAGE = 'autoloop engines add <name> <https://HOST:PORT> [--ca FILE] [--no-check]   (the token from AUTOLOOP_TOKEN or stdin)';

/** The token for `engines add`: AUTOLOOP_TOKEN, else the first line of stdin (never an argument, which a process list shows). */
function tokenForAdd(): string {
  const fromEnv = process.env.AUTOLOOP_TOKEN ?? '';
  if (fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY === true) throw new UsageError('give the token on stdin (autoloop engines add NAME URL < token.txt) or in AUTOLOOP_TOKEN');
  const line = readFileSync(0, 'utf8').split('\n')[0]?.trim() ?? '';
  if (line === '') throw new UsageError('no token on stdin: give the token `autoloop tokens create` printed on the engine’s machine');
  return line;
}

/**
 * `autoloop engines add|ls|remove` (issue #25): named engines on other machines, kept in the data
 * folder's engines.json (mode 0600), for `autoloop --engine NAME <command>`. Tokens are never printed.
 */
export async function enginesCommand(args: string[], _paths: AppPaths): Promise<number> {
  const [sub = 'ls', ...rest] = args[0]?.startsWith('-') ? ['ls', ...args] : args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, 'no-check': { type: 'boolean', default: false } },
  });
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  const engines = readEngines(dataDir);
  switch (sub) {
    case 'ls': {
      const shown = engines.map(({ token: _token, approverCode, ...entry }) => ({ ...entry, approverCode: approverCode !== undefined }));
      if (output.json) shown.forEach((entry) => output.jsonLine(entry));
      else if (shown.length === 0) output.line('No engines added. `autoloop engines add <name> <https://HOST:PORT>` adds one.');
      else
        formatTable(
          shown,
          [
            { header: 'NAME', value: (entry) => entry.name, paint: output.paint.bold },
            { header: 'URL', value: (entry) => entry.url },
            { header: 'CA', value: (entry) => entry.ca ?? 'system' },
          ],
          output.paint.bold,
        ).forEach((line) => output.line(line));
      return EXIT_OK;
    }
    case 'add': {
      const [name, url] = positionals;
      if (name === undefined || url === undefined || positionals.length > 2) throw new UsageError(`usage: ${ADD_USAGE}`);
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name) || name === 'local')
        throw new UsageError(`"${name}" cannot name an engine: letters, digits, dots, dashes, not "local"`);
      const socketUrl = socketUrlOfEngineUrl(url);
      if (socketUrl === null) throw new UsageError(`"${url}" is not an engine address: give https://HOST:PORT (or http:// through an SSH tunnel)`);
      const caFile = chosenCaFile();
      const entry: EngineEntry = {
        name,
        url,
        token: tokenForAdd(),
        // `--ca` is taken off every command's arguments by main (remote-engine.ts); here it is the file to keep.
        ...(caFile !== null ? { ca: resolve(caFile) } : {}),
        ...((process.env.AUTOLOOP_APPROVER_CODE ?? '') !== '' ? { approverCode: process.env.AUTOLOOP_APPROVER_CODE } : {}),
      };
      if (!values['no-check']) {
        try {
          const client = await connectApiClient(
            { socketUrl, token: entry.token, trust: entry.ca ? { ca: [readFileSync(entry.ca)] } : undefined },
            { approverCode: entry.approverCode },
          );
          await client.call('system.info', {});
          await client.close();
        } catch (error) {
          throw new CliFailure(`${messageOf(error)}; nothing was added (--no-check adds it anyway)`, EXIT_FAILURE);
        }
      }
      writeEngines(dataDir, [...engines.filter((candidate) => candidate.name !== name), entry]);
      output.line(`Added the engine "${name}" (${url}) to ${enginesFilePath(dataDir)}: use it with autoloop --engine ${name} <command>`);
      return EXIT_OK;
    }
    case 'remove': {
      const name = onePositional(positionals, 'autoloop engines remove <name>');
      if (!engines.some((entry) => entry.name === name)) throw new CliFailure(`there is no engine called "${name}" (autoloop engines ls)`, EXIT_INVALID_INPUT);
      writeEngines(
        dataDir,
        engines.filter((entry) => entry.name !== name),
      );
      output.line(`Removed the engine "${name}"; its token stays valid on the engine until revoked there (autoloop tokens revoke)`);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`usage: autoloop engines add|ls|remove (not "${sub}")`);
  }
}
