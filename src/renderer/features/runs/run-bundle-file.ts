import { messageOf } from '../../../shared/errors';
import type { RunId } from '../../../shared/records';

/** Longest run name kept in a bundle's file name. */
const NAME_IN_FILE_MAX_CHARS = 80;
/** The object URL of a download lives this long after the click, so the browser can start reading it. */
const OBJECT_URL_LIFETIME_MS = 10_000;

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

/** Saves a value as a pretty JSON file through the browser's download: Blob, object URL, a temporary `<a download>`. */
export function downloadJson(fileName: string, value: unknown): void {
  const url = URL.createObjectURL(new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), OBJECT_URL_LIFETIME_MS);
}
