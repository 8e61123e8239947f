import { z } from 'zod';
import { AgentKind } from './agents';

/** An external agent as Settings → Agents and `autoloop agents` show it: where it was found, its version, its login. */
export const AgentInfo = z.object({
  agent: AgentKind.exclude(['autoloop']),
  /** The binary a run would start; null: none was found. */
  path: z.string().nullable(),
  /** `path`: the person's own on PATH; `package`: the one an installed npm package carries. */
  source: z.enum(['path', 'package']).nullable(),
  version: z.string().nullable(),
  /** Whether it is signed in with its own login; null when it could not say. */
  loggedIn: z.boolean().nullable(),
  /** How it signs in (`claude.ai`, `api_key`, `none`…), as it says. */
  authMethod: z.string().nullable(),
  /** What is wrong and what to do, in words; null when it is ready. */
  problem: z.string().nullable(),
});
export type AgentInfo = z.infer<typeof AgentInfo>;

/** The agent methods of the Autoloop API; spread into `apiMethods`. */
export const agentMethods = {
  /** Looks for each external agent now (its binary, `--version`, its login status): nothing is cached. */
  'agents.list': { params: z.object({}).strict().default({}), result: z.array(AgentInfo) },
} as const;
