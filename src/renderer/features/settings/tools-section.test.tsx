// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServerInfo } from '../../../shared/mcp';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { ToolsSection, mcpConfigOf, mcpPatchOf } from './tools-section';

const github: McpServerInfo = {
  name: 'github',
  transport: 'stdio',
  command: 'npx',
  args: ['-y', 'server-github'],
  url: null,
  envNames: ['GITHUB_TOKEN'],
  headerNames: [],
  enabled: true,
  tools: null,
  testedAt: null,
};

describe('ToolsSection', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('lists the servers with the names of their secrets only, tests one and shows its tools, and adds one', async () => {
    const api = createFakeApiClient({
      'mcp.list': () => [github],
      'mcp.test': () => ({
        ok: true,
        message: 'The server answered with 1 tool.',
        tools: [{ name: 'list_issues', description: 'Lists issues.', readOnly: true }],
      }),
      'mcp.add': () => [github, { ...github, name: 'docs', transport: 'http', command: null, args: [], url: 'https://docs.test/mcp', envNames: [] }],
    });
    rendered = await renderWithApi(<ToolsSection />, api);
    const { container } = rendered;
    expect(container.querySelector('[data-testid="mcp-server-github"]')?.textContent).toContain('GITHUB_TOKEN set');
    await click(container.querySelector('button[aria-label="Test github"]') as HTMLButtonElement);
    expect(container.querySelector('[data-testid="mcp-test-github"]')?.textContent).toContain('The server answered with 1 tool.');
    expect(container.querySelector('[data-testid="mcp-server-github"]')?.textContent).toContain('mcp__github__list_issues (read-only) Lists issues.');
    await click(getButton(container, 'Add an MCP server'));
    await typeInto(getByLabel(container, 'Name'), 'docs');
    await click(getButton(container, 'Add the server'));
    expect(container.querySelector('[role="alert"]')?.textContent).toContain('a stdio MCP server needs a command');
    await typeInto(getByLabel(container, 'Command'), 'node "my server.js" --port 3');
    await typeInto(getByLabel<HTMLTextAreaElement>(container, 'Environment variables'), 'TOKEN=env:DOCS_TOKEN\nMODE=ro');
    await click(getButton(container, 'Add the server'));
    expect(api.calls.at(-1)).toEqual({
      method: 'mcp.add',
      params: {
        name: 'docs',
        config: { transport: 'stdio', command: 'node', args: ['my server.js', '--port', '3'], env: { TOKEN: 'env:DOCS_TOKEN', MODE: 'ro' }, enabled: true },
      },
    });
    expect(container.querySelector('[data-testid="mcp-server-docs"]')).not.toBeNull();
  });
});

describe('ToolsSection: on/off, edit and kept tools', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('shows the tools kept from the last test, turns a server off, and edits it without showing or resending its secret', async () => {
    const tested: McpServerInfo = {
      ...github,
      tools: [{ name: 'list_issues', description: 'Lists issues.', readOnly: true }],
      testedAt: '2026-12-05T10:00:00.000Z',
      envNames: ['GITHUB_TOKEN', 'OLD'],
    };
    const api = createFakeApiClient({
      'mcp.list': () => [tested],
      'mcp.update': (params) => [{ ...tested, enabled: params.patch.enabled ?? true, args: params.patch.args ?? tested.args }],
    });
    rendered = await renderWithApi(<ToolsSection />, api);
    const { container } = rendered;
    expect(container.querySelector('[data-testid="mcp-tools-github"]')?.textContent).toContain('mcp__github__list_issues (read-only) Lists issues.');
    await click(container.querySelector('input[aria-label="Use github in runs"]') as HTMLInputElement);
    expect(api.calls.at(-1)).toEqual({ method: 'mcp.update', params: { name: 'github', patch: { enabled: false } } });
    expect(container.querySelector('[data-testid="mcp-server-github"]')?.textContent).toContain('disabled');
    await click(container.querySelector('button[aria-label="Edit github"]') as HTMLButtonElement);
    const form = container.querySelector('form[aria-label="Edit github"]') as HTMLFormElement;
    expect(getByLabel<HTMLInputElement>(form, 'Command').value).toBe('npx -y server-github');
    expect(form.textContent).toContain('GITHUB_TOKEN, OLD keep their values unless given here');
    await typeInto(getByLabel(form, 'Command'), 'npx -y server-github --read-only');
    const removeOld = [...form.querySelectorAll('label')].find((label) => label.textContent?.trim() === 'Remove OLD')?.querySelector('input');
    await click(removeOld as HTMLInputElement);
    await click(getButton(form, 'Save'));
    expect(api.calls.at(-1)).toEqual({
      method: 'mcp.update',
      params: { name: 'github', patch: { command: 'npx', args: ['-y', 'server-github', '--read-only'], env: { OLD: null } } },
    });
    expect(container.querySelector('form[aria-label="Edit github"]')).toBeNull();
  });
});

describe('mcpPatchOf', () => {
  it('sends only the secret lines given, null for removed names, and refuses an empty command', () => {
    const edit = { target: 'npx x', secrets: 'GITHUB_TOKEN=new', removed: [] };
    expect(mcpPatchOf(github, edit)).toEqual({ patch: { command: 'npx', args: ['x'], env: { GITHUB_TOKEN: 'new' } } });
    expect(mcpPatchOf(github, { ...edit, secrets: '' })).toEqual({ patch: { command: 'npx', args: ['x'] } });
    expect(mcpPatchOf(github, { ...edit, target: ' ' })).toEqual({ error: 'a stdio MCP server needs a command' });
  });
});

describe('mcpConfigOf', () => {
  it('refuses a name that would break tool names and a header line without =', () => {
    expect(mcpConfigOf({ name: 'a__b', transport: 'stdio', target: 'x', secrets: '' })).toMatchObject({ error: expect.stringContaining('MCP server name') });
    expect(mcpConfigOf({ name: 'web', transport: 'http', target: 'https://x.test/mcp', secrets: 'Authorization' })).toMatchObject({
      error: expect.stringContaining('Each line of headers takes NAME=VALUE'),
    });
  });
});
