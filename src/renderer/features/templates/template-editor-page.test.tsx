// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TemplateDetail } from '../../../shared/templates';
import { builders } from '../../testing/builders';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { emptyRunsState, runsStore } from '../runs/runs-store';
import { TemplateEditorPage } from './template-editor-page';
import { emptyTemplatesState, templatesStore } from './templates-store';

const TEXT = '---\nname: demo-counter\ndemo: demo-counter\n---\n# Counter\n\nCount to **{{target}}**.\n\n1. Say the number\n2. Report\n';
const detail = (overrides: Partial<TemplateDetail['summary']> = {}): TemplateDetail => ({
  summary: builders.template({ name: 'demo-counter', ...overrides }),
  text: TEXT,
  revision: 'a'.repeat(64),
  findings: [{ severity: 'warning', line: 7, column: 12, message: 'target has no default', code: 'param-no-default' }],
});

describe('TemplateEditorPage', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => {
    templatesStore.setState(emptyTemplatesState, true);
    runsStore.setState(emptyRunsState, true);
    window.location.hash = '#/templates/demo-counter';
  });
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('shows a built-in template read-only with its preview, problems and revisions', async () => {
    const client = createFakeApiClient({
      'templates.get': () => detail(),
      'templates.revisions': () => [{ revision: 'a'.repeat(64), createdAt: '2025-01-01T00:00:00.000Z', bytes: 120, runs: 2, current: true }],
    });
    rendered = await renderWithApi(<TemplateEditorPage name="demo-counter" />, client);
    const { container } = rendered;
    expect(container.querySelector('h1')?.textContent).toBe('demo-counter');
    expect(container.textContent).toContain('Built-in');
    expect(container.querySelector('[data-testid="template-preview"] h3')?.textContent).toBe('Counter');
    expect(container.querySelector('[data-testid="template-preview"] strong code')?.textContent).toBe('{{target}}');
    expect(container.querySelectorAll('[data-testid="template-preview"] ol li')).toHaveLength(2);
    expect(container.querySelector('[data-testid="template-findings"]')?.textContent).toContain('Line 7, column 12:');
    expect(getButton(container, 'Duplicate to my templates')).toBeDefined();
    expect(() => getButton(container, 'Save')).toThrow();
    expect(container.querySelector('.cm-content')?.getAttribute('contenteditable')).toBe('false');
  });

  it('duplicates a built-in into the person’s templates and opens the copy', async () => {
    const client = createFakeApiClient({
      'templates.get': () => detail(),
      'templates.revisions': () => [],
      'templates.duplicate': ({ newName }) => ({ summary: builders.template({ name: newName, source: 'user' }), revision: 'b'.repeat(64), findings: [] }),
      'templates.list': () => [],
    });
    rendered = await renderWithApi(<TemplateEditorPage name="demo-counter" />, client);
    const { container } = rendered;
    await click(getButton(container, 'Duplicate to my templates'));
    expect(getByLabel(container, 'Name of the copy').value).toBe('demo-counter-copy');
    await typeInto(getByLabel(container, 'Name of the copy'), 'my-counter');
    await click(getButton(container, 'Create copy'));
    expect(client.calls.find((call) => call.method === 'templates.duplicate')?.params).toEqual({ name: 'demo-counter', newName: 'my-counter' });
    expect(window.location.hash).toBe('#/templates/my-counter');
  });

  it('starts a dry run with the template’s scripted demo and opens the run', async () => {
    const client = createFakeApiClient({
      'templates.get': () => detail(),
      'templates.revisions': () => [],
      'templates.dryRun': () => builders.run({ id: 'dry-1' }),
    });
    rendered = await renderWithApi(<TemplateEditorPage name="demo-counter" />, client);
    await click(getButton(rendered.container, 'Dry run'));
    expect(client.calls.find((call) => call.method === 'templates.dryRun')?.params).toEqual({ name: 'demo-counter' });
    expect(window.location.hash).toBe('#/runs/dry-1');
  });

  it('compares two revisions of a user template as a coloured diff', async () => {
    const client = createFakeApiClient({
      'templates.get': () => detail({ source: 'user' }),
      'templates.revisions': () => [
        { revision: 'b'.repeat(64), createdAt: '2025-01-02T00:00:00.000Z', bytes: 130, runs: 0, current: true },
        { revision: 'a'.repeat(64), createdAt: '2025-01-01T00:00:00.000Z', bytes: 120, runs: 1, current: false },
      ],
      'templates.diff': () => ({ from: 'a'.repeat(64), to: 'b'.repeat(64), added: 1, removed: 1, diff: '--- a\n+++ b\n@@ -1 +1 @@\n-old line\n+new line' }),
    });
    rendered = await renderWithApi(<TemplateEditorPage name="demo-counter" />, client);
    const { container } = rendered;
    expect(getButton(container, 'Save').disabled).toBe(true);
    await click(getButton(container, 'Show diff'));
    expect(client.calls.find((call) => call.method === 'templates.diff')?.params).toEqual({ name: 'demo-counter', from: 'a'.repeat(64), to: 'b'.repeat(64) });
    expect(container.querySelector('.diff-added')?.textContent).toBe('+new line\n');
    expect(container.querySelector('.diff-removed')?.textContent).toBe('-old line\n');
  });

  it('says so when there is no such template', async () => {
    const { ApiCallError } = await import('../../api/api-call-error');
    const client = createFakeApiClient({
      'templates.get': () => {
        throw new ApiCallError('templates.get', { code: 'not_found', message: 'no' });
      },
    });
    rendered = await renderWithApi(<TemplateEditorPage name="nope" />, client);
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('There is no template called nope.');
  });
});
