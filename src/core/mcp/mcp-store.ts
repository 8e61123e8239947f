import { z } from 'zod';
import { McpServerConfig, type McpServerInfo, type McpServerLaunch, type McpServerPatch, McpServers, McpToolInfo } from '../../shared/mcp';
import type { Db } from '../store/database';
import { readSecretWithoutSealer } from '../store/sealed-secret';
import type { SecretSealer } from '../store/settings-repository';

const KEY = 'mcp';
/** The tools each server offered when last tested, kept apart from the configuration (nothing secret in it). */
const TOOLS_KEY = 'mcp-tools';
const TestedTools = z.record(z.string(), z.object({ testedAt: z.string(), tools: z.array(McpToolInfo) }));
type TestedTools = z.infer<typeof TestedTools>;
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
export function mcpServerInfo(name: string, config: McpServerConfig, tested?: TestedTools[string]): McpServerInfo {
  return {
    name,
    transport: config.transport,
    command: config.command ?? null,
    args: config.args ?? [],
    url: config.url ?? null,
    envNames: Object.keys(config.env ?? {}),
    headerNames: Object.keys(config.headers ?? {}),
    enabled: config.enabled,
    tools: tested?.tools ?? null,
    testedAt: tested?.testedAt ?? null,
  };
}

/** A secret record with a patch applied: a value sets, null removes, a name left out keeps its value. Pure. */
function patchRecord(
  stored: Readonly<Record<string, string>> | undefined,
  patch: Readonly<Record<string, string | null>> | undefined,
): Record<string, string> | undefined {
  if (patch === undefined) return stored && { ...stored };
  const next: Record<string, string> = { ...stored };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete next[name];
    else next[name] = value;
  }
  return Object.keys(next).length > 0 ? next : undefined;
}

/** A server's config with a patch applied, or what is wrong with the result. Pure. */
export function patchMcpServer(config: McpServerConfig, patch: McpServerPatch): { config: McpServerConfig } | { error: string } {
  const { env, headers, callTimeoutMs, ...plain } = patch;
  const { env: _env, headers: _headers, callTimeoutMs: storedTimeout, ...rest } = config;
  const nextEnv = patchRecord(config.env, env);
  const nextHeaders = patchRecord(config.headers, headers);
  const timeout = callTimeoutMs === undefined ? storedTimeout : (callTimeoutMs ?? undefined);
  const parsed = McpServerConfig.safeParse({
    ...rest,
    ...plain,
    ...(nextEnv ? { env: nextEnv } : {}),
    ...(nextHeaders ? { headers: nextHeaders } : {}),
    ...(timeout === undefined ? {} : { callTimeoutMs: timeout }),
  });
  return parsed.success ? { config: parsed.data } : { error: parsed.error.issues.map((issue) => issue.message).join('; ') };
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
  /** The tools each server offered when last tested, by server name. */
  tested(): TestedTools;
  /** Keeps the tools a server offered at a test (replacing earlier ones). */
  recordTools(name: string, tools: ReadonlyArray<McpToolInfo>, testedAt: string): void;
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

  function tested(): TestedTools {
    const row = read.get(TOOLS_KEY) as { value: string } | undefined;
    if (!row) return {};
    try {
      const parsed = TestedTools.safeParse(JSON.parse(row.value));
      return parsed.success ? parsed.data : {};
    } catch {
      return {};
    }
  }

  function forgetTools(name: string): void {
    const { [name]: forgotten, ...rest } = tested();
    if (forgotten !== undefined) write.run(TOOLS_KEY, JSON.stringify(rest));
  }

  return {
    all,
    set(name, config) {
      const before = all()[name];
      save({ ...all(), [name]: config });
      // Tools listed from another command or URL no longer say what this server offers.
      if (
        before &&
        (before.transport !== config.transport || before.command !== config.command || before.url !== config.url || String(before.args) !== String(config.args))
      )
        forgetTools(name);
    },
    remove(name) {
      const { [name]: removed, ...rest } = all();
      if (removed === undefined) return false;
      save(rest);
      forgetTools(name);
      return true;
    },
    tested,
    recordTools(name, tools, testedAt) {
      write.run(TOOLS_KEY, JSON.stringify({ ...tested(), [name]: { testedAt, tools: [...tools] } }));
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
