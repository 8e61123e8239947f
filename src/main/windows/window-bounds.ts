import type { Rectangle } from 'electron';
import { z } from 'zod';

/** A window's place and whether it was maximized, as saved in `window-state.json`. */
export const SavedWindowState = z
  .object({
    bounds: z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive() }).strict(),
    maximized: z.boolean(),
  })
  .strict();
export type SavedWindowState = z.infer<typeof SavedWindowState>;

/** Where to open the window: a position only when one is known to be visible. */
export type RestoredWindowState = Readonly<{ bounds: Readonly<{ x?: number; y?: number; width: number; height: number }>; maximized: boolean }>;

/** The window's size on a first start. */
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
/** The window's minimum size (also in mainWindowOptions). */
export const MIN_WINDOW_SIZE = { width: 800, height: 520 } as const;
/** How much of a saved window must lie on a display to open it there; less, and it is moved. */
export const MIN_VISIBLE_PX = { width: 120, height: 60 } as const;

/** The saved state in a file's parsed JSON, or null when there is none or it is not one. */
export function parseSavedWindowState(raw: unknown): SavedWindowState | null {
  const parsed = SavedWindowState.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    height: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

function fitted(size: { width: number; height: number }, area: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(Math.min(size.width, area.width), Math.min(MIN_WINDOW_SIZE.width, area.width)),
    height: Math.max(Math.min(size.height, area.height), Math.min(MIN_WINDOW_SIZE.height, area.height)),
  };
}

/**
 * Where the window opens (pure): the saved place when enough of it (its top edge included, so it
 * can be dragged) is on a display that exists now; otherwise centred on the first display, which
 * is the primary one. A display that was unplugged never strands the window off screen.
 */
export function restoreBounds(saved: SavedWindowState | null, displays: ReadonlyArray<Readonly<{ workArea: Rectangle }>>): RestoredWindowState {
  const size = saved?.bounds ?? DEFAULT_WINDOW_SIZE;
  const maximized = saved?.maximized ?? false;
  if (saved) {
    const home = displays.find(({ workArea }) => {
      const visible = overlap(saved.bounds, workArea);
      const topEdgeOnDisplay = saved.bounds.y >= workArea.y && saved.bounds.y < workArea.y + workArea.height;
      return visible.width >= MIN_VISIBLE_PX.width && visible.height >= MIN_VISIBLE_PX.height && topEdgeOnDisplay;
    });
    if (home) return { bounds: { x: saved.bounds.x, y: saved.bounds.y, ...fitted(size, home.workArea) }, maximized };
  }
  const primary = displays[0]?.workArea;
  if (!primary) return { bounds: { width: size.width, height: size.height }, maximized };
  const { width, height } = fitted(size, primary);
  return {
    bounds: { x: primary.x + Math.round((primary.width - width) / 2), y: primary.y + Math.round((primary.height - height) / 2), width, height },
    maximized,
  };
}
