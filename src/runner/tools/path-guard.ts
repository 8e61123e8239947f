import path from 'node:path';

/**
 * Credential stores under the home folder that file tools may never read or write, whatever the roots allow (DESIGN §7).
 * Paths are relative to the home folder; a folder entry covers everything inside it.
 */
export const CREDENTIAL_LOCATIONS: ReadonlyArray<string> = [
  '.ssh',
  '.aws',
  '.gnupg',
  '.config/gcloud',
  '.netrc',
  '.docker/config.json',
  '.git-credentials',
  '.config/gh',
  '.kube/config',
  '.npmrc',
  '.pypirc',
];

/** What the file tools learned about one requested path; gathered by `resolveToolPath`, decided here. */
export type PathFacts = Readonly<{
  /** The path as the model wrote it, for messages. */
  requested: string;
  /** Absolute and normalised, symlinks not resolved. */
  lexicalPath: string;
  /** Symlinks resolved (through the nearest existing parent for a path not created yet). */
  realPath: string;
  /** The run's working folder, symlinks resolved. */
  workdir: string;
  /** Every folder the tools may touch, symlinks resolved: the workdir, the output folder and any extra roots. */
  roots: ReadonlyArray<string>;
  /** The home folder as configured and with symlinks resolved (they may differ). */
  homeDirs: ReadonlyArray<string>;
}>;

/** Whether a file tool may touch a path, and if not, a reason the model can read. */
export type PathDecision = Readonly<{ allowed: true } | { allowed: false; reason: string }>;

/** True when `child` is `parent` or lies inside it (both absolute). */
export function isWithin(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function isEnvFileName(name: string): boolean {
  return name === '.env' || name.startsWith('.env.');
}

/** The credential location (as `~/…`) that a path falls in, or null. */
export function credentialLocationOf(candidate: string, homeDirs: ReadonlyArray<string>): string | null {
  for (const home of homeDirs) {
    const hit = CREDENTIAL_LOCATIONS.find((location) => isWithin(candidate, path.join(home, location)));
    if (hit !== undefined) return `~/${hit}`;
  }
  return null;
}

/**
 * Decides whether a file tool may touch a path: never a credential store or a `.env` file outside the workdir,
 * and otherwise only inside one of the roots. Both the written path and its symlink target are checked.
 */
export function decidePathAccess(facts: PathFacts): PathDecision {
  const { requested, lexicalPath, realPath, workdir, roots, homeDirs } = facts;
  const resolvedNote = realPath === lexicalPath ? '' : ` (it resolves to ${realPath})`;
  const credential = credentialLocationOf(lexicalPath, homeDirs) ?? credentialLocationOf(realPath, homeDirs);
  if (credential !== null) {
    return { allowed: false, reason: `refused: ${requested} is in ${credential}, a credential store that tools may never read or write` };
  }
  const envName = isEnvFileName(path.basename(realPath)) || isEnvFileName(path.basename(lexicalPath));
  if (envName && !isWithin(realPath, workdir)) {
    return { allowed: false, reason: `refused: ${requested} is a .env file outside the run's working folder (${workdir})${resolvedNote}` };
  }
  if (!roots.some((root) => isWithin(realPath, root))) {
    const others = roots.filter((root) => root !== workdir);
    const also = others.length === 0 ? '' : ` or its other allowed folders (${others.join(', ')})`;
    return { allowed: false, reason: `refused: ${requested} is outside the run's working folder (${workdir})${also}${resolvedNote}` };
  }
  return { allowed: true };
}
