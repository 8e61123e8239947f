import { existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codexHomeFolderName } from '../../shared/agents';

/**
 * Removes a run's private Codex home (its threads and config, made by the runner when Codex uses a provider's key)
 * once the run has ended, however it ended: completed, stopped, crashed, or stopped while paused. A paused run keeps it.
 */
export function removeCodexHome(runId: string, base: string = existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir()): void {
  rmSync(path.join(base, codexHomeFolderName(runId)), { recursive: true, force: true });
}
