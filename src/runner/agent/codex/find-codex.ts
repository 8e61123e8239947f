import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chosenBinaryGone, executableOnPath, isExecutable } from '../agent-binary';

/** A `codex` binary a run can start, and where it came from. */
export type CodexBinary = Readonly<{ file: string; source: 'settings' | 'path' | 'package' }>;

/** Codex ready to drive, or what the person must do. */
export type CodexFound = Readonly<{ ok: true; binary: CodexBinary } | { ok: false; message: string }>;

export const CODEX_INSTALL_HINT =
  'Install Codex (npm install -g @openai/codex) and sign in by running `codex login` once (or choose a model of an openai provider with a key), then start the run again.';

/** The native binary the `@openai/codex` npm package carries for this platform (`vendor/<target>/bin/codex`), when installed. */
export function packagedCodexBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const cli = require.resolve('@openai/codex/package.json');
    const manifest = createRequire(cli).resolve(`@openai/codex-${process.platform}-${process.arch}/package.json`);
    const vendor = path.join(path.dirname(manifest), 'vendor');
    const name = process.platform === 'win32' ? 'codex.exe' : 'codex';
    for (const target of readdirSync(vendor)) {
      const file = path.join(vendor, target, 'bin', name);
      if (existsSync(file)) return file;
    }
    return null;
  } catch {
    return null;
  }
}

/** The `codex` chosen in settings (`chosen`), else the person's on PATH, else the one the optional `@openai/codex` package carries. */
export async function findCodex(env: Readonly<Record<string, string | undefined>>, chosen?: string): Promise<CodexFound> {
  if (chosen !== undefined) {
    return (await isExecutable(chosen))
      ? { ok: true, binary: { file: chosen, source: 'settings' } }
      : { ok: false, message: chosenBinaryGone('codex', 'codex', chosen) };
  }
  const onPath = await executableOnPath('codex', env.PATH ?? '');
  if (onPath) return { ok: true, binary: { file: onPath, source: 'path' } };
  const packaged = packagedCodexBinary();
  if (packaged) {
    try {
      await access(packaged, constants.X_OK);
      return { ok: true, binary: { file: packaged, source: 'package' } };
    } catch {
      // listed but not runnable: fall through
    }
  }
  return { ok: false, message: `Codex is not installed: no \`codex\` on PATH. ${CODEX_INSTALL_HINT}` };
}
