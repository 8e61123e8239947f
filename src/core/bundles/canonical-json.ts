/** What `JSON.stringify` would write for a value, before any key order: `undefined` when it leaves it out. */
function jsonValueOf(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return (value.toJSON as () => unknown)();
  }
  return value;
}

/**
 * The canonical JSON text of a value: `JSON.stringify`'s output with object keys sorted by code
 * unit at every depth, and no spaces. Equal data gives equal text, whatever the key order.
 */
export function canonicalJson(input: unknown): string | undefined {
  const value = jsonValueOf(input);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item) ?? 'null').join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(value).sort()) {
    const text = canonicalJson((value as Record<string, unknown>)[key]);
    if (text !== undefined) members.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${members.join(',')}}`;
}
