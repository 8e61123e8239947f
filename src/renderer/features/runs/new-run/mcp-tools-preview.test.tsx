// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { McpServerInfo } from '../../../../shared/mcp';
import { mcpToolProfileAction } from '../../../../shared/profile-action';
import { PermissionProfile } from '../../../../shared/records';
import type { TemplateRunSettings } from '../../../../shared/templates';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { type Rendered, getByLabel, renderWithApi, typeInto } from '../../../testing/render';
import { McpToolsPreview, mcpToolVerdict } from './mcp-tools-preview';
import { builders } from '../../../testing/builders';
import { draftForTemplate } from './new-run-draft';
import { SandboxFields } from './sandbox-fields';

const server = (name: string, extra: Partial<McpServerInfo> = {}): McpServerInfo => ({
  name,
  transport: 'stdio',
  command: 'node',
  args: ['server.js'],
  url: null,
  envNames: [],
  headerNames: [],
  enabled: true,
  tools: null,
  testedAt: null,
  ...extra,
});

const SERVERS: McpServerInfo[] = [
  server('fix', {
    tools: [
      { name: 'read_note', description: 'Reads a note.', readOnly: true },
      { name: 'write_note', description: 'Writes a note.', readOnly: false },
    ],
    testedAt: '2026-12-06T01:00:00.000Z',
  }),
  server('untested'),
  server('off', { enabled: false, tools: [{ name: 'x', description: '', readOnly: true }] }),
  server('empty', { tools: [], testedAt: '2026-12-06T01:00:00.000Z' }),
];

function rows(container: HTMLElement, name: string): string[] {
  return [...container.querySelectorAll(`ul[aria-label="Tools of ${name} for this run"] li`)].map((row) => (row.textContent ?? '').replace(/\s+/g, ' ').trim());
}

describe('mcpToolVerdict', () => {
  it.each([
    ['read-only', 'refused'],
    ['ask', 'asks'],
    ['workspace-write', 'asks'],
    ['trusted', 'allowed'],
  ] as const)('under %s: a read-only tool runs, another is %s', (profile: PermissionProfile, other) => {
    expect(mcpToolVerdict(profile, true)).toBe('allowed');
    expect(mcpToolVerdict(profile, false)).toBe(other);
  });

  it.each(PermissionProfile.options)("under %s says what the runner's gate does: the shared mcpToolProfileAction", (profile) => {
    const words = { allow: 'allowed', ask: 'asks', deny: 'refused' } as const;
    for (const readOnly of [true, false]) expect(mcpToolVerdict(profile, readOnly)).toBe(words[mcpToolProfileAction(profile, readOnly)]);
  });
});

describe('McpToolsPreview', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('lists the tools of each chosen server as last tested, marks the read-only ones and says which the profile asks about', async () => {
    const api = createFakeApiClient({ 'mcp.list': () => SERVERS });
    rendered = await renderWithApi(<McpToolsPreview names={['fix', 'untested', 'off', 'empty', 'ghost']} fromTemplate={false} profile="ask" />, api);
    const { container } = rendered;
    expect(rows(container, 'fix')).toEqual(['mcp__fix__read_note (read-only) runs without asking', 'mcp__fix__write_note asks for approval']);
    const text = container.textContent ?? '';
    expect(text).toContain('Tools the run gets, under the ask profile:');
    expect(text).toContain('untested: Not tested yet — Test it in Settings → Tools');
    expect(text).toContain('off: turned off in Settings → Tools');
    expect(text).toContain('empty: it listed no tools when tested.');
    expect(text).toContain('ghost: there is no MCP server by that name in Settings → Tools.');
    expect(api.calls).toEqual([{ method: 'mcp.list', params: {} }]);
  });

  it('says a read-only run refuses the writing tool, and shows nothing (and asks nothing) when no server is chosen', async () => {
    const api = createFakeApiClient({ 'mcp.list': () => SERVERS });
    rendered = await renderWithApi(<McpToolsPreview names={['fix']} fromTemplate profile="read-only" />, api);
    expect(rows(rendered.container, 'fix')).toEqual(['mcp__fix__read_note (read-only) runs without asking', 'mcp__fix__write_note refused by this profile']);
    expect(rendered.container.textContent).toContain('(servers from the template)');
    await rendered.unmount();
    const idle = createFakeApiClient({});
    rendered = await renderWithApi(<McpToolsPreview names={[]} fromTemplate profile="ask" />, idle);
    expect(rendered.container.querySelector('[data-testid="mcp-tools-preview"]')).toBeNull();
    expect(idle.calls).toEqual([]);
  });

  it("shows the template's servers under the form's field until a person types their own", async () => {
    const template: TemplateRunSettings = {
      limits: {},
      profile: null,
      isolation: null,
      intervalMs: null,
      network: [],
      env: [],
      verify: [],
      mcp: ['untested'],
    };
    let draft = draftForTemplate(builders.template());
    const api = createFakeApiClient({ 'mcp.list': () => SERVERS });
    const ui = () => <SandboxFields draft={draft} errors={{}} template={template} profile="trusted" onChange={(patch) => (draft = { ...draft, ...patch })} />;
    rendered = await renderWithApi(ui(), api);
    expect(getByLabel(rendered.container, 'MCP servers').placeholder).toBe('untested (from template)');
    expect(rendered.container.textContent).toContain('untested: Not tested yet');
    await typeInto(getByLabel(rendered.container, 'MCP servers'), 'fix');
    await rendered.unmount();
    rendered = await renderWithApi(ui(), api);
    expect(rows(rendered.container, 'fix')).toEqual(['mcp__fix__read_note (read-only) runs without asking', 'mcp__fix__write_note runs without asking']);
    expect(rendered.container.textContent).not.toContain('untested');
  });
});
