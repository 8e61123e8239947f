import type { ApiMethod, ApiParams, ApiPushEvent, ApiResult } from '../../shared/api';
import { resultOfResponse } from '../../shared/api-call-error';
import { listAllRuns } from '../../shared/list-all-runs';
import { EMPTY_SHELL_STATE, type ShellState, applyPushEvent, shellStateFrom } from '../shell-state/shell-state';
import type { ShellStateChange, ShellStateFeed } from '../shell-state/shell-state-feed';
import type { RemoteEngineLink } from './remote-engine-link';

/**
 * The shell state (runs, pending approvals) of a remote engine, for the tray, notifications and
 * dialogs: loaded each time the link connects, kept current by the engine's events. While the link
 * is lost the last state stays as it was: the runs go on there, and nothing here says they stopped.
 */
export function createRemoteShellFeed(link: RemoteEngineLink, onLoadError: (error: unknown) => void): ShellStateFeed {
  let state: ShellState = EMPTY_SHELL_STATE;
  /** Events that arrive while a load is in flight, replayed over what it loaded. */
  let pending: ApiPushEvent[] | null = null;
  const listeners = new Set<(change: ShellStateChange) => void>();
  const emit = (change: ShellStateChange): void => {
    for (const listener of [...listeners]) listener(change);
  };
  const call = async <M extends ApiMethod>(method: M, params: ApiParams<M>): Promise<ApiResult<M>> => resultOfResponse(method, await link.call(method, params));

  let markLoaded: () => void = () => undefined;
  const loaded = new Promise<void>((resolve) => (markLoaded = resolve));
  const load = (): void => {
    pending = [];
    void Promise.all([listAllRuns((page) => call('runs.list', page)), call('approvals.list', { status: 'pending' })])
      .then(
        ([runs, approvals]) => shellStateFrom(runs, approvals),
        (error: unknown) => {
          onLoadError(error);
          return state;
        },
      )
      .then((loadedState) => {
        const replay = pending ?? [];
        pending = null;
        const before = state;
        state = replay.reduce(applyPushEvent, loadedState);
        emit({ state, before, event: null });
        markLoaded();
      });
  };
  const unsubscribeEvents = link.onEvent((event) => {
    if (pending) return void pending.push(event);
    const before = state;
    state = applyPushEvent(state, event);
    emit({ state, before, event });
  });
  const unsubscribeState = link.onState((linkState) => {
    if (linkState.status === 'connected') load();
    // A link that will not come back (refused) leaves nothing to load; the tray says why.
    if (linkState.status === 'refused') markLoaded();
  });
  if (link.state().status === 'connected') load();
  return {
    current: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    loaded,
    dispose() {
      unsubscribeEvents();
      unsubscribeState();
      listeners.clear();
    },
  };
}
