import { readFile } from 'node:fs/promises';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { z } from 'zod';
import type { ModelSpec } from '../../shared/protocol';
import { ModelOptions, SCRIPTED_PROVIDER } from '../../shared/providers';
import { ScriptedScript } from '../../shared/scripted-script';
import { createScriptedModel } from './scripted-model';

/** The options of an HTTP provider's model spec; throws a clear message when the engine sent none. */
export function modelOptionsOf(spec: ModelSpec): ModelOptions {
  const parsed = ModelOptions.safeParse(spec.options);
  if (!parsed.success) throw new Error(`The model options for ${spec.provider}/${spec.id} are not valid:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The model as runs, usage and prices name it: `<provider name>/<model>` (e.g. `local/llama3`), `scripted/<script>`. */
export function modelNameOf(spec: ModelSpec): string {
  return spec.provider === SCRIPTED_PROVIDER ? `${SCRIPTED_PROVIDER}/${spec.id}` : `${modelOptionsOf(spec).providerName}/${spec.id}`;
}

async function loadScriptedModel(path: string, firstCall: number): Promise<LanguageModelV3> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new Error(`Cannot read the scripted model's script ${path}`, { cause: error });
  });
  const parsed = ScriptedScript.safeParse(JSON.parse(text));
  if (!parsed.success) throw new Error(`The script ${path} is not valid:\n${z.prettifyError(parsed.error)}`);
  return createScriptedModel(parsed.data, path, firstCall);
}

/**
 * Loads the run's model. Each HTTP provider's adapter is imported only when a run uses it, so a
 * runner loads one. The key comes from `init.secrets` (the runner's environment has none).
 */
export async function loadModel(spec: ModelSpec, secrets: Readonly<Record<string, string>> = {}, firstCall = 0): Promise<LanguageModelV3> {
  if (spec.provider === SCRIPTED_PROVIDER) return loadScriptedModel(spec.id, firstCall);
  const options = modelOptionsOf(spec);
  const apiKey = secrets[options.providerName];
  const baseURL = options.baseUrl;
  if (!apiKey && (spec.provider === 'anthropic' || spec.provider === 'openai')) {
    throw new Error(`No API key for provider ${options.providerName} reached the runner: add one in Settings → Providers`);
  }
  switch (spec.provider) {
    case 'anthropic': {
      const { createAnthropic } = await import('@ai-sdk/anthropic');
      return createAnthropic({ apiKey, ...(baseURL ? { baseURL } : {}) })(spec.id);
    }
    case 'openai': {
      const { createOpenAI } = await import('@ai-sdk/openai');
      return createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) })(spec.id);
    }
    case 'openai-compatible': {
      if (!baseURL) throw new Error(`The provider ${options.providerName} has no base URL: set one in Settings → Providers`);
      const { createOpenAICompatible } = await import('@ai-sdk/openai-compatible');
      // includeUsage: without it, streamed chat completions report no token counts.
      return createOpenAICompatible({ name: options.providerName, baseURL, includeUsage: true, ...(apiKey ? { apiKey } : {}) })(spec.id);
    }
    default:
      throw new Error(
        `The model provider type "${spec.provider}" is not available in this version of Autoloop; use anthropic, openai, openai-compatible or scripted.`,
      );
  }
}

/**
 * What a spare runner loads while it waits for its run, on top of the runner itself: every HTTP provider's adapter and
 * Node's fetch (undici, made ready by a `data:` URL, which reaches no network), so a run that takes the spare pays for
 * neither at its first model call. A runner started for a run never calls this: it loads only its own provider.
 */
export async function preloadForSpare(): Promise<void> {
  await Promise.all([import('@ai-sdk/anthropic'), import('@ai-sdk/openai'), import('@ai-sdk/openai-compatible')]);
  await (await fetch('data:text/plain,ready')).text();
}
