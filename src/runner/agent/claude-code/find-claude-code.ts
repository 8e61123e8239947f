import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chosenBinaryGone, executableOnPath, isExecutable } from '../agent-binary';

/** Claude Code ready to drive (with the person's `claude` when PATH has one), or what the person must do. */
export type ClaudeCodeFound = Readonly<{ ok: true; executable?: string } | { ok: false; message: string }>;

const INSTALL_HINT = 'Install Claude Code (npm install -g @anthropic-ai/claude-code) and sign in by running `claude` once, then start the run again.';

/** The binary the Agent SDK package carries for this platform, when it was installed with it. */
function packagedBinary(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const manifest = require.resolve(`@anthropic-ai/claude-agent-sdk-${process.platform}-${process.arch}/package.json`);
    return path.join(path.dirname(manifest), process.platform === 'win32' ? 'claude.exe' : 'claude');
  } catch {
    return null;
  }
}

/**
 * Finds what a Claude Code run needs: the Agent SDK (optional at run time: the app does not ship it) and a `claude`
 * binary: the one chosen in settings (`chosen`), else the person's on PATH, else the one the SDK package carries.
 */
export async function findClaudeCode(env: Readonly<Record<string, string | undefined>>, chosen?: string): Promise<ClaudeCodeFound> {
  try {
    await import('@anthropic-ai/claude-agent-sdk');
  } catch {
    return {
      ok: false,
      message: `Claude Code cannot be driven: the Claude Agent SDK (@anthropic-ai/claude-agent-sdk) is not installed next to Autoloop. ${INSTALL_HINT}`,
    };
  }
  if (chosen !== undefined) {
    return (await isExecutable(chosen)) ? { ok: true, executable: chosen } : { ok: false, message: chosenBinaryGone('claude', 'claude-code', chosen) };
  }
  const onPath = await executableOnPath('claude', env.PATH ?? '');
  if (onPath) return { ok: true, executable: onPath };
  const packaged = packagedBinary();
  if (packaged) {
    try {
      await access(packaged, constants.X_OK);
      return { ok: true };
    } catch {
      // listed but absent: fall through
    }
  }
  return { ok: false, message: `Claude Code is not installed: no \`claude\` on PATH. ${INSTALL_HINT}` };
}
