import { TEMPLATE_NAME_PATTERN } from '../../../shared/templates';

/** Pure: a template name from a file name (`My Notes.md` → `my-notes`), or null when nothing usable is left. */
export function templateNameFromFile(fileName: string): string | null {
  const name = fileName
    .replace(/\.(md|markdown|txt)$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return TEMPLATE_NAME_PATTERN.test(name) ? name : null;
}
