import { access, constants } from 'node:fs/promises';
import path from 'node:path';

/** Whether `file` is there and executable. */
export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The first executable `name` in the folders of `searchPath` (a PATH value), or null. */
export async function executableOnPath(name: string, searchPath: string): Promise<string | null> {
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, name);
    if (await isExecutable(candidate)) return candidate;
  }
  return null;
}

/** What the person must do when the binary chosen in settings for `agent` (run as `command`) cannot be started. */
export function chosenBinaryGone(command: string, agent: string, chosen: string): string {
  return `The ${command} chosen in settings, ${chosen}, is not there or not executable. Choose the path of an installed ${command} in Settings → Agents (\`autoloop agents set-path ${agent} PATH\`), or clear the choice (\`--clear\`) to use the one on PATH, then start the run again.`;
}
