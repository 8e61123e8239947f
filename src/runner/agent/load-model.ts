import { readFile } from 'node:fs/promises';
import type { LanguageModel } from 'ai';
import { z } from 'zod';
import type { ModelSpec } from '../../shared/protocol';
import { ScriptedScript } from '../../shared/scripted-script';
import { createScriptedModel } from './scripted-model';

/** Loads only the provider this run uses (DESIGN: bundle the runner, load one provider). */
export async function loadModel(spec: ModelSpec, firstCall = 0): Promise<LanguageModel> {
  switch (spec.provider) {
    case 'scripted': {
      const text = await readFile(spec.id, 'utf8').catch((error: unknown) => {
        throw new Error(`Cannot read the scripted model's script ${spec.id}`, { cause: error });
      });
      const parsed = ScriptedScript.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`The script ${spec.id} is not valid:\n${z.prettifyError(parsed.error)}`);
      return createScriptedModel(parsed.data, spec.id, firstCall);
    }
    default:
      throw new Error(`The model provider "${spec.provider}" is not available in this version of Autoloop; use scripted/<script>.`);
  }
}
