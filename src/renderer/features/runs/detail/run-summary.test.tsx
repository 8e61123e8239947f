// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { Run } from '../../../../shared/records';
import type { SandboxKind } from '../../../../shared/sandbox';
import { builders } from '../../../testing/builders';
import { createFakeApiClient } from '../../../testing/fake-api-client';
import { type Rendered, renderWithApi } from '../../../testing/render';
import { RunSummary } from './run-summary';

describe('RunSummary', () => {
  let rendered: Rendered | null = null;
  const sandboxText = async (run: Run): Promise<string> => {
    rendered = await renderWithApi(<RunSummary run={run} />, createFakeApiClient({}));
    return rendered.container.querySelector('[data-testid="run-sandbox"]')?.textContent ?? '';
  };
  afterEach(async () => {
    await rendered?.unmount();
    rendered = null;
  });

  it('says which sandbox confines the run and which hosts it may reach', async () => {
    expect(await sandboxText(builders.run({ sandbox: 'bwrap', network: ['api.github.com', '*.npmjs.org'] }))).toBe(
      'Sandboxed (bubblewrap) · network: api.github.com, *.npmjs.org',
    );
  });

  it('says plainly when a run is not sandboxed (a trusted run)', async () => {
    expect(await sandboxText(builders.run({ sandbox: 'none', permissions: { profile: 'trusted', rules: [] } }))).toBe(
      'Not sandboxed: commands run with your full access',
    );
  });

  describe("a trusted Claude Code or Codex run (the agent is not confined, but on Linux it runs in Autoloop's bubblewrap)", () => {
    const info = (hostSandbox: SandboxKind | undefined) => ({
      version: '1.0.0',
      shell: 'embedded' as const,
      dataDir: '/data',
      defaultWorkdir: '/work',
      protocol: 1,
      keyStorage: 'plain' as const,
      ...(hostSandbox ? { hostSandbox } : {}),
    });
    const trusted = (agent: 'claude-code' | 'codex') => builders.run({ agent, sandbox: 'none', permissions: { profile: 'trusted', rules: [] } });
    const textOn = async (run: Run, hostSandbox: SandboxKind | undefined): Promise<string> => {
      rendered = await renderWithApi(<RunSummary run={run} />, createFakeApiClient({ 'system.info': () => info(hostSandbox) }));
      return rendered.container.querySelector('[data-testid="run-sandbox"]')?.textContent ?? '';
    };

    it('says that only the data folder and credential stores are hidden when the engine has bubblewrap', async () => {
      expect(await textOn(trusted('claude-code'), 'bwrap')).toBe(
        "Not confined: Claude Code's commands run with your full access; only the data folder and credential stores are hidden from it (Autoloop's bubblewrap)",
      );
      await rendered?.unmount();
      expect(await textOn(trusted('codex'), 'bwrap')).toBe(
        "Not confined: Codex's commands run with your full access (danger-full-access) and it does not ask first; only the data folder and credential stores are hidden from it (Autoloop's bubblewrap)",
      );
    });

    it('says not sandboxed where nothing is hidden (no bubblewrap: macOS, or an engine that does not say)', async () => {
      expect(await textOn(trusted('claude-code'), 'seatbelt')).toBe("Not sandboxed: Claude Code's commands run with your full access");
      await rendered?.unmount();
      expect(await textOn(trusted('codex'), undefined)).toBe(
        "Not sandboxed: Codex's commands run with your full access (danger-full-access) and it does not ask first",
      );
    });
  });

  it('lists the verify commands a run must pass to complete, and nothing when it has none', async () => {
    rendered = await renderWithApi(
      <RunSummary
        run={builders.run({
          verify: [
            { run: 'npm test', name: 'npm test', timeoutMs: 600_000 },
            { run: 'npm run lint', name: 'lint', timeoutMs: 60_000 },
          ],
        })}
      />,
      createFakeApiClient({}),
    );
    expect(rendered.container.querySelector('[data-testid="run-verify"]')?.textContent).toBe('npm test; lint (npm run lint), timeout 60 s');
    await rendered.unmount();
    rendered = await renderWithApi(<RunSummary run={builders.run({})} />, createFakeApiClient({}));
    expect(rendered.container.querySelector('[data-testid="run-verify"]')).toBeNull();
  });

  it('says what each iteration remembers (the context mode) in words', async () => {
    rendered = await renderWithApi(<RunSummary run={builders.run({ context: 'fresh' })} />, createFakeApiClient({}));
    expect(rendered.container.querySelector('[data-testid="run-context"]')?.textContent).toBe('fresh · Fresh context per iteration (files are the memory)');
    await rendered.unmount();
    rendered = await renderWithApi(<RunSummary run={builders.run({})} />, createFakeApiClient({}));
    expect(rendered.container.querySelector('[data-testid="run-context"]')?.textContent).toBe('carry · Carry the conversation');
  });

  it('names the MCP servers a run has, and says nothing of them when it has none', async () => {
    rendered = await renderWithApi(<RunSummary run={builders.run({ mcp: ['github', 'db'] })} />, createFakeApiClient({}));
    expect(rendered.container.querySelector('[data-testid="run-mcp"]')?.textContent).toBe('github, db');
    await rendered.unmount();
    rendered = await renderWithApi(<RunSummary run={builders.run({})} />, createFakeApiClient({}));
    expect(rendered.container.querySelector('[data-testid="run-mcp"]')).toBeNull();
  });

  it('says which notifiers the run’s events go to: every configured one, the named ones, or none', async () => {
    const notifyText = async (run: Run): Promise<string | null | undefined> => {
      await rendered?.unmount();
      rendered = await renderWithApi(<RunSummary run={run} />, createFakeApiClient({}));
      return rendered.container.querySelector('[data-testid="run-notify"]')?.textContent;
    };
    expect(await notifyText(builders.run({}))).toBe('All configured notifiers (each for the events it is set for)');
    expect(await notifyText(builders.run({ notify: ['ops-hook', 'phone'] }))).toBe('ops-hook, phone');
    expect(await notifyText(builders.run({ notify: [] }))).toBe('None: no notifier is called for this run');
  });

  it('shows the prompt cache tokens of the run, and says when the provider reported none', async () => {
    rendered = await renderWithApi(
      <RunSummary run={builders.run({ inputTokens: 10_000, cacheReadTokens: 8_500, cacheWriteTokens: 1_000 })} />,
      createFakeApiClient({}),
    );
    expect(rendered.container.querySelector('[data-testid="run-cache"]')?.textContent).toBe('8,500 read, 1,000 written (85% of input from cache)');
    await rendered.unmount();
    rendered = await renderWithApi(<RunSummary run={builders.run({ inputTokens: 10_000 })} />, createFakeApiClient({}));
    expect(rendered.container.querySelector('[data-testid="run-cache"]')?.textContent).toBe('none reported');
  });

  it('links a run whose provider refused the key to that provider’s settings, and no other run', async () => {
    const refused = builders.run({ status: 'ended', stopReason: 'auth_failed', model: 'local/test-model', detail: '401: the key was refused by 127.0.0.1:9' });
    rendered = await renderWithApi(<RunSummary run={refused} />, createFakeApiClient({}));
    const { container } = rendered;
    expect(container.querySelector('[data-testid="run-reason"]')?.textContent).toBe(
      'Stopped: the model provider refused the API key — 401: the key was refused by 127.0.0.1:9',
    );
    const link = container.querySelector<HTMLAnchorElement>('[data-testid="provider-settings-link"]');
    expect(link?.textContent).toBe('Check the key of local in Settings');
    expect(link?.getAttribute('href')).toBe('#/settings/providers/local');
    await rendered.unmount();

    rendered = await renderWithApi(<RunSummary run={builders.run({ status: 'ended', stopReason: 'failure_limit' })} />, createFakeApiClient({}));
    expect(rendered.container.querySelector('[data-testid="recovery-hint"]')).toBeNull();
  });
});
