import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type CliImportItem, type CliImportPlan, EngineName } from '../../shared/desktop-engines';
import { CLI_ENGINES_FILE, CliEngineEntry } from '../../shared/cli-engines-file';
import { messageOf } from '../../shared/errors';
import { readJsonFile } from '../json-file';
import { type DesktopEnginesFile, engineUrlProblem } from './desktop-engines-file';

/** The CLI's named engines file as `autoloop engines add` writes it: tokens in plain text, in a 0600 file in the data folder. */
const CliFile = z.object({ engines: z.array(z.unknown()) });

export function cliEnginesPath(dataDir: string): string {
  return join(dataDir, CLI_ENGINES_FILE);
}

/** The CLI's entries; an unreadable entry is kept as a reason, so one bad line does not hide the rest. */
function readCliEntries(dataDir: string): Array<CliEngineEntry | { name: string; problem: string }> {
  const path = cliEnginesPath(dataDir);
  if (!existsSync(path)) return [];
  const { value, problem } = readJsonFile(path);
  const parsed = CliFile.safeParse(value);
  if (problem !== null || !parsed.success)
    throw new Error(`${path} cannot be read as the CLI's engines (${problem ?? 'unexpected fields'}): check it with \`autoloop engines ls\``);
  return parsed.data.engines.map((raw, index) => {
    const entry = CliEngineEntry.safeParse(raw);
    if (entry.success) return entry.data;
    const name =
      typeof raw === 'object' && raw !== null && typeof Reflect.get(raw, 'name') === 'string' ? String(Reflect.get(raw, 'name')) : `entry ${index + 1}`;
    return { name, problem: 'its entry is incomplete (no address or token)' };
  });
}

/** Why an entry cannot come into the desktop list, or null. A name the desktop app already keeps is never overwritten. */
function skipReason(entry: CliEngineEntry, kept: ReadonlySet<string>): string | null {
  if (kept.has(entry.name)) return `the desktop app already has an engine called ${entry.name}: kept as it is`;
  const name = EngineName.safeParse(entry.name);
  if (!name.success) return `its name cannot be used here: ${name.error.issues[0]?.message ?? 'invalid'}`;
  const urlProblem = engineUrlProblem(entry.url);
  if (urlProblem !== null) return urlProblem;
  if (entry.ca !== undefined && entry.ca.trim() !== '' && !existsSync(entry.ca)) return `its CA file ${entry.ca} does not exist`;
  return null;
}

/** What "Import from the CLI" would do, without tokens: each of the CLI's engines, imported or why not. */
export function cliImportPlan(dataDir: string, file: DesktopEnginesFile): CliImportPlan {
  const kept = new Set(file.list().map((engine) => engine.name));
  return {
    path: cliEnginesPath(dataDir),
    engines: readCliEntries(dataDir).map((entry): CliImportItem =>
      'problem' in entry
        ? { name: entry.name, url: '', ca: null, hasApproverCode: false, skipped: entry.problem }
        : {
            name: entry.name,
            url: entry.url,
            ca: entry.ca ?? null,
            hasApproverCode: entry.approverCode !== undefined && entry.approverCode !== '',
            skipped: skipReason(entry, kept),
          },
    ),
  };
}

/**
 * Imports the CLI's engines named in `names` (what the person was shown) that can come in: each goes
 * through `file.add`, so its token and approver code are sealed like a typed one; a name already kept
 * is never overwritten. The CLI's file is left as it is (the CLI still uses it). Returns the names
 * imported, and for each wanted one that could not be, why.
 */
export function importCliEngines(
  dataDir: string,
  file: DesktopEnginesFile,
  names: ReadonlyArray<string>,
): Readonly<{ imported: string[]; problems: string[] }> {
  const wanted = new Set(names);
  const imported: string[] = [];
  const problems: string[] = [];
  for (const entry of readCliEntries(dataDir)) {
    if (!wanted.has(entry.name)) continue;
    if ('problem' in entry) {
      problems.push(`${entry.name}: ${entry.problem}`);
      continue;
    }
    const why = skipReason(entry, new Set(file.list().map((engine) => engine.name)));
    if (why !== null) {
      problems.push(`${entry.name}: ${why}`);
      continue;
    }
    try {
      file.add({
        name: entry.name,
        url: entry.url,
        token: entry.token,
        ...(entry.ca === undefined ? {} : { ca: entry.ca }),
        ...(entry.approverCode === undefined ? {} : { approverCode: entry.approverCode }),
      });
      imported.push(entry.name);
    } catch (error) {
      problems.push(`${entry.name}: ${messageOf(error)}`);
    }
  }
  return { imported, problems };
}
