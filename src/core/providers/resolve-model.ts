import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { messageOf } from '../../shared/errors';
import type { ModelSpec } from '../../shared/protocol';
import { ScriptedScript } from '../../shared/scripted-script';
import { type ModelOptions, type Providers, SCRIPTED_PROVIDER, missingKeyMessage, needsApiKey } from '../../shared/providers';
import { type ProviderEnv, baseUrlOf, providerKey } from './provider-keys';

/** Splits `provider/id`; the id may itself contain slashes (a script path). */
export function splitModel(model: string): Readonly<{ provider: string; id: string }> | null {
  const slash = model.indexOf('/');
  if (slash <= 0 || slash === model.length - 1) return null;
  return { provider: model.slice(0, slash), id: model.slice(slash + 1) };
}

/**
 * Finds a scripted model's script: a bare name is a built-in script (resources/scripts/<name>.json);
 * anything with a slash or a `.json` ending is a path, relative to the run's workdir.
 */
export function scriptPathOf(id: string, scriptsFolder: string, workdir: string): string {
  const isPath = id.includes('/') || id.endsWith('.json');
  if (!isPath) return join(scriptsFolder, `${id}.json`);
  return isAbsolute(id) ? id : resolve(workdir, id);
}

/** Scripts up to this size are checked when a run starts; a larger one is left to the runner, off the engine's event loop. */
const CHECKED_SCRIPT_MAX_BYTES = 1024 * 1024;

/** Refuses a script that is not JSON or not a script before the run starts, instead of failing in the runner as a crash. */
function checkScript(path: string): void {
  if (!statSync(path).isFile()) throw new Error(`The scripted model's script ${path} is not a file`);
  if (statSync(path).size > CHECKED_SCRIPT_MAX_BYTES) return;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`The scripted model's script ${path} is not JSON (${messageOf(error)}): fix it, or choose another script`);
  }
  const parsed = ScriptedScript.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'the script'}: ${issue.message}`).join('; ');
    throw new Error(`The scripted model's script ${path} is not a script (${problems}): it needs {"responses": [ … ]}`);
  }
}

export type ModelContext = Readonly<{
  workdir: string;
  scriptsFolder: string;
  providers: Providers;
  env: ProviderEnv;
  /** A missing key is not refused (a schedule being saved: the key may come before its first slot). */
  keyLater?: boolean;
}>;

/**
 * What the runner needs to load a run's model: `{provider: <type>, id, options: {providerName, baseUrl?, contextWindow?}}`.
 * Throws an actionable message when it cannot (unknown provider, no key, missing script).
 */
export function resolveModel(model: string, context: ModelContext): ModelSpec {
  const parts = splitModel(model);
  if (!parts) throw new Error(`"${model}" is not a model id: write provider/model, e.g. anthropic/claude-sonnet-4-5 or scripted/demo-counter`);
  if (parts.provider === SCRIPTED_PROVIDER) {
    const path = scriptPathOf(parts.id, context.scriptsFolder, context.workdir);
    if (!existsSync(path)) throw new Error(`The scripted model's script ${path} does not exist`);
    checkScript(path);
    return { provider: SCRIPTED_PROVIDER, id: path, options: {} };
  }
  const provider = context.providers[parts.provider];
  if (!provider) {
    const known = [SCRIPTED_PROVIDER, ...Object.keys(context.providers)].join(', ');
    throw new Error(`There is no provider called "${parts.provider}" (configured: ${known}); add it in Settings → Providers`);
  }
  if (!context.keyLater && needsApiKey(provider.type) && !providerKey(provider, context.env)) throw new Error(missingKeyMessage(parts.provider, provider));
  const options: ModelOptions = {
    providerName: parts.provider,
    ...(provider.baseUrl ? { baseUrl: baseUrlOf(provider) } : {}),
    ...(provider.contextWindow ? { contextWindow: provider.contextWindow } : {}),
  };
  return { provider: provider.type, id: parts.id, options };
}
