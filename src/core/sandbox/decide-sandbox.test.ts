import { describe, expect, it } from 'vitest';
import { buildRun } from '../../shared/testing/build-run';
import { decideSandbox } from './decide-sandbox';
import { sandboxSpecFor } from './sandbox-spec';

describe('decideSandbox', () => {
  it("gives every profile but trusted the machine's sandbox", () => {
    for (const profile of ['read-only', 'ask', 'workspace-write'] as const) {
      expect(decideSandbox({ profile, available: 'bwrap', platform: 'linux' })).toEqual({ kind: 'bwrap' });
      expect(decideSandbox({ profile, available: 'seatbelt', platform: 'darwin' })).toEqual({ kind: 'seatbelt' });
    }
  });

  it('runs a trusted run unsandboxed, even where a sandbox exists', () => {
    expect(decideSandbox({ profile: 'trusted', available: 'bwrap', platform: 'linux' })).toEqual({ kind: 'none' });
    expect(decideSandbox({ profile: 'trusted', available: 'none', platform: 'win32' })).toEqual({ kind: 'none' });
  });

  it('refuses a run that needs a sandbox where there is none, saying what to install or to choose trusted', () => {
    const linux = decideSandbox({ profile: 'ask', available: 'none', platform: 'linux' });
    expect(linux).toEqual({ refused: expect.stringContaining('install bubblewrap') });
    expect(linux).toEqual({ refused: expect.stringContaining('"trusted" profile') });
    expect(decideSandbox({ profile: 'read-only', available: 'none', platform: 'win32' })).toEqual({
      refused: expect.stringContaining('Windows has no sandbox'),
    });
  });
});

describe('sandboxSpecFor', () => {
  const providers = {
    anthropic: { type: 'anthropic' as const, apiKeyEnv: 'ANTHROPIC_API_KEY' },
    acme: { type: 'openai-compatible' as const, baseUrl: 'http://x/v1', apiKeyEnv: 'ACME_KEY' },
  };

  it("hides the data folder, names every provider's key variable for removal, and never passes one on", () => {
    const spec = sandboxSpecFor(buildRun({ sandbox: 'bwrap', network: ['api.github.com'] }), {
      dataDir: '/d',
      providers,
      passEnv: ['ACME_KEY', 'DATABASE_URL'],
      available: 'bwrap',
    });
    expect(spec).toEqual({
      kind: 'bwrap',
      dataDir: '/d',
      readOnlyWorkdir: false,
      network: ['api.github.com'],
      passEnv: ['DATABASE_URL'],
      removeEnv: ['ANTHROPIC_API_KEY', 'ACME_KEY'],
    });
  });

  it('makes the workdir read-only under read-only, and gives a trusted run all network', () => {
    const input = { dataDir: '/d', providers, passEnv: [], available: 'bwrap' as const };
    expect(sandboxSpecFor(buildRun({ sandbox: 'bwrap', permissions: { profile: 'read-only', rules: [] } }), input).readOnlyWorkdir).toBe(true);
    expect(sandboxSpecFor(buildRun({ permissions: { profile: 'trusted', rules: [] } }), input).network).toBe('all');
  });

  it("keeps a trusted run's processes in a PID namespace where bubblewrap exists, and only there", () => {
    const trusted = buildRun({ sandbox: 'none', permissions: { profile: 'trusted', rules: [] } });
    expect(sandboxSpecFor(trusted, { dataDir: '/d', providers, passEnv: [], available: 'bwrap' }).pidNamespace).toBe(true);
    expect(sandboxSpecFor(trusted, { dataDir: '/d', providers, passEnv: [], available: 'seatbelt' })).not.toHaveProperty('pidNamespace');
  });
});
