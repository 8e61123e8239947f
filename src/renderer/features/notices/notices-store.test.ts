import { describe, expect, it } from 'vitest';
import { applyNotice, applyNoticeDismissed, emptyNoticesState, NOTICES_SHOWN_MAX } from './notices-store';

describe('notices reducers', () => {
  it('keeps only the latest notices', () => {
    let state = emptyNoticesState;
    for (let index = 0; index < NOTICES_SHOWN_MAX + 2; index += 1) state = applyNotice(state, { level: 'info', message: `n${index}` });
    expect(state.notices.map((notice) => notice.message)).toEqual(['n2', 'n3', 'n4', 'n5', 'n6']);
  });

  it('removes a dismissed notice by id', () => {
    const state = applyNotice(applyNotice(emptyNoticesState, { level: 'info', message: 'a' }), { level: 'error', message: 'b' });
    expect(applyNoticeDismissed(state, 1).notices.map((notice) => notice.message)).toEqual(['b']);
  });
});
