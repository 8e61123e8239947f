import { type ModelMessage, modelMessageSchema } from 'ai';
import { z } from 'zod';

const Conversation = z.array(modelMessageSchema);

/**
 * The conversation a resumed run continues, checked against the AI SDK's own message schema: the
 * engine stores what the runner checkpointed, but a database edited, damaged or imported from a
 * bundle may hold anything, and the model must never be sent a malformed history.
 */
export function parseResumedConversation(messages: ReadonlyArray<unknown>): ModelMessage[] {
  const parsed = Conversation.safeParse(messages);
  if (!parsed.success) {
    throw new Error(`The stored conversation cannot be resumed: it is not a valid AI SDK conversation.\n${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
