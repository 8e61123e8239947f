import os from 'node:os';
import path from 'node:path';
import { realpathLoose } from '../tools/tool-paths';
import { subjectOf } from './decide-permission';

/** Tools whose subject is a path (the folder searched, for grep, glob and list_dir, `.` unless given). */
const PATH_TOOLS: ReadonlySet<string> = new Set(['read_file', 'write_file', 'edit_file', 'list_dir', 'grep', 'glob']);

function expandHome(requested: string, homeDir: string): string {
  if (requested === '~') return homeDir;
  return requested.startsWith('~/') ? path.join(homeDir, requested.slice(2)) : requested;
}

/**
 * The real path a file tool would touch, relative to the real workdir when inside it (`docs/../package.json`
 * is `package.json`; a symlink is where it points), absolute otherwise. Rules are matched against this.
 */
export async function realPathSubject(requested: string, workdir: string, homeDir = os.homedir()): Promise<string> {
  const lexical = path.resolve(workdir, expandHome(requested, homeDir));
  const [real, realWorkdir] = await Promise.all([realpathLoose(lexical), realpathLoose(workdir)]).catch(() => [lexical, path.resolve(workdir)]);
  const relative = path.relative(realWorkdir ?? workdir, real ?? lexical);
  const inside = relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  return inside ? relative.split(path.sep).join('/') || '.' : (real ?? lexical);
}

/** A URL as rules see it: parsed and serialised (dot segments resolved, `%2e%2e` included; host lower case; default port dropped). */
export function normaliseUrl(raw: string): string {
  try {
    return new URL(raw).href;
  } catch {
    return raw;
  }
}

/** What a tool call's rules are matched against: the real relative path for file tools, the normalised URL for web_fetch, the command for bash. */
export async function ruleSubject(tool: string, input: unknown, workdir: string | undefined): Promise<string> {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  if (PATH_TOOLS.has(tool) && workdir !== undefined) {
    const requested = typeof record.path === 'string' && record.path !== '' ? record.path : '.';
    return realPathSubject(requested, workdir);
  }
  if (tool === 'web_fetch' && typeof record.url === 'string') return normaliseUrl(record.url);
  return subjectOf(input);
}
