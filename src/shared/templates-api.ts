import { z } from 'zod';
import { LoopOverrides, Run } from './records';
import { LintFinding, TemplateDetail, TemplateDiff, TemplateName, TemplateRevision, TemplateSaved, TemplateSummary } from './templates';

const Empty = z.object({}).strict().default({});
const ByName = z.object({ name: z.string().min(1) }).strict();
const ParamValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
/** A revision id: the full sha256, or an unambiguous prefix of at least 7 hex digits. */
const RevisionRef = z.string().regex(/^[0-9a-f]{7,64}$/, 'a revision is a sha256 (or its first 7+ hex digits)');

/** The `templates.*` API methods (DESIGN §5, §10); spread into `apiMethods`. */
export const templateMethods = {
  /** Every built-in and user template, with its lint counts. */
  'templates.list': { params: Empty, result: z.array(TemplateSummary) },
  /** One template's text, summary and findings; with `revision`, an older stored text of it. */
  'templates.get': { params: z.object({ name: z.string().min(1), revision: RevisionRef.optional() }).strict(), result: TemplateDetail },
  /**
   * Writes a user template (`<data dir>/templates/<name>.md`), creating or replacing it, and stores the text as a revision.
   * Refused: a built-in's name (`conflict`), a bad name or an oversized text (`invalid_input`). Other lint errors do not
   * stop a save (work in progress must not be lost); they come back as findings, and `runs.start` refuses the template
   * until they are fixed.
   */
  'templates.save': { params: z.object({ name: TemplateName, text: z.string() }).strict(), result: TemplateSaved },
  /** Deletes a user template file (its revisions stay); a built-in cannot be deleted (`conflict`). */
  'templates.delete': { params: ByName, result: z.object({ name: z.string() }) },
  /** Copies any template into the user's templates under a new name ("duplicate to my templates"). */
  'templates.duplicate': { params: z.object({ name: z.string().min(1), newName: TemplateName }).strict(), result: TemplateSaved },
  /** Lints a text without saving it; `name` checks it as the user template it would be saved as. */
  'templates.lint': {
    params: z.object({ text: z.string(), name: z.string().min(1).optional() }).strict(),
    result: z.object({ findings: z.array(LintFinding) }),
  },
  /** Every stored text of a template, newest first. */
  'templates.revisions': { params: ByName, result: z.array(TemplateRevision) },
  /** A unified line diff between two stored revisions of a template. */
  'templates.diff': { params: z.object({ name: z.string().min(1), from: RevisionRef, to: RevisionRef }).strict(), result: TemplateDiff },
  /** Adds one template text (a `.md` file's content) as a user template; refuses a name that is taken (`conflict`). */
  'templates.import': { params: z.object({ text: z.string(), name: TemplateName.optional() }).strict(), result: TemplateSaved },
  /** A template as a file to save elsewhere. */
  'templates.export': { params: ByName, result: z.object({ fileName: z.string(), text: z.string() }) },
  /**
   * Starts a run of the template with its scripted demo model (`demo:` in the front-matter): its prompts, tools and
   * iterations without spending tokens. The same as `runs.start` with `model: scripted/<demo>`.
   */
  'templates.dryRun': {
    params: z
      .object({ name: z.string().min(1), params: ParamValues.default({}), workdir: z.string().min(1).optional(), loop: LoopOverrides.optional() })
      .strict(),
    result: Run,
  },
} as const;
