import type { SystemInfo } from '../shared/api';
import type { Run } from '../shared/records';
import type { EngineOptions } from './create-engine';
import { describeEngineHolder, type EngineOwner, readEngineLockHolder } from './data-folder/engine-lock';
import type { Logger } from './logger';
import { type Db, openDatabase, openDatabaseReadOnly } from './store/database';
import type { EventRetention } from './store/event-retention';
import { openDatabaseMovingDamagedAside } from './store/move-damaged-database';
import type { RunsRepository } from './store/runs-repository';
import type { SettingsRepository } from './store/settings-repository';

// The small parts createEngine wires together: opening the store, the age retention, read-only refusals.

/** How often the age retention runs while the engine is up (it also runs at start). */
const AGE_RETENTION_EVERY_MS = 6 * 3_600_000;

export const OWNER_OF_SHELL: Readonly<Record<SystemInfo['shell'], EngineOwner>> = { electron: 'desktop', server: 'serve', embedded: 'cli' };

/** Why a read-only engine refuses a change, naming the engine that holds the folder. */
export function readOnlyReason(dataDir: string): string {
  const holder = readEngineLockHolder(dataDir);
  return holder
    ? `${dataDir} is in use by ${describeEngineHolder(holder)}, which does not serve its API yet; try again in a moment`
    : `${dataDir} was opened read-only while another Autoloop held it; run the command again`;
}

export function requireStoredRun(runs: RunsRepository, runId: string): Run {
  const row = runs.getRun(runId);
  if (!row) throw new Error(`run ${runId} is not in the database`);
  return row.run;
}

function openMovingAside(file: string, log: Logger): Db {
  const { db, movedTo } = openDatabaseMovingDamagedAside(file);
  if (movedTo) log.warn(`The damaged database was moved to ${movedTo}; Autoloop starts with a fresh one`);
  return db;
}

/** The database of the data folder, opened as `access` allows. */
export function openStore(options: Pick<EngineOptions, 'access' | 'moveDamagedDatabase' | 'log'>, dbFile: string): Db {
  if (options.access === 'read-only') return openDatabaseReadOnly(dbFile);
  return options.moveDamagedDatabase ? openMovingAside(dbFile, options.log) : openDatabase(dbFile);
}

/**
 * Removes the events of runs that ended longer ago than the settings keep: now (unless read-only) and
 * every AGE_RETENTION_EVERY_MS. The caller clears the returned timer at close.
 */
export function startAgeRetention(
  deps: Readonly<{ settings: SettingsRepository; retention: EventRetention; log: Logger; readOnly: boolean }>,
): ReturnType<typeof setInterval> {
  const { settings, retention, log, readOnly } = deps;
  const enforceAge = (): void => {
    const { maxAgeDays } = settings.get().retention;
    const cutoff = new Date(Date.now() - maxAgeDays * 86_400_000).toISOString();
    const pruned = retention.enforceAge(cutoff, maxAgeDays, new Date().toISOString());
    if (pruned > 0) log.info(`removed the events of ${pruned} runs that ended more than ${maxAgeDays} days ago`);
  };
  if (!readOnly) enforceAge();
  const ageTimer = setInterval(() => readOnly || enforceAge(), AGE_RETENTION_EVERY_MS);
  ageTimer.unref();
  return ageTimer;
}
