import type { Logger } from '../core/logger';
import { DEFAULT_DESKTOP_SETTINGS, type DesktopSettings, parseDesktopSettings } from './desktop-settings';
import { readJsonFile, writeJsonFile } from './json-file';

/**
 * Reads `desktop-settings.json`; a missing file is written with the defaults so a person can find
 * and edit it, a broken one is left alone (defaults apply) and the reason is logged.
 */
export function loadDesktopSettings(file: string, log: Logger): DesktopSettings {
  const read = readJsonFile(file);
  if (read.problem) {
    log.warn(`desktop settings: defaults apply: ${read.problem}`);
    return DEFAULT_DESKTOP_SETTINGS;
  }
  if (read.value === null) {
    try {
      writeJsonFile(file, DEFAULT_DESKTOP_SETTINGS);
    } catch (error) {
      log.warn(`desktop settings: could not write the defaults to ${file}: ${(error as Error).message}`);
    }
  }
  const { settings, problem } = parseDesktopSettings(read.value);
  if (problem) log.warn(`desktop settings: defaults apply, ${file} is not valid: ${problem}`);
  return settings;
}
