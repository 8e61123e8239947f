import { z } from 'zod';
import { AgentKind } from './agents';
import { AgentPathText } from './settings';

/** An external agent as Settings → Agents and `autoloop agents` show it: where it was found, its version, its login. */
export const AgentInfo = z.object({
  agent: AgentKind.exclude(['autoloop']),
  /** The binary a run would start; null: none was found. */
  path: z.string().nullable(),
  /** `settings`: the one chosen in Settings → Agents; `path`: the person's own on PATH; `package`: the one an installed npm package carries. */
  source: z.enum(['settings', 'path', 'package']).nullable(),
  version: z.string().nullable(),
  /** Whether it is signed in with its own login; null when it could not say. */
  loggedIn: z.boolean().nullable(),
  /** How it signs in (`claude.ai`, `api_key`, `none`…), as it says. */
  authMethod: z.string().nullable(),
  /** What is wrong and what to do, in words; null when it is ready. */
  problem: z.string().nullable(),
});
export type AgentInfo = z.infer<typeof AgentInfo>;

/** An agent a path can be chosen for: the external ones. */
export const ExternalAgent = AgentKind.exclude(['autoloop']);
export type ExternalAgent = z.infer<typeof ExternalAgent>;

/** Where an agent's binary came from, in the words `autoloop agents ls` and Settings → Agents use. */
export const AGENT_SOURCE_WORDS: Readonly<Record<NonNullable<AgentInfo['source']>, string>> = {
  settings: 'settings',
  path: 'PATH',
  package: 'bundled',
};

/** The agent methods of the Autoloop API; spread into `apiMethods`. */
export const agentMethods = {
  /** Looks for each external agent now (its binary, `--version`, its login status): nothing is cached. */
  'agents.list': { params: z.object({}).strict().default({}), result: z.array(AgentInfo) },
  /**
   * Chooses the binary runs of `agent` start (an absolute path to an executable file, checked now), or with `null`
   * goes back to the one on PATH, else bundled. Answers the agent as it is found with the new choice.
   */
  'agents.setPath': {
    params: z.object({ agent: ExternalAgent, path: AgentPathText.nullable() }).strict(),
    result: AgentInfo,
  },
} as const;
