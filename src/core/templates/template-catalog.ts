import { readdir } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { basename } from 'node:path';
import { z } from 'zod';
import { parseDuration } from '../../shared/duration';
import type { LintFinding, TemplateFrontMatter, TemplateRunSettings, TemplateSummary } from '../../shared/templates';
import { type LintContext, type LintedTemplate, lintTemplate } from './lint-template';
import type { LoadedTemplate, TemplateLibrary, TemplateOrigin } from './template-library';

/** What lint is given for one text: the text, and the name and place it has or will have. */
export type LintSubject = Readonly<{ text: string; name?: string; source?: TemplateOrigin; bytes?: number }>;

/** The template library with lint: every template is judged with the same context the engine uses to start runs. */
export type TemplateCatalog = Readonly<{
  library: TemplateLibrary;
  lint(subject: LintSubject): Promise<LintedTemplate>;
  /** A loaded template's summary and findings. */
  describe(template: LoadedTemplate): Promise<DescribedTemplate>;
  /** Many at once, gathering the lint context once. */
  describeAll(templates: ReadonlyArray<LoadedTemplate>): Promise<DescribedTemplate[]>;
}>;

/** A template as the API shows it, with what lint found. */
export type DescribedTemplate = Readonly<{ summary: TemplateSummary; findings: ReadonlyArray<LintFinding>; linted: LintedTemplate }>;

type SharedContext = Pick<LintContext, 'builtinNames' | 'providers' | 'scripts'>;

/** How many lint results the catalog keeps (the oldest goes first). */
const LINT_CACHE_ENTRIES = 512;

const SettingsProviders = z
  .object({ providers: z.union([z.array(z.object({ name: z.string() }).loose()), z.record(z.string(), z.unknown())]) })
  .loose();

/** The model providers a person has set up: `scripted` always, plus any the settings list (by name or as keys). */
export function providerNamesOf(settings: unknown): string[] {
  const parsed = SettingsProviders.safeParse(settings);
  if (!parsed.success) return ['scripted'];
  const { providers } = parsed.data;
  const names = Array.isArray(providers) ? providers.map((provider) => provider.name) : Object.keys(providers);
  return ['scripted', ...names.filter((name) => name !== 'scripted')];
}

async function scriptNames(folder: string): Promise<Set<string>> {
  const entries = await readdir(folder).catch(() => [] as string[]);
  return new Set(entries.filter((entry) => entry.endsWith('.json')).map((entry) => basename(entry, '.json')));
}

/** The run settings a template's front-matter sets itself (what the new-run form shows as inherited). */
export function templateRunSettings(frontMatter: TemplateFrontMatter): TemplateRunSettings {
  const { interval, loop } = frontMatter;
  const fromInterval = typeof interval === 'string' ? parseDuration(interval) : interval;
  const intervalMs = fromInterval ?? loop?.intervalMs ?? null;
  return {
    limits: frontMatter.limits ?? {},
    profile: frontMatter.permissions?.profile ?? null,
    isolation: frontMatter.isolation ?? null,
    agent: frontMatter.agent ?? null,
    intervalMs: intervalMs === null || intervalMs < 0 ? null : Math.round(intervalMs),
    network: frontMatter.network ?? [],
    env: frontMatter.env ?? [],
    verify: (frontMatter.verify ?? []).map((command) => command.run),
    context: frontMatter.context ?? null,
    mcp: frontMatter.mcp ?? [],
  };
}

/** The summary the API shows of a template. */
export function summarizeTemplate(template: LoadedTemplate, linted: LintedTemplate): TemplateSummary {
  const { frontMatter } = linted;
  return {
    name: template.name,
    description: frontMatter.description ?? '',
    // An explicit path is neither; it is shown with the user's, since the person brought it.
    source: template.source === 'builtin' ? 'builtin' : 'user',
    params: frontMatter.params ?? {},
    model: frontMatter.model ?? null,
    demoModel: frontMatter.demo ? `scripted/${frontMatter.demo}` : null,
    revision: template.revision,
    errors: linted.findings.filter((finding) => finding.severity === 'error').length,
    warnings: linted.findings.filter((finding) => finding.severity === 'warning').length,
    runSettings: templateRunSettings(frontMatter),
  };
}

/** Joins the library to lint; `settings()` is read at each call so a newly set-up provider counts at once. */
export function createTemplateCatalog(deps: Readonly<{ library: TemplateLibrary; scriptsFolder: string; settings(): unknown }>): TemplateCatalog {
  const gather = async (): Promise<SharedContext> => ({
    builtinNames: await deps.library.builtinNames(),
    providers: providerNamesOf(deps.settings()),
    scripts: await scriptNames(deps.scriptsFolder),
  });
  const lintWith = (shared: SharedContext, subject: LintSubject): LintedTemplate =>
    lintTemplate(subject.text, {
      ...shared,
      ...(subject.name === undefined ? {} : { name: subject.name }),
      ...(subject.source === undefined ? {} : { source: subject.source }),
      ...(subject.bytes === undefined ? {} : { bytes: subject.bytes }),
    });
  const cache = new Map<string, LintedTemplate>();
  const describeWith = (shared: SharedContext, template: LoadedTemplate): DescribedTemplate => {
    // The same text in the same context lints the same: a storm of `templates.list` calls lints each template once.
    const key = JSON.stringify([template.revision, template.name, template.source, template.bytes, [...(shared.builtinNames ?? [])], shared.providers, [...(shared.scripts ?? [])]]);
    let linted = cache.get(key);
    if (!linted) {
      // A path's own file name is not a template name; only its front-matter name is checked.
      linted = lintWith(shared, template.source === 'path' ? { text: template.text, source: 'path', bytes: template.bytes } : template);
      if (cache.size >= LINT_CACHE_ENTRIES) cache.delete(cache.keys().next().value ?? '');
      cache.set(key, linted);
    }
    return { summary: summarizeTemplate(template, linted), findings: linted.findings, linted };
  };
  return {
    library: deps.library,
    lint: async (subject) => lintWith(await gather(), subject),
    describe: async (template) => describeWith(await gather(), template),
    async describeAll(templates) {
      const shared = await gather();
      const described: DescribedTemplate[] = [];
      for (const template of templates) {
        described.push(describeWith(shared, template));
        // One template per turn of the event loop: other API calls answer between them.
        await nextTurn();
      }
      return described;
    },
  };
}
