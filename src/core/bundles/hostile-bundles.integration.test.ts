import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunBundle } from '../../shared/bundle';
import type { Approval } from '../../shared/records';
import { dispatch } from '../api/dispatch';
import { exportedOneIterationRun } from '../testing/exported-run';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { bundleChecksum } from './bundle-checksum';

// Bundles that once answered `internal`, stored contradictions, or failed only after a resume.
let engine: TempEngine;
let exported: RunBundle;

beforeAll(async () => {
  engine = createTempEngine();
  exported = await exportedOneIterationRun(engine);
});
afterAll(async () => engine.dispose());

/** The bundle, changed and signed again (a careless tool, not a tamperer). */
function resigned(change: (copy: RunBundle) => void): RunBundle {
  const copy = structuredClone(exported);
  change(copy);
  const { checksum: _old, ...content } = copy;
  return { ...copy, checksum: bundleChecksum(content) };
}

async function importError(bundle: RunBundle) {
  const response = await dispatch(engine.api, 'runs.import', { bundle }, engine.log);
  return response.ok ? null : response.error;
}

function approval(id: string): Approval {
  return {
    id,
    runId: exported.run.id,
    iteration: 1,
    tool: 'bash',
    input: { command: 'ls' },
    summary: 'ls',
    risk: 'low',
    status: 'allowed',
    scope: 'once',
    reason: null,
    decidedBy: 'user',
    requestedAt: exported.run.createdAt,
    decidedAt: exported.run.createdAt,
    expiresAt: null,
  };
}

describe('importing a bundle that does not hold together', () => {
  it('refuses duplicate approval ids as invalid_input naming the field, instead of internal', async () => {
    const error = await importError(resigned((copy) => void copy.approvals.push(approval('a1'), approval('a1'))));
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error?.message).toContain('approvals[1].id');
  });

  it('refuses an ended run that keeps a pause reason', async () => {
    const error = await importError(resigned((copy) => void (copy.run.pauseReason = 'user')));
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error?.message).toContain('run.pauseReason');
  });

  it('refuses a checkpoint message that is not a conversation message, naming it, at import rather than after a resume', async () => {
    const error = await importError(resigned((copy) => void copy.checkpoint.messages.push({ role: 'wizard', content: 42 })));
    expect(error).toMatchObject({ code: 'invalid_input' });
    expect(error?.message).toMatch(/checkpoint\.messages\[\d+\]\.role/);
    const parts = await importError(
      resigned((copy) => void copy.checkpoint.messages.push({ role: 'assistant', content: [{ type: 'tool-call', toolName: 'bash' }] })),
    );
    expect(parts?.message).toMatch(/checkpoint\.messages\[\d+\]\.content\[0\]\.toolCallId/);
  });

  it('still imports the bundle as exported, checkpoint and all', async () => {
    expect(exported.checkpoint.messages.length).toBeGreaterThan(0);
    const response = await dispatch(engine.api, 'runs.import', { bundle: exported }, engine.log);
    expect(response).toMatchObject({ ok: true });
  });
});
