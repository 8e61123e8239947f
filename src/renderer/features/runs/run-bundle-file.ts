import { messageOf } from '../../../shared/errors';
import type { RunId } from '../../../shared/records';
import { downloadText } from '../../ui/download-file';

/** Longest run name kept in a bundle's file name. */
const NAME_IN_FILE_MAX_CHARS = 80;

/** Pure: `<run name>-<id>.autoloop.json`, with characters no file system takes replaced by `-`. */
export function bundleFileName(name: string, id: RunId): string {
  // Control characters are as unwelcome in file names as the reserved ones.
  const printable = [...name].map((char) => (char.charCodeAt(0) < 0x20 ? '-' : char)).join('');
  const safe = printable
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, NAME_IN_FILE_MAX_CHARS);
  return `${safe || 'run'}-${id}.autoloop.json`;
}

/** What a chosen file holds: the parsed JSON, or why it is not a bundle the engine could check. */
export type BundleFileRead = Readonly<{ ok: true; bundle: unknown } | { ok: false; message: string }>;

/** Pure: parses a chosen file's text; the engine checks the bundle itself (format, version, checksum). */
export function readBundleText(fileName: string, text: string): BundleFileRead {
  try {
    return { ok: true, bundle: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: `Not imported: ${fileName} is not a JSON file (${messageOf(error)})` };
  }
}

/** Saves a value as a pretty JSON file through the browser's download. */
export function downloadJson(fileName: string, value: unknown): void {
  downloadText(fileName, JSON.stringify(value, null, 2), 'application/json');
}
