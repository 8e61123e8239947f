import { describe, expect, it } from 'vitest';
import { menuText } from './menu-text';

describe('menuText', () => {
  it('doubles "&", folds whitespace and cuts long text with an ellipsis', () => {
    expect(menuText('Tom & Jerry')).toBe('Tom && Jerry');
    expect(menuText('two\n  lines')).toBe('two lines');
    expect(menuText('abcdefghij', 5)).toBe('abcd…');
    expect(menuText('abcde', 5)).toBe('abcde');
  });
});
