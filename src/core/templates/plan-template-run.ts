import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDuration } from '../../shared/duration';
import { messageOf } from '../../shared/errors';
import type { Limits, LoopOverrides, PermissionOverrides } from '../../shared/records';
import type { LintFinding, TemplateFrontMatter } from '../../shared/templates';
import { VERIFY_MAX_COMMAND_CHARS, type VerifyCommand, defaultVerifyName } from '../../shared/verify';
import { ApiFailure } from '../api-failure';
import { formatFindings } from './lint-template';
import { type ParamValue, resolveParams } from '../../shared/resolve-params';
import type { TemplateCatalog } from './template-catalog';
import { type LoadedTemplate, isTemplatePath } from './template-library';
import { fillPlaceholders, findPlaceholders } from './template-source';

/** Everything a run takes from its template, checked and filled. */
export type TemplateRunPlan = Readonly<{
  template: LoadedTemplate;
  frontMatter: TemplateFrontMatter;
  /** The program with its placeholders filled: the text the run pins as its revision. */
  text: string;
  values: Record<string, ParamValue>;
  /** The template's model, else its scripted demo; undefined when it names neither. */
  model: string | undefined;
  loop: LoopOverrides;
  limits: Limits;
  permissions: PermissionOverrides;
  findings: ReadonlyArray<LintFinding>;
}>;

async function loadTemplate(catalog: TemplateCatalog, reference: string, cwd: string): Promise<LoadedTemplate> {
  const { library } = catalog;
  if (isTemplatePath(reference)) {
    try {
      return await library.readPath(reference, cwd);
    } catch (error) {
      throw new ApiFailure('not_found', `Cannot read the template file ${reference}: ${messageOf(error)}`, { field: 'template' }, { cause: error });
    }
  }
  const template = await library.get(reference);
  if (template) return template;
  // A bare name never picks up a file from the current directory (DESIGN §10); say how to run one.
  const local = existsSync(join(cwd, `${reference}.md`)) ? `; to run the file ./${reference}.md, give it as a path` : '';
  throw new ApiFailure('not_found', `There is no template called "${reference}" in ${library.folders.join(' or ')}${local}`, { field: 'template' });
}

/** Permission rule patterns with their `{{param}}` placeholders filled; a value may not widen a rule with `*` or `?`. */
function fillRules(permissions: PermissionOverrides | undefined, values: Readonly<Record<string, ParamValue>>): PermissionOverrides {
  if (!permissions?.rules) return permissions ?? {};
  const rules = permissions.rules.map((rule) => {
    for (const { name } of findPlaceholders(rule.pattern)) {
      if (/[*?]/.test(String(values[name] ?? ''))) {
        throw new ApiFailure('invalid_input', `The param "${name}" is part of a permission rule (${rule.tool}: ${rule.pattern}), so its value may not contain * or ?`, {
          params: { [name]: 'may not contain * or ?' },
        });
      }
    }
    return { ...rule, pattern: fillPlaceholders(rule.pattern, values) };
  });
  return { ...permissions, rules };
}

/**
 * Verify commands with their `{{param}}` placeholders filled (`verify: "{{check}}"` takes the gate from a param); a
 * command that is empty once filled is left out, so an empty param means no gate. A name that was the command follows it.
 */
function fillVerify(verify: ReadonlyArray<VerifyCommand>, values: Readonly<Record<string, ParamValue>>): VerifyCommand[] {
  return verify
    .map((command) => {
      const run = fillPlaceholders(command.run, values).trim();
      if (run.length > VERIFY_MAX_COMMAND_CHARS) {
        const names = findPlaceholders(command.run).map(({ name }) => name);
        throw new ApiFailure('invalid_input', `A verify command filled from ${names.map((name) => `"${name}"`).join(', ')} is longer than ${VERIFY_MAX_COMMAND_CHARS} characters`, {
          params: Object.fromEntries(names.map((name) => [name, `at most ${VERIFY_MAX_COMMAND_CHARS} characters as a verify command`])),
        });
      }
      return { ...command, run, name: command.name === defaultVerifyName(command.run) ? defaultVerifyName(run) : command.name };
    })
    .filter((command) => command.run !== '');
}

function loopOf(frontMatter: TemplateFrontMatter, values: Readonly<Record<string, ParamValue>>): LoopOverrides {
  const { interval } = frontMatter;
  const intervalMs = typeof interval === 'string' ? parseDuration(interval) : interval;
  return {
    ...frontMatter.loop,
    ...(intervalMs === undefined || intervalMs === null ? {} : { intervalMs: Math.round(intervalMs) }),
    // The top-level keys (DESIGN §13) win over `loop:`'s, as `interval` does.
    ...(frontMatter.maxVerifyFailures === undefined ? {} : { maxVerifyFailures: frontMatter.maxVerifyFailures }),
    ...(frontMatter.verifyEvery === undefined ? {} : { verifyEvery: frontMatter.verifyEvery }),
    ...(frontMatter.verify ? { verify: fillVerify(frontMatter.verify, values) } : {}),
  };
}

/**
 * Loads a template for `runs.start` (by name from the library, or from an explicit path), refuses it when lint finds
 * errors, checks the params and fills the placeholders. Every refusal is an ApiFailure a person can act on.
 */
export async function planTemplateRun(
  catalog: TemplateCatalog,
  reference: string,
  given: Readonly<Record<string, ParamValue>>,
  cwd: string = process.cwd(),
): Promise<TemplateRunPlan> {
  const template = await loadTemplate(catalog, reference, cwd);
  const { linted } = await catalog.describe(template);
  if (linted.hasErrors) {
    const errors = linted.findings.filter((finding) => finding.severity === 'error');
    const label = template.source === 'path' ? template.file : `"${template.name}"`;
    throw new ApiFailure(
      'invalid_input',
      `The template ${label} has ${errors.length === 1 ? 'an error' : `${errors.length} errors`}; fix ${errors.length === 1 ? 'it' : 'them'} first:\n${formatFindings(errors)}`,
      { findings: linted.findings },
    );
  }
  const { frontMatter } = linted;
  const resolved = resolveParams(frontMatter.params ?? {}, given);
  if (!resolved.ok) {
    throw new ApiFailure('invalid_input', `Check the parameters: ${Object.values(resolved.errors).join('; ')}`, { params: resolved.errors });
  }
  return {
    template,
    frontMatter,
    text: fillPlaceholders(linted.body, resolved.values),
    values: resolved.values,
    model: frontMatter.model ?? (frontMatter.demo ? `scripted/${frontMatter.demo}` : undefined),
    loop: loopOf(frontMatter, resolved.values),
    limits: frontMatter.limits ?? {},
    permissions: fillRules(frontMatter.permissions, resolved.values),
    findings: linted.findings,
  };
}
