import { describe, expect, it } from 'vitest';
import { attentionCount, attentionFavicon, attentionTitle } from './attention';

describe('attention outside the tab', () => {
  it('counts pending approvals and runs paused by their budget, nothing else', () => {
    const runs = [
      { status: 'paused', pauseReason: 'budget' },
      { status: 'paused', pauseReason: 'user' },
      { status: 'running', pauseReason: null },
      { status: 'waiting_approval', pauseReason: null },
      { status: 'ended', pauseReason: null },
    ] as const;
    expect(attentionCount(2, runs)).toBe(3);
    expect(attentionCount(0, [])).toBe(0);
  });

  it('puts the count before the name in the title, and takes it away at zero', () => {
    expect(attentionTitle(2)).toBe('(2) Autoloop');
    expect(attentionTitle(0)).toBe('Autoloop');
  });

  it('draws the count on the favicon (9+ above nine), and no badge at zero', () => {
    expect(attentionFavicon(0)).toBe('data:,');
    const three = decodeURIComponent(attentionFavicon(3));
    expect(three).toMatch(/^data:image\/svg\+xml,<svg /);
    expect(three).toContain('>3</text>');
    expect(decodeURIComponent(attentionFavicon(12))).toContain('>9+</text>');
  });
});
