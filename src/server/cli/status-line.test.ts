import { describe, expect, it } from 'vitest';
import { type StatusLineState, formatStatusLine } from './status-line';

const base: StatusLineState = {
  status: 'running',
  iteration: 3,
  iterationStartedAt: '2025-01-01T00:00:00.000Z',
  tokens: 3_210,
  costUsd: 0.0123,
  activity: '→ bash({"command":"npm test"})',
};
const now = new Date('2025-01-01T00:00:12.400Z');

describe('formatStatusLine', () => {
  it('shows the iteration, its time so far, usage and what the agent is doing', () => {
    expect(formatStatusLine(base, now, 120)).toBe('▸ #3 · 12.4 s · 3.2k tokens · $0.0123 · → bash({"command":"npm test"})');
  });
  it('says when the run waits for a person, and keeps an unknown cost unknown', () => {
    expect(formatStatusLine({ ...base, status: 'waiting_approval', costUsd: null }, now, 120)).toBe('▸ #3 · 3.2k tokens · cost ? · waiting for approval');
  });
  it('never wraps: it is cut to the terminal width', () => {
    const line = formatStatusLine({ ...base, activity: 'y'.repeat(200) }, now, 40);
    expect([...line]).toHaveLength(39);
    expect(line.endsWith('…')).toBe(true);
  });
});
