/** The largest input schema of one MCP tool offered to the model (serialized); providers refuse far smaller totals. */
export const MCP_SCHEMA_MAX_BYTES = 64 * 1024;
/** The deepest nesting of objects and arrays in one tool's input schema. */
export const MCP_SCHEMA_MAX_DEPTH = 32;

/** The value a local `$ref` (`#`, `#/a/b`, with `~0`/`~1` escapes) points at inside the schema, or undefined. Pure. */
function resolvePointer(root: unknown, ref: string): unknown {
  if (ref === '#') return root;
  if (!ref.startsWith('#/')) return undefined;
  let at: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, key)) return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

/**
 * Why an MCP tool's input schema cannot be offered to the model, or null when it can: it must be a JSON Schema object
 * of type "object", at most `MCP_SCHEMA_MAX_BYTES` serialized, nested at most `MCP_SCHEMA_MAX_DEPTH` deep, and every
 * `$ref` must point inside it (a provider refuses the whole request for one bad tool, every iteration). Pure.
 */
export function mcpSchemaProblem(schema: unknown): string | null {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return 'its input schema is not a JSON Schema object';
  if ((schema as Record<string, unknown>).type !== 'object') return 'its input schema is not of type "object"';
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(schema));
  } catch {
    return 'its input schema cannot be written as JSON';
  }
  if (size > MCP_SCHEMA_MAX_BYTES) return `its input schema is ${Math.ceil(size / 1024)} KiB, over ${MCP_SCHEMA_MAX_BYTES / 1024} KiB`;
  // The size bound above keeps this walk small; an explicit stack, so a deep schema cannot overflow ours.
  const stack: Array<{ value: unknown; depth: number }> = [{ value: schema, depth: 1 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop() ?? { value: null, depth: 0 };
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MCP_SCHEMA_MAX_DEPTH) return `its input schema nests deeper than ${MCP_SCHEMA_MAX_DEPTH} levels`;
    const ref = (value as Record<string, unknown>).$ref;
    if (typeof ref === 'string' && resolvePointer(schema, ref) === undefined) return `its input schema has a $ref that does not resolve (${ref.slice(0, 100)})`;
    for (const child of Object.values(value)) stack.push({ value: child, depth: depth + 1 });
  }
  return null;
}
