import { isMap, isScalar, parseDocument } from 'yaml';
import { splitTemplateSource } from './template-source';

/**
 * The template text with its front-matter `name:` set to `name`, everything else as written. A text whose
 * front-matter has no `name:` (or cannot be parsed) is returned unchanged: its file name is its name.
 */
export function renameTemplateText(text: string, name: string): string {
  const { yaml } = splitTemplateSource(text);
  if (yaml === null) return text;
  const document = parseDocument(yaml.text);
  if (document.errors.length > 0 || !isMap(document.contents)) return text;
  const pair = document.contents.items.find((item) => isScalar(item.key) && item.key.value === 'name');
  if (!pair || !isScalar(pair.value) || !pair.value.range) return text;
  const [start, end] = pair.value.range;
  return `${text.slice(0, yaml.offset + start)}${name}${text.slice(yaml.offset + end)}`;
}

/** The name a template text gives itself in its front-matter, if any. */
export function declaredName(text: string): string | null {
  const { yaml } = splitTemplateSource(text);
  if (yaml === null) return null;
  const document = parseDocument(yaml.text);
  if (document.errors.length > 0) return null;
  const value: unknown = document.get('name');
  return typeof value === 'string' && value !== '' ? value : null;
}
