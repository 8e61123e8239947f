import { statSync } from 'node:fs';
import type { Db } from './database';

function sizeOf(file: string): number {
  const size = (path: string): number => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return size(file) + size(`${file}-wal`);
}

/** The data actions a person can take from settings: compaction and an integrity check (DESIGN §9). */
export interface DatabaseMaintenance {
  /** Writes what is pending, then rebuilds the file without free pages. */
  compact(): Promise<{ beforeBytes: number; afterBytes: number }>;
  checkIntegrity(): Promise<{ ok: boolean; problems: string[] }>;
}

/** Maintenance over the engine's database file. */
export function createDatabaseMaintenance(db: Db, file: string, flushPending: () => void): DatabaseMaintenance {
  return {
    async compact() {
      flushPending();
      const beforeBytes = sizeOf(file);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
      return { beforeBytes, afterBytes: sizeOf(file) };
    },
    async checkIntegrity() {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      const problems = rows.map((row) => row.integrity_check).filter((line) => line !== 'ok');
      return { ok: problems.length === 0, problems };
    },
  };
}
