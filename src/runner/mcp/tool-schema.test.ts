import { describe, expect, it } from 'vitest';
import { mcpSchemaProblem } from './tool-schema';

function nested(depth: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let level = 0; level < depth; level += 1) schema = { type: 'object', properties: { a: schema } };
  return schema;
}

describe('mcpSchemaProblem', () => {
  it('accepts object schemas with local $refs', () => {
    expect(mcpSchemaProblem({ type: 'object', properties: {} })).toBeNull();
    expect(
      mcpSchemaProblem({ type: 'object', properties: { item: { $ref: '#/$defs/item' }, self: { $ref: '#' } }, $defs: { item: { type: 'string' } } }),
    ).toBeNull();
    expect(mcpSchemaProblem(nested(15))).toBeNull();
  });

  it('names what is wrong with a schema a provider would refuse', () => {
    expect(mcpSchemaProblem(null)).toBe('its input schema is not a JSON Schema object');
    expect(mcpSchemaProblem([])).toBe('its input schema is not a JSON Schema object');
    expect(mcpSchemaProblem({ type: 'string' })).toBe('its input schema is not of type "object"');
    expect(mcpSchemaProblem({ type: 'object', properties: { x: { $ref: '#/$defs/missing' } } })).toBe(
      'its input schema has a $ref that does not resolve (#/$defs/missing)',
    );
    expect(mcpSchemaProblem({ type: 'object', properties: { x: { $ref: 'https://example.com/schema.json' } } })).toContain('does not resolve');
    expect(mcpSchemaProblem(nested(40))).toBe('its input schema nests deeper than 32 levels');
    expect(mcpSchemaProblem({ type: 'object', description: 'x'.repeat(70_000) })).toBe('its input schema is 69 KiB, over 64 KiB');
  });
});
