import { type BrowserWindow, screen } from 'electron';
import type { Logger } from '../../core/logger';
import { readJsonFile, writeJsonFile } from '../json-file';
import { createDebouncer } from '../shell-state/debouncer';
import { type RestoredWindowState, type SavedWindowState, parseSavedWindowState, restoreBounds } from './window-bounds';

/** Moving or resizing writes the window's place once it has been still this long. */
export const WINDOW_STATE_SAVE_DELAY_MS = 500;

/** Where the window opens: its saved place if that is still on a display (glue; decided in window-bounds.ts). */
export function restoredWindowState(file: string, log: Logger): RestoredWindowState {
  const { value, problem } = readJsonFile(file);
  if (problem) log.warn(`the window opens at its default place: ${problem}`);
  // The primary display first: restoreBounds centres a lost window on the first one.
  return restoreBounds(parseSavedWindowState(value), [screen.getPrimaryDisplay(), ...screen.getAllDisplays()]);
}

/** Saves the window's place and maximized state whenever they change (glue). */
export function setupWindowState(window: BrowserWindow, file: string, log: Logger): () => void {
  const save = (): void => {
    if (window.isDestroyed()) return;
    const state: SavedWindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      writeJsonFile(file, state);
    } catch (error) {
      log.warn(`could not save the window's place to ${file}: ${(error as Error).message}`);
    }
  };
  const saver = createDebouncer(save, WINDOW_STATE_SAVE_DELAY_MS);
  const schedule = (): void => saver.schedule();
  const flush = (): void => saver.flush();
  window.on('resize', schedule);
  window.on('move', schedule);
  window.on('maximize', schedule);
  window.on('unmaximize', schedule);
  window.on('close', flush);
  return () => {
    saver.flush();
    if (window.isDestroyed()) return;
    window.off('resize', schedule);
    window.off('move', schedule);
    window.off('maximize', schedule);
    window.off('unmaximize', schedule);
    window.off('close', flush);
  };
}
