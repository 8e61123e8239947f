import { parseDocument } from 'yaml';
import { z } from 'zod';
import { TemplateFrontMatter } from '../../shared/templates';

export type ParsedTemplate = Readonly<{ frontMatter: TemplateFrontMatter; body: string }>;

export type TemplateProblem = Readonly<{ line: number; column: number; message: string }>;

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;

/** Splits a template into its YAML front-matter (validated) and its Markdown program; throws with positions. */
export function parseTemplate(text: string, file: string): ParsedTemplate {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { frontMatter: {}, body: text };
  const document = parseDocument(match[1] ?? '', { prettyErrors: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const position = yamlError.linePos?.[0];
    // +1: the front-matter starts on the line after the opening `---`.
    throw new Error(`${file}:${(position?.line ?? 0) + 1}:${position?.col ?? 1}: ${yamlError.message.split('\n')[0]}`);
  }
  const parsed = TemplateFrontMatter.safeParse(document.toJS() ?? {});
  if (!parsed.success) throw new Error(`${file}: the front-matter is not valid:\n${z.prettifyError(parsed.error)}`);
  return { frontMatter: parsed.data, body: text.slice(match[0].length) };
}

/** Fills `{{param}}` placeholders; an unknown placeholder is an error naming it. */
export function fillPlaceholders(body: string, params: Readonly<Record<string, unknown>>): string {
  return body.replace(/\{\{\s*([A-Za-z_][\w-]*)\s*\}\}/g, (_whole, name: string) => {
    if (!(name in params)) throw new Error(`The placeholder {{${name}}} has no parameter of that name`);
    const value = params[name];
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}
