import { describe, expect, it } from 'vitest';
import { parseSavedWindowState, restoreBounds } from './window-bounds';

const laptop = { workArea: { x: 0, y: 0, width: 1440, height: 900 } };
const monitorOnTheRight = { workArea: { x: 1440, y: 0, width: 2560, height: 1440 } };

describe('restoreBounds', () => {
  it('opens at the default size, centred on the primary display, when nothing was saved', () => {
    expect(restoreBounds(null, [laptop])).toEqual({ bounds: { x: 80, y: 40, width: 1280, height: 820 }, maximized: false });
  });

  it('keeps a saved place that is on a display', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1000, height: 700 }, maximized: true };
    expect(restoreBounds(saved, [laptop, monitorOnTheRight])).toEqual({ bounds: saved.bounds, maximized: true });
  });

  it('moves a window whose display was unplugged back onto the primary one', () => {
    const saved = { bounds: { x: 1600, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(restoreBounds(saved, [laptop])).toEqual({ bounds: { x: 220, y: 100, width: 1000, height: 700 }, maximized: false });
  });

  it('moves a window that only peeks onto a display, or whose title bar is above it', () => {
    const peeking = { bounds: { x: 1400, y: 100, width: 1000, height: 700 }, maximized: false };
    expect(restoreBounds(peeking, [laptop]).bounds.x).toBe(220);
    const titleBarAbove = { bounds: { x: 100, y: -300, width: 1000, height: 700 }, maximized: false };
    expect(restoreBounds(titleBarAbove, [laptop]).bounds.y).toBe(100);
  });

  it('shrinks a window larger than its display, never below the minimum size', () => {
    const huge = { bounds: { x: 0, y: 0, width: 3000, height: 2000 }, maximized: false };
    expect(restoreBounds(huge, [laptop]).bounds).toEqual({ x: 0, y: 0, width: 1440, height: 900 });
    const tiny = { workArea: { x: 0, y: 0, width: 640, height: 480 } };
    expect(restoreBounds(null, [tiny]).bounds).toEqual({ x: 0, y: 0, width: 640, height: 480 });
  });

  it('gives only a size when no display is known', () => {
    expect(restoreBounds(null, [])).toEqual({ bounds: { width: 1280, height: 820 }, maximized: false });
  });
});

describe('parseSavedWindowState', () => {
  it('accepts a saved state and refuses anything else', () => {
    const saved = { bounds: { x: -10, y: 20, width: 900, height: 600 }, maximized: false };
    expect(parseSavedWindowState(saved)).toEqual(saved);
    expect(parseSavedWindowState(null)).toBeNull();
    expect(parseSavedWindowState({ bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false })).toBeNull();
    expect(parseSavedWindowState({ bounds: saved.bounds })).toBeNull();
    expect(parseSavedWindowState('[]')).toBeNull();
  });
});
