import { describe, expect, it } from 'vitest';
import type { Run } from '../../../shared/records';
import { buildRun } from '../../../shared/testing/build-run';
import { describeRunFacts } from './show-run-command';

const sandboxLine = (facts: ReturnType<typeof describeRunFacts>): string | undefined => facts.find(([label]) => label === 'Sandbox')?.[1];

describe('autoloop show: the Sandbox line of a trusted Claude Code or Codex run', () => {
  const now = new Date('2026-12-06T04:00:00.000Z');
  const trusted: Partial<Run> = { sandbox: 'none', permissions: { profile: 'trusted', rules: [] } };

  it("says only the data folder and credential stores are hidden when the engine's machine has bubblewrap", () => {
    expect(sandboxLine(describeRunFacts(buildRun({ ...trusted, agent: 'claude-code' }), now, 'bwrap'))).toBe(
      "Not confined: Claude Code's commands run with your full access; only the data folder and credential stores are hidden from it (Autoloop's bubblewrap)",
    );
    expect(sandboxLine(describeRunFacts(buildRun({ ...trusted, agent: 'codex' }), now, 'bwrap'))).toMatch(
      /^Not confined: Codex's commands .* only the data folder/,
    );
  });

  it('says not sandboxed where the engine has no bubblewrap, and for Autoloop’s own agent', () => {
    expect(sandboxLine(describeRunFacts(buildRun({ ...trusted, agent: 'claude-code' }), now, 'seatbelt'))).toBe(
      "Not sandboxed: Claude Code's commands run with your full access",
    );
    expect(sandboxLine(describeRunFacts(buildRun({ ...trusted, agent: 'autoloop' }), now, 'bwrap'))).toBe('Not sandboxed: commands run with your full access');
  });
});
