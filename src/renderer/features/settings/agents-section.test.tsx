// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../../shared/api-call-error';
import type { AgentInfo } from '../../../shared/agents-api';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, getByLabel, renderWithApi, type Rendered, typeInto } from '../../testing/render';
import { AgentsSection } from './agents-section';
import { emptySettingsState, settingsStore } from './settings-store';

const claudeOnPath: AgentInfo = {
  agent: 'claude-code',
  path: '/usr/local/bin/claude',
  source: 'path',
  version: '2.1.3 (Claude Code)',
  loggedIn: false,
  authMethod: 'none',
  problem: 'Claude Code is not signed in: run `claude` once and log in.',
};

describe('AgentsSection', () => {
  let rendered: Rendered | null = null;
  beforeEach(() => settingsStore.setState(emptySettingsState, true));
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  const row = (agent: string): HTMLElement => {
    const found = rendered?.container.querySelector<HTMLElement>(`[data-testid="agent-path-${agent}"]`);
    if (!found) throw new Error(`no path field for ${agent}`);
    return found;
  };

  it('asks for nothing until Test, then shows where Claude Code is, where it came from, its version, its login and what to do', async () => {
    const client = createFakeApiClient({ 'agents.list': () => [claudeOnPath] });
    rendered = await renderWithApi(<AgentsSection />, client);
    expect(client.calls).toEqual([]);
    await click(getButton(rendered.container, 'Test'));
    const found = rendered.container.querySelector('[data-testid="agent-claude-code"]');
    expect(found?.textContent).toContain('2.1.3 (Claude Code) · /usr/local/bin/claude (on PATH) · not signed in');
    expect(found?.textContent).toContain('run `claude` once and log in');
  });

  it('says so when the engine cannot look', async () => {
    const client = createFakeApiClient({
      'agents.list': () => {
        throw new Error('engine gone');
      },
    });
    rendered = await renderWithApi(<AgentsSection />, client);
    await click(getButton(rendered.container, 'Test'));
    expect(rendered.container.querySelector('[role="alert"]')?.textContent).toBe('Could not look for the agents: engine gone');
  });

  it('saves a chosen claude path, then shows it found from settings and keeps the settings in step', async () => {
    const chosen: AgentInfo = { ...claudeOnPath, path: '/opt/claude/bin/claude', source: 'settings' };
    const saved = { ...DEFAULT_SETTINGS, agentPaths: { 'claude-code': '/opt/claude/bin/claude' } };
    const client = createFakeApiClient({ 'agents.setPath': () => chosen, 'settings.get': () => saved });
    rendered = await renderWithApi(<AgentsSection />, client);
    await typeInto(getByLabel(rendered.container, 'Claude Code path'), ' /opt/claude/bin/claude ');
    await click(getButton(row('claude-code'), 'Use this path'));
    expect(client.calls).toEqual([
      { method: 'agents.setPath', params: { agent: 'claude-code', path: '/opt/claude/bin/claude' } },
      { method: 'settings.get', params: {} },
    ]);
    expect(rendered.container.querySelector('[data-testid="agent-claude-code"]')?.textContent).toContain('/opt/claude/bin/claude (chosen in settings)');
    expect(settingsStore.getState().settings?.agentPaths).toEqual({ 'claude-code': '/opt/claude/bin/claude' });
    expect(getByLabel(rendered.container, 'Claude Code path').value).toBe('/opt/claude/bin/claude');
    expect(row('claude-code').querySelector('.field-error')).toBeNull();
  });

  it('shows the engine’s refusal at the field, and a path that is not absolute without asking it', async () => {
    const client = createFakeApiClient({
      'agents.setPath': () => {
        throw new ApiCallError('agents.setPath', {
          code: 'invalid_input',
          message: '/opt/codex is not executable: make it executable (chmod +x) or give the path of the Codex binary that is.',
        });
      },
    });
    rendered = await renderWithApi(<AgentsSection />, client);
    const input = getByLabel(rendered.container, 'Codex path');
    await typeInto(input, 'bin/codex');
    await click(getButton(row('codex'), 'Use this path'));
    expect(client.calls).toEqual([]);
    expect(row('codex').querySelector('.field-error')?.textContent).toBe(
      'bin/codex is not an absolute path: give the full path of the codex binary (e.g. /usr/local/bin/codex).',
    );
    expect(input.getAttribute('aria-invalid')).toBe('true');

    await typeInto(input, '/opt/codex');
    expect(row('codex').querySelector('.field-error')).toBeNull();
    await click(getButton(row('codex'), 'Use this path'));
    expect(row('codex').querySelector('.field-error')?.textContent).toBe(
      '/opt/codex is not executable: make it executable (chmod +x) or give the path of the Codex binary that is.',
    );
    // The other agent's field is untouched.
    expect(row('claude-code').querySelector('.field-error')).toBeNull();
  });

  it('opens on the path the settings hold, and Clear goes back to the one on PATH', async () => {
    settingsStore.setState({ ...emptySettingsState, settings: { ...DEFAULT_SETTINGS, agentPaths: { codex: '/opt/codex' } } }, true);
    const codexOnPath: AgentInfo = { ...claudeOnPath, agent: 'codex', path: '/usr/bin/codex', source: 'path', version: 'codex-cli 0.50.0', problem: null };
    const client = createFakeApiClient({ 'agents.setPath': () => codexOnPath, 'settings.get': () => DEFAULT_SETTINGS });
    rendered = await renderWithApi(<AgentsSection />, client);
    expect(getByLabel(rendered.container, 'Codex path').value).toBe('/opt/codex');
    expect(getByLabel(rendered.container, 'Claude Code path').value).toBe('');
    expect(getButton(row('claude-code'), 'Clear').disabled).toBe(true);
    await click(getButton(row('codex'), 'Clear'));
    expect(client.calls[0]).toEqual({ method: 'agents.setPath', params: { agent: 'codex', path: null } });
    expect(getByLabel(rendered.container, 'Codex path').value).toBe('');
    expect(rendered.container.querySelector('[data-testid="agent-codex"]')?.textContent).toContain('/usr/bin/codex (on PATH)');
    expect(settingsStore.getState().settings?.agentPaths).toBeUndefined();
  });
});
