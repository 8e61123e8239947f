import type { ComponentProps } from 'react';
import type { ApiClient } from '../../../../api/create-api-client';
import { type Rendered, renderedPerTest } from '../../../../testing/render';
import { approvalsStore, emptyApprovalsState } from '../../../approvals/approvals-store';
import { emptyRunDetailState, runDetailStore } from '../../run-detail-store';
import { emptyRunsState, runsStore } from '../../runs-store';
import { RunView } from '../run-view';

/**
 * A run's page for the tests of the calling file: before each test the runs, run-detail and approvals stores are
 * empty; `render` shows the run (`r1` unless the props say) against `client`, and after each test it is unmounted.
 */
export function runViewPage() {
  const render = renderedPerTest({
    before: () => {
      runsStore.setState(emptyRunsState, true);
      runDetailStore.setState(emptyRunDetailState, true);
      approvalsStore.setState(emptyApprovalsState, true);
    },
  });
  return {
    render: (client: ApiClient, props: Partial<ComponentProps<typeof RunView>> = {}): Promise<Rendered> => render(<RunView runId="r1" {...props} />, client),
  };
}
