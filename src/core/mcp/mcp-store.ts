import { type McpServerConfig, type McpServerInfo, type McpServerLaunch, McpServers } from '../../shared/mcp';
import type { Db } from '../store/database';
import { readSecretWithoutSealer } from '../store/sealed-secret';
import type { SecretSealer } from '../store/settings-repository';

const KEY = 'mcp';
/** A value read from the engine's environment when a run starts: `env:NAME`. */
const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;

function mapValues(servers: McpServers, map: (value: string, where: string) => string | undefined): McpServers {
  const mapRecord = (record: Readonly<Record<string, string>> | undefined, where: string) =>
    record === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(record).flatMap(([name, value]) => {
            const mapped = map(value, `${where} ${name}`);
            return mapped === undefined ? [] : [[name, mapped]];
          }),
        );
  return Object.fromEntries(
    Object.entries(servers).map(([name, config]) => {
      const env = mapRecord(config.env, `MCP server ${name}: environment variable`);
      const headers = mapRecord(config.headers, `MCP server ${name}: header`);
      return [name, { ...config, ...(env ? { env } : {}), ...(headers ? { headers } : {}) }];
    }),
  );
}

/** A server as the API shows it: names of its environment variables and headers, never their values. */
export function mcpServerInfo(name: string, config: McpServerConfig): McpServerInfo {
  return {
    name,
    transport: config.transport,
    command: config.command ?? null,
    args: config.args ?? [],
    url: config.url ?? null,
    envNames: Object.keys(config.env ?? {}),
    headerNames: Object.keys(config.headers ?? {}),
    enabled: config.enabled,
  };
}

/** A stored value as a run gets it: `env:NAME` from the engine's environment (absent: an error naming it), else as stored. */
function resolveValue(value: string, env: Readonly<Record<string, string | undefined>>, where: string): string {
  const reference = ENV_REFERENCE.exec(value);
  if (reference === null) return value;
  const found = env[reference[1] ?? ''];
  if (found === undefined) throw new Error(`${where} names the environment variable ${reference[1]}, which the engine does not have`);
  return found;
}

/** The configured MCP servers (Settings → Tools). Stored in the settings table as one JSON value, their env and header values sealed like provider keys. */
export type McpStore = Readonly<{
  all(): McpServers;
  set(name: string, config: McpServerConfig): void;
  remove(name: string): boolean;
  /** What a runner gets for these servers, values resolved for this run; throws naming a server that is missing, disabled or unresolvable. */
  launches(names: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>, options?: Readonly<{ evenDisabled?: boolean }>): McpServerLaunch[];
}>;

export function createMcpStore(db: Db, onInvalid: (message: string) => void, sealer?: SecretSealer): McpStore {
  const read = db.prepare('SELECT value FROM settings WHERE key = ?');
  const write = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  let cached: McpServers | null = null;

  function load(): McpServers {
    const row = read.get(KEY) as { value: string } | undefined;
    if (!row) return {};
    const parsed = McpServers.safeParse(
      (() => {
        try {
          return JSON.parse(row.value) as unknown;
        } catch {
          return null;
        }
      })(),
    );
    if (!parsed.success) {
      onInvalid('The stored MCP servers are not valid and were ignored; add them again in Settings → Tools.');
      return {};
    }
    return mapValues(parsed.data, (stored, where) => {
      if (sealer) {
        try {
          return sealer.open(stored);
        } catch (error) {
          onInvalid(`The ${where} could not be read: ${error instanceof Error ? error.message : String(error)}`);
          return undefined;
        }
      }
      const secret = readSecretWithoutSealer(stored);
      if ('value' in secret) return secret.value;
      onInvalid(`The ${where} cannot be read here: ${secret.unreadable}`);
      return undefined;
    });
  }

  function all(): McpServers {
    cached ??= load();
    return cached;
  }

  function save(next: McpServers): void {
    write.run(KEY, JSON.stringify(sealer ? mapValues(next, (value) => sealer.seal(value)) : next));
    cached = next;
  }

  return {
    all,
    set(name, config) {
      save({ ...all(), [name]: config });
    },
    remove(name) {
      const { [name]: removed, ...rest } = all();
      if (removed === undefined) return false;
      save(rest);
      return true;
    },
    launches(names, env, options = {}) {
      return names.map((name) => {
        const config = all()[name];
        if (!config) throw new Error(`There is no MCP server called "${name}"; add it in Settings → Tools or with autoloop mcp add`);
        if (!config.enabled && options.evenDisabled !== true) throw new Error(`The MCP server "${name}" is turned off in Settings → Tools`);
        const resolve = (record: Readonly<Record<string, string>> | undefined, what: string) =>
          record && Object.fromEntries(Object.entries(record).map(([key, value]) => [key, resolveValue(value, env, `MCP server ${name}: ${what} ${key}`)]));
        const resolvedEnv = resolve(config.env, 'environment variable');
        const headers = resolve(config.headers, 'header');
        return {
          name,
          transport: config.transport,
          ...(config.command !== undefined ? { command: config.command } : {}),
          ...(config.args ? { args: [...config.args] } : {}),
          ...(resolvedEnv ? { env: resolvedEnv } : {}),
          ...(config.url !== undefined ? { url: config.url } : {}),
          ...(headers ? { headers } : {}),
          ...(config.callTimeoutMs !== undefined ? { callTimeoutMs: config.callTimeoutMs } : {}),
        };
      });
    },
  };
}
