/** Name endings that mark a variable as a credential. */
const SECRET_SUFFIXES: ReadonlyArray<string> = ['API_KEY', 'APIKEY', 'SECRET', 'TOKEN', 'PASSWORD', 'PASSWD', 'PRIVATE_KEY', 'ACCESS_KEY', 'SECRET_KEY', 'CREDENTIALS'];

/** Name prefixes of model providers: everything they configure stays out of tools, keys or not. */
const SECRET_PREFIXES: ReadonlyArray<string> = ['ANTHROPIC_', 'OPENAI_', 'AZURE_OPENAI_', 'GOOGLE_GENERATIVE_AI_', 'GEMINI_', 'MISTRAL_', 'GROQ_', 'OPENROUTER_', 'DEEPSEEK_', 'XAI_'];

/** True when an environment variable's name looks like it holds a secret (DESIGN §7: API keys never in the tool environment). */
export function looksLikeSecret(name: string): boolean {
  const upper = name.toUpperCase();
  return SECRET_SUFFIXES.some((suffix) => upper.endsWith(suffix)) || SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** A copy of `env` without the variables that look like secrets, for processes the agent starts. */
export function withoutSecrets(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !looksLikeSecret(name)) kept[name] = value;
  }
  return kept;
}
