// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builders } from '../../testing/builders';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { emptyTemplatesState, templatesStore } from './templates-store';
import { TemplatesPage } from './templates-page';

describe('TemplatesPage', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    templatesStore.setState(emptyTemplatesState, true);
    window.location.hash = '#/templates';
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('lists built-in templates first with badges, descriptions and lint counts', async () => {
    const client = createFakeApiClient({
      'templates.list': () => [
        builders.template({ name: 'mine', source: 'user', description: 'My own', errors: 1, warnings: 2 }),
        builders.template({ name: 'demo-counter', description: 'Counts to five' }),
      ],
    });
    rendered = await renderWithApi(<TemplatesPage />, client);
    const cards = [...rendered.container.querySelectorAll('[data-testid^="template-"]')].filter((card) => card.tagName === 'LI');
    expect(cards.map((card) => card.querySelector('h2')?.textContent)).toEqual(['demo-counter', 'mine']);
    expect(cards[0]?.textContent).toContain('Built-in');
    expect(cards[1]?.textContent).toContain('Yours');
    expect(cards[1]?.textContent).toContain('1 error, 2 warnings');
    expect(cards[0]?.querySelector('a')?.getAttribute('href')).toBe('#/templates/demo-counter');
  });

  it('creates a new template from a name and opens it', async () => {
    const client = createFakeApiClient({
      'templates.list': () => [builders.template({ name: 'demo-counter' })],
      'templates.save': ({ name }) => ({ summary: builders.template({ name, source: 'user' }), revision: 'c'.repeat(64), findings: [] }),
    });
    rendered = await renderWithApi(<TemplatesPage />, client);
    const { container } = rendered;
    await click(getButton(container, 'New template'));
    await typeInto(getByLabel(container, 'New template name'), 'Bad Name');
    await click(getButton(container, 'Create'));
    expect(container.querySelector('#new-template-name-error')?.textContent).toContain('lower-case letters');
    await typeInto(getByLabel(container, 'New template name'), 'nightly-check');
    await click(getButton(container, 'Create'));
    const save = client.calls.find((call) => call.method === 'templates.save');
    expect(save?.params).toMatchObject({ name: 'nightly-check' });
    expect(window.location.hash).toBe('#/templates/nightly-check');
  });
});
