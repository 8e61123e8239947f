// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { type Rendered, renderWithApi } from '../../../testing/render';
import type { NewRunDraft } from './new-run-draft';
import { RunSettingsFields } from './run-settings-fields';

const draft: NewRunDraft = {
  template: 'demo-counter',
  name: '',
  workdir: '/home/me',
  model: '',
  maxIterations: '',
  maxTokens: '',
  maxCostUsd: '',
  maxDuration: '',
  interval: '',
  verify: '',
  profile: '',
  isolation: '',
  context: '',
  agent: '',
  network: '',
  env: '',
  mcp: '',
  notify: '',
  params: {},
};

let rendered: Rendered | null = null;
afterEach(async () => {
  await rendered?.unmount();
  rendered = null;
  Reflect.deleteProperty(window, 'autoloop');
});

describe('the working folder picker', () => {
  it('is absent in a browser tab, where the path is typed', async () => {
    rendered = await renderWithApi(
      <RunSettingsFields sources={{ template: null, defaults: null }} draft={draft} errors={{}} demoModel={null} providers={[]} onChange={() => undefined} />,
      createFakeApiClient({}),
    );
    expect(rendered.container.textContent).not.toContain('Choose folder…');
  });

  it('in the Electron window, opens the native dialog at the typed folder and fills in the chosen one', async () => {
    const asked: string[] = [];
    Reflect.set(window, 'autoloop', {
      call: async () => ({ ok: true, value: null }),
      onEvent: () => () => undefined,
      pickFolder: async (current: string) => (asked.push(current), '/home/me/project'),
    });
    const changes: Partial<NewRunDraft>[] = [];
    rendered = await renderWithApi(
      <RunSettingsFields
        sources={{ template: null, defaults: null }}
        draft={draft}
        errors={{}}
        demoModel={null}
        providers={[]}
        onChange={(patch) => changes.push(patch)}
      />,
      createFakeApiClient({}),
    );
    const button = [...rendered.container.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Choose folder…');
    await act(async () => button?.click());
    expect(asked).toEqual(['/home/me']);
    expect(changes).toContainEqual({ workdir: '/home/me/project' });
  });
});
