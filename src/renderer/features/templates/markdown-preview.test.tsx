// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { type Rendered, renderWithApi } from '../../testing/render';
import { MarkdownPreview } from './markdown-preview';

const PROGRAM = [
  '---',
  'name: release-notes',
  '---',
  '# Release notes',
  '',
  '1. Read the log',
  '   1. since the last tag',
  '   2. skip merges',
  '2. Write {{output_file}}',
  '',
  '| Section | Source |',
  '|---------|-------:|',
  '| Fixes   | `git log` |',
  '',
  '    npm run changelog',
  '',
  '<img src=x onerror="alert(1)"> and [link](javascript:alert(1))',
].join('\n');

describe('MarkdownPreview', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  const preview = async (text: string, unknownParams?: ReadonlySet<string>): Promise<HTMLElement> => {
    rendered = await renderWithApi(<MarkdownPreview text={text} unknownParams={unknownParams} />, createFakeApiClient({}));
    return rendered.container.querySelector('[data-testid="template-preview"]') as HTMLElement;
  };

  it('renders nested lists nested and numbered on their own, tables as tables and indented code as code', async () => {
    const root = await preview(PROGRAM);
    expect(root.querySelector('h3')?.textContent).toBe('Release notes');
    expect(root.textContent).not.toContain('name: release-notes');
    const outer = root.querySelector(':scope > ol');
    expect([...(outer?.querySelectorAll(':scope > li') ?? [])].map((item) => item.firstChild?.textContent)).toEqual(['Read the log', 'Write ']);
    expect([...(outer?.querySelectorAll(':scope > li > ol > li') ?? [])].map((item) => item.textContent)).toEqual(['since the last tag', 'skip merges']);
    expect(outer?.querySelector('.md-placeholder')?.textContent).toBe('{{output_file}}');
    expect([...root.querySelectorAll('table th')].map((cell) => cell.textContent)).toEqual(['Section', 'Source']);
    expect(root.querySelector('table td code')?.textContent).toBe('git log');
    expect(root.querySelector<HTMLElement>('table td:last-child')?.style.textAlign).toBe('right');
    expect(root.querySelector('pre code')?.textContent).toBe('npm run changelog');
  });

  it('shows HTML as text and never makes a link of a script address', async () => {
    const root = await preview(PROGRAM);
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
    expect(root.querySelector('a')).toBeNull();
    expect(root.querySelector('.md-link')?.textContent).toBe('link');
  });

  it('marks a placeholder that is not declared, and says which ones above the preview', async () => {
    const root = await preview('---\nname: x\n---\nWrite {{output_file}} and {{ missing }}.\n', new Set(['missing']));
    const marked = [...root.querySelectorAll('[data-testid="unknown-placeholder"]')];
    expect(marked.map((element) => element.firstChild?.textContent)).toEqual(['{{ missing }}']);
    expect(marked[0]?.getAttribute('title')).toBe('{{missing}} is not declared: add it under params:');
    expect(root.querySelector('[data-testid="preview-unknown-params"]')?.textContent).toBe('Not declared under params: {{missing}}. A run cannot fill them.');
    expect(root.querySelectorAll('.md-placeholder:not(.md-placeholder-unknown)')).toHaveLength(1);
  });

  it('says so when there is nothing to show', async () => {
    expect((await preview('---\nname: x\n---\n')).textContent).toBe('Nothing to preview yet.');
  });
});
