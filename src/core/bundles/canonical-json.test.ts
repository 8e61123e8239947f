import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('writes the same text for the same data whatever the key order, at every depth', () => {
    const a = { b: 1, a: { d: [{ y: 2, x: 1 }], c: 'z' } };
    const b = { a: { c: 'z', d: [{ x: 1, y: 2 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":"z","d":[{"x":1,"y":2}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('sorts keys as text, digits included, instead of the object order JavaScript gives integer-like keys', () => {
    expect(canonicalJson({ 10: 'ten', 2: 'two', b: 'b' })).toBe('{"10":"ten","2":"two","b":"b"}');
  });

  it('means what JSON.stringify means: leaves out undefined members, writes null for holes, calls toJSON', () => {
    const value = { keep: null, drop: undefined, list: [undefined, 1, Number.NaN], when: new Date('2026-11-26T10:00:00.000Z'), text: 'é "q"\n' };
    expect(JSON.parse(canonicalJson(value) ?? '')).toEqual(JSON.parse(JSON.stringify(value)));
    expect(canonicalJson(undefined)).toBeUndefined();
  });
});
