import { parseDuration } from '../../shared/duration';
import { isOptInOnly } from '../../shared/sandbox';
import { type LintFinding, TEMPLATE_MAX_BYTES, TEMPLATE_NAME_PATTERN, type TemplateFrontMatter } from '../../shared/templates';
import { didYouMean } from './did-you-mean';
import { type ParsedFrontMatter, type RawFinding, parseFrontMatter } from './front-matter';
import { type Placeholder, type SourcePart, createPositionFinder, findPlaceholders, splitTemplateSource } from './template-source';

/** What lint needs to know besides the text; the engine gathers it. */
export type LintContext = Readonly<{
  /** The name the template has (or will have) in the library: its file's base name. Omitted for loose text. */
  name?: string;
  /** Where the template lives: a user template may not take a built-in's name. */
  source?: 'builtin' | 'user' | 'path';
  builtinNames?: ReadonlySet<string>;
  /** The model providers that are set up (`scripted` always is). */
  providers: ReadonlyArray<string>;
  /** The scripted scripts a `demo:` may name; omitted: not checked. */
  scripts?: ReadonlySet<string>;
  /** The file's size when only its first part was read (a file over the limit is not read whole). */
  bytes?: number;
}>;

/** A template's parts and everything lint found in it, sorted by position. */
export type LintedTemplate = Readonly<{
  frontMatter: TemplateFrontMatter;
  body: string;
  findings: ReadonlyArray<LintFinding>;
  hasErrors: boolean;
}>;

type Check = (input: Readonly<{ fm: ParsedFrontMatter; body: SourcePart; context: LintContext }>) => RawFinding[];

const error = (code: string, message: string, offset: number): RawFinding => ({ severity: 'error', code, message, offset });
const warning = (code: string, message: string, offset: number): RawFinding => ({ severity: 'warning', code, message, offset });

/** Placeholders in the program, in permission rule patterns and in verify commands (the only places they are filled). */
function placeholdersOf(fm: ParsedFrontMatter, body: SourcePart): Placeholder[] {
  const inBody = findPlaceholders(body.text).map((found) => ({ ...found, offset: body.offset + found.offset }));
  const inRules = (fm.frontMatter.permissions?.rules ?? []).flatMap((rule, index) =>
    findPlaceholders(rule.pattern).map((found) => ({ ...found, offset: fm.scalarOffset(['permissions', 'rules', index, 'pattern'], found.offset) ?? 0 })),
  );
  // `verify:` is one command or a list, each a string or `{ run }`: the placeholder is in whichever was written.
  const inVerify = (fm.frontMatter.verify ?? []).flatMap((command, index) =>
    findPlaceholders(command.run).map((found) => ({
      ...found,
      offset: fm.scalarOffset(['verify', index, 'run'], found.offset) ?? fm.scalarOffset(['verify', index], found.offset) ?? fm.scalarOffset(['verify'], found.offset) ?? 0,
    })),
  );
  return [...inBody, ...inRules, ...inVerify];
}

const checkNames: Check = ({ fm, context }) => {
  const findings: RawFinding[] = [];
  const declared = fm.frontMatter.name;
  const at = fm.offsetOf(['name'], 'value') ?? 0;
  if (context.name !== undefined && !TEMPLATE_NAME_PATTERN.test(context.name)) {
    findings.push(error('invalid-name', `"${context.name}" cannot be a template name: use lower-case letters, digits and dashes`, 0));
  }
  if (declared !== undefined && context.name !== undefined && context.source !== 'path' && declared !== context.name) {
    findings.push(error('name-mismatch', `the front-matter names this template "${declared}" but it is stored as "${context.name}"; make them the same`, at));
  }
  const name = context.name ?? declared;
  if (name !== undefined && context.source === 'user' && context.builtinNames?.has(name)) {
    findings.push(error('name-clash', `a built-in template is called "${name}"; a user template cannot take a built-in's name: rename this one`, at));
  }
  return findings;
};

function defaultProblem(param: NonNullable<TemplateFrontMatter['params']>[string]): string | null {
  const value = param.default;
  if (value === undefined) return null;
  if (param.type === 'number' && typeof value !== 'number') return `the default ${JSON.stringify(value)} is not a number`;
  if (param.type === 'boolean' && typeof value !== 'boolean') return `the default ${JSON.stringify(value)} is not true or false`;
  if (param.enum && typeof value !== 'boolean' && !param.enum.includes(value)) return `the default ${JSON.stringify(value)} is not one of ${param.enum.join(', ')}`;
  return null;
}

/** How many findings of one kind lint names one by one; the rest are counted in one more. */
export const MAX_FINDINGS_OF_A_KIND = 50;

const checkParams: Check = ({ fm, body }) => {
  if (!fm.readable) return [];
  const params = fm.frontMatter.params ?? {};
  const names = Object.keys(params);
  const placeholders = placeholdersOf(fm, body);
  const used = new Set(placeholders.map((found) => found.name));
  const unknown = placeholders.filter((found) => !Object.hasOwn(params, found.name));
  // Each named once up to a cap, then counted: a hostile program with thousands of them costs no more to lint.
  const findings = unknown
    .slice(0, MAX_FINDINGS_OF_A_KIND)
    .map((found) => error('unknown-placeholder', `{{${found.name}}} has no param of that name${didYouMean(found.name, names)}; declare it under params:`, found.offset));
  const unknownAfterCap = unknown[MAX_FINDINGS_OF_A_KIND];
  if (unknownAfterCap !== undefined) {
    findings.push(error('unknown-placeholder', `${unknown.length - MAX_FINDINGS_OF_A_KIND} more placeholders have no param of their name`, unknownAfterCap.offset));
  }
  for (const [name, param] of Object.entries(params)) {
    const at = fm.offsetOf(['params', name], 'key') ?? 0;
    if (param.required && param.default === undefined) {
      findings.push(warning('required-param-without-default', `the param "${name}" is required and has no default: every run must give it`, at));
    }
    const problem = defaultProblem(param);
    if (problem !== null) findings.push(error('invalid-default', `params.${name}: ${problem}`, fm.offsetOf(['params', name, 'default'], 'value') ?? at));
    if (!used.has(name)) findings.push(warning('unused-param', `the param "${name}" is never used: the program has no {{${name}}}`, at));
  }
  let malformed = 0;
  for (const match of body.text.matchAll(/\{\{([^{}\n]*)\}\}/g)) {
    if (/^\s*[A-Za-z_][\w-]*\s*$/.test(match[1] ?? '')) continue;
    malformed += 1;
    if (malformed <= MAX_FINDINGS_OF_A_KIND) {
      findings.push(warning('malformed-placeholder', `${match[0]} is not a placeholder (a param name is letters, digits, _ and -); it stays as written`, body.offset + match.index));
    } else if (malformed === MAX_FINDINGS_OF_A_KIND + 1) {
      findings.push(warning('malformed-placeholder', 'more text like {{…}} below is not a placeholder either; it stays as written', body.offset + match.index));
    }
  }
  return findings;
};

const checkProgram: Check = ({ body }) => {
  if (body.text.trim() !== '') return [];
  return [error('empty-program', 'the program is empty: write the instructions the agent follows below the front-matter', body.offset)];
};

const checkModel: Check = ({ fm, context }) => {
  const { model, demo } = fm.frontMatter;
  const findings: RawFinding[] = [];
  if (model !== undefined) {
    const at = fm.offsetOf(['model'], 'value') ?? 0;
    const slash = model.indexOf('/');
    const provider = model.slice(0, slash);
    if (slash <= 0 || slash === model.length - 1) findings.push(error('invalid-model', `"${model}" is not a model id: write provider/model, e.g. anthropic/claude-sonnet-4-5`, at));
    else if (!context.providers.includes(provider)) {
      findings.push(warning('unknown-provider', `the provider "${provider}" is not set up (set up: ${context.providers.join(', ')}): set it up in settings, or start runs with another ` +
        `model`, at));
    }
  }
  const isPath = demo !== undefined && (demo.includes('/') || demo.endsWith('.json'));
  if (demo !== undefined && !isPath && context.scripts && !context.scripts.has(demo)) {
    findings.push(warning('unknown-demo', `there is no scripted script called "${demo}"${didYouMean(demo, [...context.scripts])}; a dry run would fail`, fm.offsetOf(['demo'], 'value') ?? 0));
  }
  return findings;
};

const checkInterval: Check = ({ fm }) => {
  const { interval, loop } = fm.frontMatter;
  const at = fm.offsetOf(['interval'], 'value') ?? 0;
  const findings: RawFinding[] = [];
  const ms = typeof interval === 'string' ? parseDuration(interval) : interval;
  if (interval !== undefined && (ms === null || ms === undefined || ms < 0)) {
    findings.push(error('invalid-interval', `interval "${interval}" is not a duration: write e.g. 2s, 5m or 1h30m`, at));
  }
  if (interval !== undefined && loop?.intervalMs !== undefined) {
    findings.push(warning('duplicate-interval', 'both interval and loop.intervalMs are set; interval wins', fm.offsetOf(['loop', 'intervalMs'], 'key') ?? at));
  }
  return findings;
};

const checkEnv: Check = ({ fm }) =>
  (fm.frontMatter.env ?? []).flatMap((name, index) =>
    isOptInOnly(name)
      ? [warning('env-opt-in-only', `${name} reaches tools only when the person starting the run passes it (--pass-env ${name}); a template cannot`, fm.offsetOf(['env', index], 'value') ?? 0)]
      : [],
  );

const CHECKS: ReadonlyArray<Check> = [checkNames, checkParams, checkProgram, checkModel, checkInterval, checkEnv];

/** A YAML problem's message names its line ("YAML, line 4: …"), so it points at the line that is wrong wherever it is read. */
function withYamlLine(message: string, line: number): string {
  return message.startsWith('YAML: ') ? `YAML, line ${line}: ${message.slice('YAML: '.length)}` : message;
}

/** Every problem in a template, with its line and column (DESIGN §10); pure. */
export function lintTemplate(text: string, context: LintContext): LintedTemplate {
  // The size is checked before anything is parsed: lint's work stays bounded whatever it is given.
  const bytes = Math.max(context.bytes ?? 0, Buffer.byteLength(text, 'utf8'));
  if (bytes > TEMPLATE_MAX_BYTES) {
    const finding: LintFinding = {
      severity: 'error',
      line: 1,
      column: 1,
      code: 'file-too-large',
      message: `the template is ${Math.ceil(bytes / 1024)} KiB; the most is ${TEMPLATE_MAX_BYTES / 1024} KiB`,
    };
    return { frontMatter: {}, body: '', findings: [finding], hasErrors: true };
  }
  const source = splitTemplateSource(text);
  const fm = parseFrontMatter(source.yaml);
  const raw: RawFinding[] = [...fm.findings, ...CHECKS.flatMap((check) => check({ fm, body: source.body, context }))];
  if (source.unclosed) raw.push(error('unclosed-front-matter', 'the front-matter opened by --- on line 1 is never closed: add a line with --- after it', 0));
  const positionAt = createPositionFinder(text);
  const findings = raw
    .map(({ offset, ...rest }) => ({ ...positionAt(offset), ...rest }))
    .map(({ severity, line, column, message, code }) => ({ severity, line, column, message: withYamlLine(message, line), code }))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code));
  return { frontMatter: fm.frontMatter, body: source.body.text, findings, hasErrors: findings.some((finding) => finding.severity === 'error') };
}

/** The findings as lines a person reads: `line:column severity message [code]`. */
export function formatFindings(findings: ReadonlyArray<LintFinding>, file = ''): string {
  return findings.map((finding) => `${file ? `${file}:` : ''}${finding.line}:${finding.column} ${finding.severity} ${finding.message} [${finding.code}]`).join('\n');
}
