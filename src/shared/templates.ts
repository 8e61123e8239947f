import { z } from 'zod';
import { ContextMode } from './context-mode';
import { McpServerName } from './mcp';
import { Limits, LoopOverrides, PermissionOverrides, PermissionProfile } from './records';
import { EnvVarName, NetworkHost } from './sandbox';
import { Isolation } from './worktree';
import { AgentKind } from './agents';
import { NotifierName } from './notifiers';

/** A `copy:`/`link:` entry: a path or glob relative to the source folder, never absolute and never leaving it. */
const SourceGlob = z
  .string()
  .min(1)
  .max(500)
  .refine((value) => !value.startsWith('/') && !value.split(/[\\/]/).includes('..'), 'a path or glob inside the working folder (no leading / and no ..)');
import { VerifyEvery, VerifySteps } from './verify';

/** What a template name may look like: it is also its file name (`<name>.md`). */
export const TEMPLATE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** The largest template file Autoloop reads (DESIGN §10). */
export const TEMPLATE_MAX_BYTES = 256 * 1024;
/**
 * The largest front-matter lint parses (the built-ins use under 2 KiB). YAML parsing costs far more
 * per byte than the rest of lint, so this bound keeps one lint call short on the engine's event loop.
 */
export const FRONT_MATTER_MAX_BYTES = 8 * 1024;

/** A template's name as the API accepts it. */
export const TemplateName = z.string().regex(TEMPLATE_NAME_PATTERN, 'use 1–64 lower-case letters, digits and dashes, starting with a letter or digit');

/** One declared parameter of a template (DESIGN §10). */
export const TemplateParam = z
  .object({
    type: z.enum(['string', 'number', 'boolean']).default('string'),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    required: z.boolean().default(false),
    /** The name the new-run form shows for it (`Target branch`); left out: the param's name, made readable. */
    label: z.string().max(80).optional(),
    description: z.string().default(''),
    enum: z.array(z.union([z.string(), z.number()])).optional(),
  })
  .strict();
export type TemplateParam = z.infer<typeof TemplateParam>;

/** The YAML front-matter of a template. Every key is optional. */
export const TemplateFrontMatter = z
  .object({
    name: TemplateName.optional(),
    description: z.string().optional(),
    params: z.record(z.string().regex(/^[A-Za-z_][\w-]*$/, 'a param name is letters, digits, `_` and `-`'), TemplateParam).optional(),
    model: z.string().optional(),
    /** The scripted model script that dry-runs this template (a file in resources/scripts). */
    demo: z.string().optional(),
    interval: z.union([z.string(), z.number()]).optional(),
    limits: Limits.optional(),
    /** `{{param}}` placeholders may appear in rule patterns; they are filled when a run starts. */
    permissions: PermissionOverrides.optional(),
    /** The loop's rules for runs of this template (DESIGN §6); a run's own options win. */
    loop: LoopOverrides.optional(),
    /** Hosts the run's commands may reach through the sandbox's filtering proxy (none unless listed; `trusted` reaches all). */
    network: z.array(NetworkHost).optional(),
    /** Environment variables the run's tools may see besides PATH, HOME, LANG… (SSH_AUTH_SOCK and AUTOLOOP_* only from the person). */
    env: z.array(EnvVarName).optional(),
    /** The agent that takes its runs' turns unless a run says otherwise: `autoloop` (default), `claude-code` or `codex`. */
    agent: AgentKind.optional(),
    /** The default isolation of its runs (`worktree`: a git worktree and branch of their own; `none`: the folder itself). */
    isolation: Isolation.optional(),
    /** The MCP servers (Settings → Tools) its runs get, by name; their tools reach the model as `mcp__<server>__<tool>`. */
    mcp: z.array(McpServerName).max(20).optional(),
    /** The notifiers (Settings → Notifiers) its runs' events go to, by name; left out: every notifier; `[]`: none. */
    notify: z.array(NotifierName).max(20).optional(),
    /** Commands run once in the run's worktree before iteration 1 (in its sandbox); one failing ends the run `setup_failed`. */
    setup: z.array(z.string().min(1).max(2_000)).max(20).optional(),
    /** Untracked files or globs copied from the source folder into the worktree (e.g. `.env`). */
    copy: z.array(SourceGlob).max(50).optional(),
    /** Untracked files or folders symlinked from the source folder into the worktree (e.g. `node_modules`). */
    link: z.array(SourceGlob).max(50).optional(),
    /** The verification gate: commands that must pass before `complete` ends a run (`npm test`, or `{ run, timeout?, name? }`). */
    verify: VerifySteps.optional(),
    /** Failed verifications of `complete` in a row that end a run `verify_failed` (default 3); the same as `loop.maxVerifyFailures`. */
    maxVerifyFailures: z.number().int().min(1).optional(),
    /** `iteration`: the gate also runs after every iteration, feeding failures forward; the same as `loop.verifyEvery`. */
    verifyEvery: VerifyEvery.optional(),
    /** What each iteration remembers of the ones before: `carry` (default), `summaries` or `fresh`. */
    context: ContextMode.optional(),
  })
  .strict();
export type TemplateFrontMatter = z.infer<typeof TemplateFrontMatter>;

/** One problem found in a template, at a 1-based line and column of the file. */
export const LintFinding = z.object({
  severity: z.enum(['error', 'warning']),
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  message: z.string(),
  code: z.string(),
});
export type LintFinding = z.infer<typeof LintFinding>;

/**
 * The run settings a template itself sets, so the new-run form can say what a run inherits ("25 (from template)"):
 * null or empty where the template leaves a setting to the person's defaults or the engine's rule.
 */
export const TemplateRunSettings = z.object({
  limits: Limits,
  profile: PermissionProfile.nullable(),
  isolation: Isolation.nullable(),
  /** Who takes its runs' turns; null: Autoloop's own agent. Absent from older engines. */
  agent: AgentKind.nullable().optional(),
  intervalMs: z.number().min(0).nullable(),
  network: z.array(z.string()),
  env: z.array(z.string()),
  /** The verify commands as written (`run` of each). */
  verify: z.array(z.string()),
  /** Its `context:`; left out by older engines. */
  context: ContextMode.nullable().optional(),
  /** Its `mcp:` servers by name; left out by older engines. */
  mcp: z.array(z.string()).optional(),
});
export type TemplateRunSettings = z.infer<typeof TemplateRunSettings>;

/** What the API tells about a template, without its program text. */
export const TemplateSummary = z.object({
  name: z.string(),
  description: z.string(),
  source: z.enum(['builtin', 'user']),
  params: z.record(z.string(), TemplateParam),
  model: z.string().nullable(),
  demoModel: z.string().nullable(),
  revision: z.string(),
  /** How many lint errors and warnings the template has; a template with errors cannot be started. */
  errors: z.number().int().min(0).optional(),
  warnings: z.number().int().min(0).optional(),
  /** What its runs inherit from it; left out by older engines. */
  runSettings: TemplateRunSettings.optional(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;

/** A template with its text and lint findings (`templates.get`). */
export const TemplateDetail = z.object({
  summary: TemplateSummary,
  text: z.string(),
  /** The revision whose text this is: the current one unless an older revision was asked for. */
  revision: z.string(),
  findings: z.array(LintFinding),
});
export type TemplateDetail = z.infer<typeof TemplateDetail>;

/** The answer to a change of the user's templates: what is stored now and what lint found in it. */
export const TemplateSaved = z.object({
  summary: TemplateSummary,
  revision: z.string(),
  findings: z.array(LintFinding),
});
export type TemplateSaved = z.infer<typeof TemplateSaved>;

/** One stored text of a template: a saved source, or the filled text a run pinned. */
export const TemplateRevision = z.object({
  revision: z.string(),
  createdAt: z.string(),
  bytes: z.number().int().min(0),
  /** How many runs pinned this exact text (the filled program they ran); 0 for a saved source. */
  runs: z.number().int().min(0),
  /** The template file has this text now. */
  current: z.boolean(),
});
export type TemplateRevision = z.infer<typeof TemplateRevision>;

/** A unified line diff between two revisions of one template. */
export const TemplateDiff = z.object({
  from: z.string(),
  to: z.string(),
  added: z.number().int().min(0),
  removed: z.number().int().min(0),
  /** `---`/`+++` headers and `@@` hunks with 3 lines of context; empty when the texts are equal. */
  diff: z.string(),
});
export type TemplateDiff = z.infer<typeof TemplateDiff>;
