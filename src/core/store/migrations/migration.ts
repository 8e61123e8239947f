/** One numbered schema change, applied at open in its own transaction. */
export type Migration = Readonly<{ version: number; name: string; sql: string }>;
