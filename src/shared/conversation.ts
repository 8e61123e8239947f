import { z } from 'zod';

/*
 * The shape of one message in a run's conversation (the AI SDK's ModelMessage), checked where a
 * conversation arrives from outside: a run bundle's checkpoint. Garbage there used to be accepted
 * on import and only failed after a resume, as a runner that could not start.
 */

const Text = z.object({ type: z.literal('text'), text: z.string() }).loose();
const Reasoning = z.object({ type: z.literal('reasoning'), text: z.string() }).loose();
const Image = z.object({ type: z.literal('image'), image: z.unknown() }).loose();
const File = z.object({ type: z.literal('file'), data: z.unknown(), mediaType: z.string() }).loose();
const ToolCall = z.object({ type: z.literal('tool-call'), toolCallId: z.string(), toolName: z.string(), input: z.unknown() }).loose();
const ToolResult = z.object({ type: z.literal('tool-result'), toolCallId: z.string(), toolName: z.string(), output: z.unknown() }).loose();

const SystemMessage = z.object({ role: z.literal('system'), content: z.string() }).loose();
const UserMessage = z.object({ role: z.literal('user'), content: z.union([z.string(), z.array(z.discriminatedUnion('type', [Text, Image, File]))]) }).loose();
const AssistantMessage = z
  .object({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(z.discriminatedUnion('type', [Text, Reasoning, File, ToolCall, ToolResult]))]),
  })
  .loose();
const ToolMessage = z.object({ role: z.literal('tool'), content: z.array(ToolResult) }).loose();

/** One conversation message as the model layer reads it. */
export const ConversationMessageShape = z.discriminatedUnion('role', [SystemMessage, UserMessage, AssistantMessage, ToolMessage]);
