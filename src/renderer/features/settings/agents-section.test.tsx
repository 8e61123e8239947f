// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { createFakeApiClient } from '../../testing/fake-api-client';
import { click, getButton, renderWithApi, type Rendered } from '../../testing/render';
import { AgentsSection } from './agents-section';

describe('AgentsSection', () => {
  let rendered: Rendered | null = null;
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('asks for nothing until Test, then shows where Claude Code is, its version, its login and what to do', async () => {
    const client = createFakeApiClient({
      'agents.list': () => [
        {
          agent: 'claude-code',
          path: '/usr/local/bin/claude',
          source: 'path',
          version: '2.1.3 (Claude Code)',
          loggedIn: false,
          authMethod: 'none',
          problem: 'Claude Code is not signed in: run `claude` once and log in.',
        },
      ],
    });
    rendered = await renderWithApi(<AgentsSection />, client);
    expect(client.calls).toEqual([]);
    await click(getButton(rendered.container, 'Test'));
    const row = rendered.container.querySelector('[data-testid="agent-claude-code"]');
    expect(row?.textContent).toContain('2.1.3 (Claude Code) · /usr/local/bin/claude · not signed in');
    expect(row?.textContent).toContain('run `claude` once and log in');
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
});
