import { describe, expect, it } from 'vitest';
import { templateNameFromFile } from './template-file';

describe('templateNameFromFile', () => {
  it('turns a file name into a template name', () => {
    expect(templateNameFromFile('My Notes.md')).toBe('my-notes');
    expect(templateNameFromFile('test-fixer.markdown')).toBe('test-fixer');
    expect(templateNameFromFile('---.md')).toBeNull();
  });
});
