// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes } from '../../ui/format';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { renderWithApi, type Rendered } from '../../testing/render';
import { describeWorktreesUsage, WorktreesUsageLine } from './worktrees-usage';

describe('the worktrees line in Settings → Data', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('says how many worktrees there are and how much disk they take', () => {
    expect(describeWorktreesUsage({ count: 0, bytes: 0 })).toBe('No worktrees (0 B)');
    expect(describeWorktreesUsage({ count: 1, bytes: 2048 })).toBe(`1 worktree, ${formatBytes(2048)}`);
    expect(describeWorktreesUsage({ count: 3, bytes: 5 * 1024 * 1024 })).toContain('3 worktrees, ');
  });

  it('shows the folder, the retention, and the folders that belong to no run', async () => {
    const client = createFakeApiClient({
      'system.worktrees': () => ({ folder: '/data/worktrees', bytes: 4096, count: 2, orphans: ['/data/worktrees/rgone'], retentionDays: 14 }),
    });
    rendered = await renderWithApi(
      <dl>
        <WorktreesUsageLine />
      </dl>,
      client,
    );
    const text = rendered.container.querySelector('[data-testid="worktrees-usage"]')?.textContent ?? '';
    expect(text).toContain('2 worktrees, ');
    expect(text).toContain('in /data/worktrees');
    expect(text).toContain('removed after 14 days');
    expect(text).toContain('1 folder belongs to no run: look inside, then remove by hand');
  });
});
