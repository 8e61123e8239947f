import { describe, expect, it } from 'vitest';
import { runBranchName, slugOf } from './branch-name';

describe('runBranchName', () => {
  it('is autoloop/<slug of the name>-<six characters of the id>', () => {
    expect(runBranchName('Fix the flaky tests', 'r0123456789ab')).toBe('autoloop/fix-the-flaky-tests-012345');
  });

  it('never lets a hostile or odd name become an option, a path trick or an invalid ref', () => {
    for (const name of ['--upload-pack=evil', '../../etc/passwd', 'a..b@{1}~^:?*[\\', ' ', 'ÄÖÜ café', 'x'.repeat(300), 'refs/heads/main.lock']) {
      const slug = slugOf(name);
      expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(slug.length).toBeLessThanOrEqual(40);
    }
    expect(slugOf('--upload-pack=evil')).toBe('upload-pack-evil');
    expect(slugOf('!!!')).toBe('run');
    expect(slugOf('ÄÖÜ café')).toBe('aou-cafe');
  });
});
