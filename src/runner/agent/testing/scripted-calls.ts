import { type TextStreamPart, type ToolSet, generateText } from 'ai';
import type { z } from 'zod';
import { ScriptedScript } from '../../../shared/scripted-script';
import { createScriptedModel } from '../scripted-model';

// Calls to the scripted model through the AI SDK, for its tests.

export const scriptOf = (script: z.input<typeof ScriptedScript>): ScriptedScript => ScriptedScript.parse(script);
export const modelFor = (script: z.input<typeof ScriptedScript>, firstCall = 0) => createScriptedModel(scriptOf(script), 'test-script.json', firstCall);

export async function partsOf<T extends ToolSet>(stream: AsyncIterable<TextStreamPart<T>>): Promise<Array<TextStreamPart<T>>> {
  const parts: Array<TextStreamPart<T>> = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/** The texts of `count` successive single-step calls to the model. */
export async function textsOfCalls(model: ReturnType<typeof modelFor>, count: number): Promise<string[]> {
  const texts: string[] = [];
  for (let call = 0; call < count; call += 1) texts.push((await generateText({ model, prompt: 'Go.', maxRetries: 0 })).text);
  return texts;
}
