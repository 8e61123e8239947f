import { useEffect } from 'react';
import { useApprovalsStore } from '../features/approvals/approvals-store';
import { useRunsStore } from '../features/runs/runs-store';
import { attentionCount, attentionFavicon, attentionTitle } from './attention';

/** The `<link rel="icon">` of the page, made when index.html has none. */
function faviconLink(): HTMLLinkElement {
  const found = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (found) return found;
  const link = document.createElement('link');
  link.rel = 'icon';
  document.head.append(link);
  return link;
}

/**
 * Attention outside the tab: the document title says `(N) Autoloop` and the favicon carries a dot with N while
 * approvals or budget pauses wait; both go back to plain at zero.
 */
export function useAttentionTitle(): number {
  const pendingApprovals = useApprovalsStore((state) => state.pendingIds.length);
  const count = useRunsStore((state) => attentionCount(pendingApprovals, Object.values(state.byId)));
  useEffect(() => {
    document.title = attentionTitle(count);
    faviconLink().href = attentionFavicon(count);
  }, [count]);
  return count;
}
