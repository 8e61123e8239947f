import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The data folder every shell uses unless told otherwise: `$AUTOLOOP_HOME`, else `~/.autoloop`.
 * The desktop app and the CLI share it, so `autoloop ls` sees the desktop app's runs (DESIGN §9).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const configured = env.AUTOLOOP_HOME;
  return resolve(configured !== undefined && configured !== '' ? configured : join(home, '.autoloop'));
}
