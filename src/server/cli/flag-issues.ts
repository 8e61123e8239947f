import type { z } from 'zod';

/** The `autoloop run` flag that sets each field of `runs.start`'s params (`loop.intervalMs` ← `--interval`). */
export const RUN_FLAG_OF_FIELD: Readonly<Record<string, string>> = {
  template: 'the template name',
  name: '--name',
  params: '--param',
  workdir: '--workdir',
  model: '--model',
  'loop.intervalMs': '--interval',
  'loop.maxVerifyFailures': '--max-verify-failures',
  'loop.verifyEvery': '--verify-every',
  verify: '--verify',
  'limits.maxIterations': '--max-iterations',
  'limits.maxTokens': '--max-tokens',
  'limits.maxCostUsd': '--max-cost',
  'limits.maxDurationMs': '--max-duration',
  'permissions.profile': '--profile',
  'permissions.approvalTimeoutMs': '--approval-timeout',
  'permissions.onApprovalTimeout': '--on-approval-timeout',
  network: '--allow-net',
  env: '--pass-env',
  mcp: '--mcp',
  notify: '--notify',
  isolation: '--isolation',
  base: '--base',
  context: '--context',
  agent: '--agent',
};

const MAX_QUOTED_CHARS = 60;

function valueAt(values: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let at: unknown = values;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** The value a person typed, quoted, when it is short text; nothing for numbers the flag parser already converted. */
function quoted(value: unknown): string {
  if (typeof value !== 'string') return '';
  const shown = value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}… (${value.length} characters)` : value;
  return ` "${shown}"`;
}

/**
 * Pure: what a schema refused, one line per problem, each naming the flag the person typed (`--interval: at most 24
 * days …`) instead of the API's field path (`loop.intervalMs`), with the value when it is text they typed.
 */
export function describeFlagIssues(error: z.ZodError, values: unknown, flagOf: Readonly<Record<string, string>>): string {
  const lines = error.issues.map((issue) => {
    const keys = issue.path.map(String);
    const field = [keys.slice(0, 2).join('.'), keys[0] ?? ''].find((candidate) => flagOf[candidate] !== undefined);
    const flag = field === undefined ? keys.join('.') || 'the command' : (flagOf[field] ?? field);
    const itemPath = field === undefined ? issue.path : issue.path.slice(0, field.split('.').length + 1);
    return `${flag}${quoted(valueAt(values, itemPath))}: ${issue.message}`;
  });
  return [...new Set(lines)].join('\n');
}
