import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TemplateSummary } from '../../shared/templates';
import { revisionOf } from '../store/template-revisions-repository';
import { type ParsedTemplate, parseTemplate } from './parse-template';

export type LoadedTemplate = Readonly<{
  name: string;
  source: 'builtin' | 'user';
  file: string;
  text: string;
  parsed: ParsedTemplate;
}>;

export type TemplateLibrary = Readonly<{
  folders: ReadonlyArray<string>;
  list(): Promise<LoadedTemplate[]>;
  /** Finds a template by name, only inside the template folders (DESIGN §10). */
  get(name: string): Promise<LoadedTemplate | null>;
}>;

async function loadFolder(folder: string, source: LoadedTemplate['source']): Promise<LoadedTemplate[]> {
  const entries = await readdir(folder).catch(() => [] as string[]);
  const files = entries.filter((entry) => entry.endsWith('.md')).sort();
  return Promise.all(
    files.map(async (entry) => {
      const file = join(folder, entry);
      const text = await readFile(file, 'utf8');
      const parsed = parseTemplate(text, file);
      return { name: parsed.frontMatter.name ?? basename(entry, '.md'), source, file, text, parsed };
    }),
  );
}

/** Built-in templates (resources/templates) and the person's own (<data dir>/templates). */
export function createTemplateLibrary(builtinFolder: string, userFolder: string): TemplateLibrary {
  const list = async (): Promise<LoadedTemplate[]> => [
    ...(await loadFolder(builtinFolder, 'builtin')),
    ...(await loadFolder(userFolder, 'user')),
  ];
  return {
    folders: [builtinFolder, userFolder],
    list,
    async get(name) {
      return (await list()).find((template) => template.name === name) ?? null;
    },
  };
}

/** What the API shows of a template. */
export function summarizeTemplate(template: LoadedTemplate): TemplateSummary {
  const { frontMatter } = template.parsed;
  return {
    name: template.name,
    description: frontMatter.description ?? '',
    source: template.source,
    params: frontMatter.params ?? {},
    model: frontMatter.model ?? null,
    demoModel: frontMatter.demo ? `scripted/${frontMatter.demo}` : null,
    revision: revisionOf(template.text),
  };
}
