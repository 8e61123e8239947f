/** The advice in every damaged-database message: what Autoloop did (nothing) and the two ways on. */
function damagedAdvice(file: string): string {
  return (
    'Autoloop has not changed it and will not open it. To go on, either restore it from a backup, ' +
    `or start Autoloop with --move-damaged-db (in the app: "Move aside and start fresh"), which renames it to ` +
    `${file}.damaged-<UTC time> (with its -wal and -shm files) and starts a fresh, empty database. Nothing is deleted.`
  );
}

/** The database file is not SQLite or fails SQLite's check at open. Autoloop leaves it untouched (DESIGN §12). */
export class DamagedDatabaseError extends Error {
  override readonly name = 'DamagedDatabaseError';
  constructor(
    readonly file: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`The database ${file} is damaged: ${reason}. ${damagedAdvice(file)}`, options);
  }
}

/** The database was written by a newer Autoloop (its schema version is above the latest this build knows). */
export class NewerSchemaError extends Error {
  override readonly name = 'NewerSchemaError';
  constructor(
    readonly file: string,
    readonly version: number,
    readonly latest: number,
  ) {
    super(
      `${file} has schema version ${version}, but this Autoloop knows only up to ${latest}. ` +
        'It was written by a newer Autoloop: update Autoloop, or use another data folder.',
    );
  }
}

/** SQLite's error code (`SQLITE_FULL`, `SQLITE_CONSTRAINT_UNIQUE` …) of something thrown, or null. */
export function sqliteCodeOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** Whether SQLite refused a write because the disk (or the database's size limit) is full. */
export function isDiskFull(error: unknown): boolean {
  return sqliteCodeOf(error) === 'SQLITE_FULL';
}
