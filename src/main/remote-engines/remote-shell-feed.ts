import type { ApiMethod, ApiParams, ApiResult } from '../../shared/api';
import { resultOfResponse } from '../../shared/api-call-error';
import { listAllRuns } from '../../shared/list-all-runs';
import { shellStateFrom } from '../shell-state/shell-state';
import { type ShellStateFeed, createFeedState } from '../shell-state/shell-state-feed';
import type { RemoteEngineLink } from './remote-engine-link';

/**
 * The shell state (runs, pending approvals) of a remote engine, for the tray, notifications and
 * dialogs: loaded each time the link connects, kept current by the engine's events. While the link
 * is lost the last state stays as it was: the runs go on there, and nothing here says they stopped.
 */
export function createRemoteShellFeed(link: RemoteEngineLink, onLoadError: (error: unknown) => void): ShellStateFeed {
  const feed = createFeedState();
  const call = async <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> => resultOfResponse(method, await link.call(method, params));

  let markLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  const load = (): void => {
    feed.loading();
    void Promise.all([listAllRuns((page) => call('runs.list', page)), call('approvals.list', { status: 'pending' })])
      .then(
        ([runs, approvals]) => shellStateFrom(runs, approvals),
        (error: unknown) => {
          onLoadError(error);
          return feed.current();
        },
      )
      .then((loadedState) => {
        feed.loadedAs(loadedState);
        markLoaded();
      });
  };
  const unsubscribeEvents = link.onEvent(feed.receive);
  const unsubscribeState = link.onState((linkState) => {
    if (linkState.status === 'connected') load();
    // A link that will not come back (refused) leaves nothing to load; the tray says why.
    if (linkState.status === 'refused') markLoaded();
  });
  if (link.state().status === 'connected') load();
  return {
    current: feed.current,
    subscribe: feed.subscribe,
    loaded,
    dispose() {
      unsubscribeEvents();
      unsubscribeState();
      feed.clear();
    },
  };
}
