import Database from 'better-sqlite3';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the desktop app kept in its own user-data folder before both shells shared one data folder. */
const MOVED_ENTRIES = ['autoloop.db', 'templates', 'runs'] as const;
/** Left in the old folder after the move, so it happens once and a person can see where things went. */
export const MOVED_MARKER = 'MOVED-TO-AUTOLOOP-HOME.txt';

/** What is where, gathered from the disk. */
export type LegacyDataState = Readonly<{
  legacyDir: string;
  dataDir: string;
  legacyHasDatabase: boolean;
  dataDirHasDatabase: boolean;
  alreadyMoved: boolean;
  /** Which of MOVED_ENTRIES exist in the old folder. */
  legacyEntries: ReadonlyArray<string>;
}>;

/** What to do with an old user-data folder: move its entries over, only say something, or nothing. */
export type LegacyDataPlan = Readonly<
  { action: 'move'; entries: ReadonlyArray<string>; notice: string } | { action: 'notice'; notice: string } | { action: 'none' }
>;

/** Decides the one-time move of the desktop app's old data into the shared data folder. Pure. */
export function planLegacyDataMove(state: LegacyDataState): LegacyDataPlan {
  if (resolve(state.legacyDir) === resolve(state.dataDir) || state.alreadyMoved || !state.legacyHasDatabase) return { action: 'none' };
  if (state.dataDirHasDatabase) {
    return {
      action: 'notice',
      notice:
        `Autoloop now keeps its data in ${state.dataDir}, which already has a database, so the desktop app's older one in ${state.legacyDir} was ` +
        `left where it is. Export its runs from an older Autoloop to bring them over, or delete that folder.`,
    };
  }
  return {
    action: 'move',
    entries: state.legacyEntries,
    notice:
      `Autoloop moved its runs, templates and settings from ${state.legacyDir} to ${state.dataDir}, the data folder the desktop app and the \`autoloop\` ` +
      `command now share. Working folders stay where they were.`,
  };
}

function gatherState(legacyDir: string, dataDir: string): LegacyDataState {
  return {
    legacyDir,
    dataDir,
    legacyHasDatabase: existsSync(join(legacyDir, 'autoloop.db')),
    dataDirHasDatabase: existsSync(join(dataDir, 'autoloop.db')),
    alreadyMoved: existsSync(join(legacyDir, MOVED_MARKER)),
    legacyEntries: MOVED_ENTRIES.filter((entry) => existsSync(join(legacyDir, entry))),
  };
}

/** Renames, or copies and removes where the two folders are on different file systems. */
function moveEntry(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    cpSync(from, to, { recursive: true, errorOnExist: true, force: false });
    rmSync(from, { recursive: true, force: true });
  }
}

/**
 * Moves the desktop app's old user-data database, templates and run outputs into the shared data
 * folder once (before any engine opens either), and returns the notice to show, or null. The
 * database is checkpointed first, so the move carries no WAL; working folders are not moved (runs
 * name them by their full path).
 */
export function adoptLegacyDataFolder(legacyDir: string, dataDir: string): string | null {
  const plan = planLegacyDataMove(gatherState(legacyDir, dataDir));
  if (plan.action === 'none') return null;
  if (plan.action === 'notice') return plan.notice;
  const legacyDb = new Database(join(legacyDir, 'autoloop.db'));
  try {
    legacyDb.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    legacyDb.close();
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  for (const suffix of ['-wal', '-shm']) rmSync(join(legacyDir, `autoloop.db${suffix}`), { force: true });
  for (const entry of plan.entries) moveEntry(join(legacyDir, entry), join(dataDir, entry));
  writeFileSync(join(legacyDir, MOVED_MARKER), `Autoloop's data moved to ${dataDir} on ${new Date().toISOString()}.\n`, { mode: 0o600 });
  return plan.notice;
}
