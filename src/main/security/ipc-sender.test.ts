import { describe, expect, it } from 'vitest';
import { isOwnSender } from './ipc-sender';

const appUrl = 'file:///opt/Autoloop/out/renderer/index.html';
const own = { webContentsId: 7, appUrl };

describe('isOwnSender', () => {
  it('trusts our window on our page, on any hash route', () => {
    expect(isOwnSender({ senderId: 7, senderFrameUrl: appUrl }, own)).toBe(true);
    expect(isOwnSender({ senderId: 7, senderFrameUrl: `${appUrl}#/runs/r1` }, own)).toBe(true);
  });

  it('refuses other web contents, other pages, a gone frame, and any caller before the window exists', () => {
    expect(isOwnSender({ senderId: 8, senderFrameUrl: appUrl }, own)).toBe(false);
    expect(isOwnSender({ senderId: 7, senderFrameUrl: 'https://evil.example/' }, own)).toBe(false);
    expect(isOwnSender({ senderId: 7, senderFrameUrl: 'file:///tmp/index.html' }, own)).toBe(false);
    expect(isOwnSender({ senderId: 7, senderFrameUrl: null }, own)).toBe(false);
    expect(isOwnSender({ senderId: 7, senderFrameUrl: appUrl }, { webContentsId: null, appUrl })).toBe(false);
  });
});
