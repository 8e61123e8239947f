import type { ApiClient } from '../../../../api/create-api-client';
import { createFakeApiClient } from '../../../../testing/fake-api-client';
import { type Rendered, renderedPerTest } from '../../../../testing/render';
import { emptySettingsState, settingsStore } from '../../../settings/settings-store';
import { emptyRunsState, runsStore } from '../../runs-store';
import { RunList } from '../run-list';

/** The names of the list's rows, top to bottom. */
export const rowNames = (container: HTMLElement): string[] =>
  [...container.querySelectorAll('tr[data-run-row] td.cell-name a')].map((link) => link.textContent ?? '');

/** The "More actions" button of the run called `name`. */
export const menuOf = (container: HTMLElement, name: string): HTMLButtonElement =>
  container.querySelector(`button[aria-label="More actions for ${name}"]`) as HTMLButtonElement;

/**
 * The runs page for the tests of the calling file: before each test the page is `#/runs` with no settings; `render`
 * shows the list (unmounting the one shown before) against `client` (one that answers nothing, unless given); after
 * each test it is unmounted and the runs store emptied.
 */
export function runListPage() {
  const render = renderedPerTest({
    before: () => {
      window.location.hash = '#/runs';
      settingsStore.setState(emptySettingsState, true);
    },
    after: () => runsStore.setState(emptyRunsState, true),
  });
  return {
    render: (client: ApiClient = createFakeApiClient({})): Promise<Rendered> => render(<RunList loadError={null} />, client),
  };
}
