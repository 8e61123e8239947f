import { type ApiHandlers, type ApiParsedParams, StartRunParams } from '../../shared/api';
import type { Run } from '../../shared/records';
import type { templateMethods } from '../../shared/templates-api';
import { TEMPLATE_MAX_BYTES, TEMPLATE_NAME_PATTERN, type TemplateSaved } from '../../shared/templates';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import { unifiedDiff } from '../templates/line-diff';
import { declaredName, missingNameReason, renameTemplateText } from '../templates/rename-template-text';
import type { TemplateCatalog } from '../templates/template-catalog';
import type { LoadedTemplate } from '../templates/template-library';
import { ApiFailure } from '../api-failure';

/** What the `templates.*` handlers use: the library with lint, the revision store, and `runs.start`. */
export type TemplateHandlersDeps = Readonly<{
  catalog: TemplateCatalog;
  revisions: TemplateRevisionsRepository;
  /** `runs.start`, for the dry run. */
  startRun(params: ApiParsedParams<'runs.start'>): Promise<Run>;
}>;

type TemplateHandlers = { readonly [M in keyof typeof templateMethods]: ApiHandlers[M] };

const SHORT_REVISION = 12;

/** The `templates.*` API (DESIGN §5, §10): the library, lint, revisions, diff, import/export and the dry run. */
export function createTemplateHandlers(deps: TemplateHandlersDeps): TemplateHandlers {
  const { catalog, revisions } = deps;
  const { library } = catalog;

  async function requireTemplate(name: string): Promise<LoadedTemplate> {
    const template = await library.get(name);
    if (!template) throw new ApiFailure('not_found', `There is no template called "${name}" in ${library.folders.join(' or ')}`, { field: 'name' });
    return template;
  }

  /** A name that a new user template may take: valid, and neither a built-in's nor another user template's. */
  async function requireFreeName(name: string): Promise<void> {
    if (!TEMPLATE_NAME_PATTERN.test(name)) {
      throw new ApiFailure('invalid_input', `"${name}" cannot be a template name: use lower-case letters, digits and dashes`, { field: 'name' });
    }
    if (await library.get(name)) throw new ApiFailure('conflict', `A template called "${name}" already exists; choose another name`, { field: 'name' });
  }

  /** Refuses a text over the size cap before anything parses it. */
  function requireTemplateSize(text: string): void {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > TEMPLATE_MAX_BYTES) {
      throw new ApiFailure('invalid_input', `The template is ${Math.ceil(bytes / 1024)} KiB; templates are at most ${TEMPLATE_MAX_BYTES / 1024} KiB`, {
        field: 'text',
      });
    }
  }

  async function saveUser(name: string, text: string): Promise<TemplateSaved> {
    if ((await library.builtinNames()).has(name)) {
      throw new ApiFailure('conflict', `"${name}" is a built-in template; built-in templates cannot be changed: duplicate it to change it`, { field: 'name' });
    }
    requireTemplateSize(text);
    const saved = await library.writeUser(name, text);
    revisions.save(name, text);
    const { summary, findings } = await catalog.describe(saved);
    return { summary, revision: saved.revision, findings: [...findings] };
  }

  /** The full sha256 of one stored revision of a template, from its full id or a prefix. */
  function resolveRevision(name: string, reference: string, current: string | undefined): string {
    const matches = revisions.listForTemplate(name, current).filter((row) => row.revision.startsWith(reference));
    if (matches.length === 0) throw new ApiFailure('not_found', `The template "${name}" has no revision ${reference}`, { field: 'revision' });
    if (matches.length > 1)
      throw new ApiFailure('invalid_input', `${reference} names ${matches.length} revisions of "${name}"; give more of it`, { field: 'revision' });
    return (matches[0] as { revision: string }).revision;
  }

  function revisionText(revision: string): string {
    const text = revisions.text(revision);
    if (text === null) throw new ApiFailure('not_found', `The revision ${revision} is not stored`, { field: 'revision' });
    return text;
  }

  return {
    'templates.list': async () => (await catalog.describeAll(await library.list())).map((described) => described.summary),

    'templates.get': async ({ name, revision }) => {
      const template = await requireTemplate(name);
      const { summary, findings } = await catalog.describe(template);
      if (revision === undefined) return { summary, text: template.text, revision: template.revision, findings: [...findings] };
      const full = resolveRevision(template.name, revision, template.revision);
      const text = revisionText(full);
      const linted = await catalog.lint({ text, name: template.name, source: template.source });
      return { summary, text, revision: full, findings: [...linted.findings] };
    },

    'templates.save': async ({ name, text }) => saveUser(name, text),

    'templates.delete': async ({ name }) => {
      if (await library.deleteUser(name)) return { name };
      if ((await library.builtinNames()).has(name)) {
        throw new ApiFailure('conflict', 'Built-in templates cannot be deleted; duplicate it to change it', { field: 'name' });
      }
      throw new ApiFailure('not_found', `There is no user template called "${name}"`, { field: 'name' });
    },

    'templates.duplicate': async ({ name, newName }) => {
      const source = await requireTemplate(name);
      await requireFreeName(newName);
      return saveUser(newName, renameTemplateText(source.text, newName));
    },

    'templates.lint': async ({ text, name }) => {
      const linted = await catalog.lint(name === undefined ? { text } : { text, name, source: 'user' });
      return { findings: [...linted.findings] };
    },

    'templates.revisions': async ({ name }) => {
      const template = await library.get(name);
      const rows = revisions.listForTemplate(name, template?.revision);
      if (!template && rows.length === 0)
        throw new ApiFailure('not_found', `There is no template called "${name}" and no stored revision of one`, { field: 'name' });
      return rows.map((row) => ({ ...row, current: row.revision === template?.revision }));
    },

    'templates.diff': async ({ name, from, to }) => {
      const current = (await library.get(name))?.revision;
      const fromRevision = resolveRevision(name, from, current);
      const toRevision = resolveRevision(name, to, current);
      const labels = { from: `${name}@${fromRevision.slice(0, SHORT_REVISION)}`, to: `${name}@${toRevision.slice(0, SHORT_REVISION)}` };
      return { from: fromRevision, to: toRevision, ...unifiedDiff(revisionText(fromRevision), revisionText(toRevision), labels) };
    },

    'templates.import': async ({ text, name }) => {
      requireTemplateSize(text);
      const declared = declaredName(text);
      const target = name ?? declared;
      if (target === null) {
        throw new ApiFailure('invalid_input', `The template has no name: ${missingNameReason(text)}`, { field: 'name' });
      }
      await requireFreeName(target);
      return saveUser(target, declared !== null && declared !== target ? renameTemplateText(text, target) : text);
    },

    'templates.export': async ({ name }) => {
      const template = await requireTemplate(name);
      return { fileName: `${template.name}.md`, text: template.text };
    },

    'templates.dryRun': async ({ name, params, workdir, loop }) => {
      const template = await requireTemplate(name);
      const { demo } = (await catalog.describe(template)).linted.frontMatter;
      if (demo === undefined) {
        throw new ApiFailure('invalid_input', `The template "${name}" has no scripted demo to dry-run: add \`demo: <script name>\` to its front-matter`, {
          field: 'name',
        });
      }
      return deps.startRun(
        StartRunParams.parse({
          template: name,
          name: `${name} (dry run)`,
          model: `scripted/${demo}`,
          params,
          ...(workdir ? { workdir } : {}),
          ...(loop ? { loop } : {}),
        }),
      );
    },
  };
}
