import { describe, expect, it } from 'vitest';
import { decodeEntities } from './html-entities';

describe('decodeEntities', () => {
  it('decodes named, decimal and hex references and leaves unknown ones', () => {
    expect(decodeEntities('&mdash; &#39; &#x263A; &bogus; &#0;')).toBe("— ' ☺ &bogus; &#0;");
  });
});
