import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { ModelSpec } from '../../shared/protocol';

/** The providers this build can run. */
export const AVAILABLE_PROVIDERS = ['scripted'] as const;

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

/** What the runner needs to load a run's model; throws an actionable message when it cannot. */
export function resolveModel(model: string, workdir: string, scriptsFolder: string): ModelSpec {
  const parts = splitModel(model);
  if (!parts) throw new Error(`"${model}" is not a model id: write provider/model, e.g. scripted/demo-counter`);
  if (parts.provider !== 'scripted') {
    throw new Error(`The provider "${parts.provider}" is not available in this version; available: ${AVAILABLE_PROVIDERS.join(', ')}`);
  }
  const path = scriptPathOf(parts.id, scriptsFolder, workdir);
  if (!existsSync(path)) throw new Error(`The scripted model's script ${path} does not exist`);
  return { provider: 'scripted', id: path, options: {} };
}
