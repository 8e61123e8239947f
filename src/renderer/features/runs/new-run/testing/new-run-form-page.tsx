import type { ApiClient } from '../../../../api/create-api-client';
import { builders } from '../../../../testing/builders';
import { type Rendered, renderedPerTest } from '../../../../testing/render';
import { emptySettingsState, settingsStore } from '../../../settings/settings-store';
import { emptyTemplatesState, templatesStore } from '../../../templates/templates-store';
import { emptyRunsState, runsStore } from '../../runs-store';
import { NewRunForm } from '../new-run-form';
import type { DraftOrigin } from '../use-new-run-draft';

/** The template the new-run form tests start from: two params with defaults, one required, a scripted demo model. */
export const testFixerTemplate = builders.template({
  name: 'test-fixer',
  description: 'Fix failing tests one at a time.',
  model: null,
  demoModel: 'scripted/demo-counter',
  params: {
    test_command: { type: 'string', default: 'npm test', required: false, description: 'how to run the tests' },
    max_files: { type: 'number', default: 3, required: false, description: '' },
    goal: { type: 'string', required: true, description: 'what to fix' },
  },
});

/**
 * The new-run page for the tests of the calling file: before each test the stores are empty, the page is `#/new` and
 * nothing is remembered; `render` shows the form (unmounting the one shown before), and after each test it is unmounted.
 */
export function newRunFormPage() {
  const render = renderedPerTest({
    before: () => {
      window.location.hash = '#/new';
      window.localStorage.clear();
      templatesStore.setState(emptyTemplatesState, true);
      runsStore.setState(emptyRunsState, true);
      settingsStore.setState(emptySettingsState, true);
    },
  });
  return {
    render: (client: ApiClient, origin?: DraftOrigin): Promise<Rendered> => render(origin ? <NewRunForm origin={origin} /> : <NewRunForm />, client),
  };
}
