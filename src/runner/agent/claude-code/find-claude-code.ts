import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Claude Code ready to drive (with the person's `claude` when PATH has one), or what the person must do. */
export type ClaudeCodeFound = Readonly<{ ok: true; executable?: string } | { ok: false; message: string }>;

const INSTALL_HINT = 'Install Claude Code (npm install -g @anthropic-ai/claude-code) and sign in by running `claude` once, then start the run again.';

async function executableOnPath(name: string, searchPath: string): Promise<string | null> {
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, name);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

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

/** The binary chosen in settings, if a run can start it; else what the person must do, naming it. */
async function chosenBinary(chosen: string): Promise<ClaudeCodeFound> {
  try {
    await access(chosen, constants.X_OK);
    return { ok: true, executable: chosen };
  } catch {
    return {
      ok: false,
      message: `The claude chosen in settings, ${chosen}, is not there or not executable. Choose the path of an installed claude in Settings → Agents (\`autoloop agents set-path claude-code PATH\`), or clear the choice (\`--clear\`) to use the one on PATH, then start the run again.`,
    };
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
  if (chosen !== undefined) return chosenBinary(chosen);
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
