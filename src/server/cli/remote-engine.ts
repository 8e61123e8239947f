import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ensurePrivateFolder } from '../../core/store/private-files';
import { isLoopbackHost } from '../../core/serving/host-check';
import { CLI_ENGINES_FILE, CliEngineEntry } from '../../shared/cli-engines-file';
import { messageOf } from '../../shared/errors';
import { type EngineTarget, socketUrlOfEngineUrl } from '../../core/serving/engine-trust';

export { socketUrlOfEngineUrl };
import { CliFailure } from './cli-failure';
import { EXIT_INVALID_INPUT } from './exit-code';

/**
 * A named engine on another machine (`autoloop engines add`), kept in `<data dir>/engines.json`
 * (mode 0600). The data folder is hidden from every sandboxed process, so no run reads these tokens.
 */
const EngineEntry = CliEngineEntry.extend({ name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/) });
export type EngineEntry = z.infer<typeof EngineEntry>;
const EnginesFile = z.object({ engines: z.array(EngineEntry) });

export function enginesFilePath(dataDir: string): string {
  return join(dataDir, CLI_ENGINES_FILE);
}

/** The named engines, or a clear refusal when the file is damaged (it is never silently replaced). */
export function readEngines(dataDir: string): EngineEntry[] {
  const path = enginesFilePath(dataDir);
  if (!existsSync(path)) return [];
  const parsed = EnginesFile.safeParse(
    (() => {
      try {
        return JSON.parse(readFileSync(path, 'utf8')) as unknown;
      } catch {
        return null;
      }
    })(),
  );
  if (!parsed.success) throw new CliFailure(`${path} cannot be read as a list of engines; fix or remove it`, EXIT_INVALID_INPUT);
  return parsed.data.engines;
}

/** Writes the named engines atomically, readable by this user only. */
export function writeEngines(dataDir: string, engines: ReadonlyArray<EngineEntry>): void {
  ensurePrivateFolder(dataDir);
  const path = enginesFilePath(dataDir);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ engines }, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, path);
}

/** The engine the person chose for this command: `--engine` and `--ca` (taken off the arguments by main), else the environment. */
let chosen: Readonly<{ engine: string | null; ca: string | null }> = { engine: null, ca: null };

/** Takes `--engine NAME|URL` and `--ca FILE` off the arguments of any command; returns the rest. */
export function takeEngineFlags(argv: ReadonlyArray<string>): string[] {
  const rest: string[] = [];
  let engine: string | null = null;
  let ca: string | null = null;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    if (flag !== '--engine' && flag !== '--ca') {
      rest.push(arg);
      continue;
    }
    const value = inline ?? argv[(index += 1)];
    if (value === undefined || value === '')
      throw new CliFailure(`${flag} needs a value (${flag === '--engine' ? 'a name from `autoloop engines ls`, or a URL' : 'a PEM file'})`, EXIT_INVALID_INPUT);
    if (flag === '--engine') engine = value;
    else ca = value;
  }
  chosen = { engine, ca };
  return rest;
}

/** The `--ca FILE` given on the command line, if any. */
export function chosenCaFile(): string | null {
  return chosen.ca;
}

/** Whether this command talks to an engine elsewhere rather than to the data folder's. */
export function remoteEngineChosen(): boolean {
  const engine = chosen.engine ?? process.env.AUTOLOOP_ENGINE ?? '';
  return engine !== '' && engine !== 'local';
}

/** The engine `--engine` / AUTOLOOP_ENGINE names, as given (a name or a URL); null for this data folder's own. */
export function chosenEngineLabel(): string | null {
  return remoteEngineChosen() ? (chosen.engine ?? process.env.AUTOLOOP_ENGINE ?? null) : null;
}

/** Where a remote engine is, how to trust it, and who answers approvals there. */
export type RemoteEngine = Readonly<{ label: string; target: EngineTarget; approverCode: string | undefined; warning: string | null }>;

function readCa(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new CliFailure(`cannot read the CA file ${path}: ${messageOf(error)}`, EXIT_INVALID_INPUT);
  }
}

/** What a plain-HTTP engine on another machine means, said on every command. */
function plainWarning(socketUrl: string): string | null {
  const url = new URL(socketUrl);
  return url.protocol === 'ws:' && !isLoopbackHost(url.hostname.replace(/^\[|\]$/g, ''))
    ? `autoloop: warning: ${url.host} is reached unencrypted: the token crosses the network in the clear (use https, or an SSH tunnel)`
    : null;
}

/**
 * The engine `--engine` / AUTOLOOP_ENGINE names (null for this data folder's own): a URL with
 * AUTOLOOP_TOKEN, or a name from engines.json (AUTOLOOP_TOKEN overrides its token). A certificate is
 * trusted through the system's roots, NODE_EXTRA_CA_CERTS, `--ca FILE` or the entry's CA file; never
 * by turning verification off.
 */
export function chosenRemoteEngine(dataDir: string): RemoteEngine | null {
  if (!remoteEngineChosen()) return null;
  const value = chosen.engine ?? process.env.AUTOLOOP_ENGINE ?? '';
  const envToken = process.env.AUTOLOOP_TOKEN ?? '';
  const envApprover = process.env.AUTOLOOP_APPROVER_CODE ?? '';
  const direct = socketUrlOfEngineUrl(value);
  const entry = direct === null ? readEngines(dataDir).find((candidate) => candidate.name === value) : undefined;
  if (direct === null && !entry) {
    const names = readEngines(dataDir).map((candidate) => candidate.name);
    throw new CliFailure(
      `there is no engine called "${value}"${names.length > 0 ? ` (known: ${names.join(', ')})` : ''}: add it with \`autoloop engines add ${value} https://HOST:PORT\`, or give a URL`,
      EXIT_INVALID_INPUT,
    );
  }
  const socketUrl = direct ?? socketUrlOfEngineUrl(entry?.url ?? '');
  if (socketUrl === null) throw new CliFailure(`the engine "${value}" has an address that is not http(s): ${entry?.url ?? ''}`, EXIT_INVALID_INPUT);
  const token = envToken !== '' ? envToken : (entry?.token ?? '');
  if (token === '')
    throw new CliFailure(
      `--engine ${value} needs a token: set AUTOLOOP_TOKEN (\`autoloop tokens create\` on the engine's machine makes one)`,
      EXIT_INVALID_INPUT,
    );
  const caPath = chosen.ca ?? entry?.ca ?? null;
  return {
    label: entry ? `${entry.name} (${entry.url})` : value,
    target: { socketUrl, token, trust: caPath === null ? undefined : { ca: [readCa(caPath)] } },
    approverCode: envApprover !== '' ? envApprover : entry?.approverCode,
    warning: plainWarning(socketUrl),
  };
}
