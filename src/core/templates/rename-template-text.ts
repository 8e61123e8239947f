import { type Document, isMap, isScalar, parseDocument } from 'yaml';
import { FRONT_MATTER_MAX_BYTES } from '../../shared/templates';
import { splitTemplateSource } from './template-source';

/** Whether a front-matter is small enough to parse on the engine's event loop (lint refuses a larger one anyway). */
function parsable(yamlText: string): boolean {
  return Buffer.byteLength(yamlText, 'utf8') <= FRONT_MATTER_MAX_BYTES;
}

/** The front-matter's YAML document (aliases are never expanded here), or null when it is over lint's size bound. */
function parseBounded(yamlText: string): Document | null {
  return parsable(yamlText) ? parseDocument(yamlText) : null;
}

/**
 * The template text with its front-matter `name:` set to `name`, everything else as written. A text whose
 * front-matter has no `name:` (or cannot be parsed) is returned unchanged: its file name is its name.
 */
export function renameTemplateText(text: string, name: string): string {
  const { yaml } = splitTemplateSource(text);
  if (yaml === null) return text;
  const document = parseBounded(yaml.text);
  if (document === null || document.errors.length > 0 || !isMap(document.contents)) return text;
  const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === 'name');
  if (!pair || !isScalar(pair.value) || !pair.value.range) return text;
  const [start, end] = pair.value.range;
  return `${text.slice(0, yaml.offset + start)}${name}${text.slice(yaml.offset + end)}`;
}

/** The name a template text gives itself in its front-matter, if any. */
export function declaredName(text: string): string | null {
  const { yaml } = splitTemplateSource(text);
  if (yaml === null) return null;
  const document = parseBounded(yaml.text);
  if (document === null || document.errors.length > 0) return null;
  const value: unknown = document.get('name');
  return typeof value === 'string' && value !== '' ? value : null;
}

const OR_GIVE_NAME = 'or give it a name as you import it (autoloop templates import FILE --name NAME)';

/** Pure: why a template text names no template, in words that say what to do (its `declaredName` is null). */
export function missingNameReason(text: string): string {
  const { yaml } = splitTemplateSource(text);
  if (yaml === null) return `it has no front-matter (--- lines) with a \`name:\`; add one, ${OR_GIVE_NAME}`;
  const document = parseBounded(yaml.text);
  if (document === null) return `its front-matter is over ${FRONT_MATTER_MAX_BYTES / 1024} KiB (move long text into the program below it), ${OR_GIVE_NAME}`;
  const first = document.errors[0];
  if (first !== undefined) {
    const words = (first.message.split('\n')[0] ?? '').replace(/:\s*$/, '');
    return `its front-matter is not valid YAML (${words}), so its \`name:\` cannot be read; fix it (autoloop templates lint FILE shows where), ${OR_GIVE_NAME}`;
  }
  return `its front-matter has no \`name:\`; add one, ${OR_GIVE_NAME}`;
}
