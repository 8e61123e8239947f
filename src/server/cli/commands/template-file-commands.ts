import { readFileSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { messageOf } from '../../../shared/errors';
import { TEMPLATE_NAME_PATTERN, type TemplateSaved } from '../../../shared/templates';
import { escapeForOneLine } from '../../../shared/summary-text';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { chosenEngineLabel } from '../remote-engine';
import { CliFailure } from '../cli-failure';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_INVALID_INPUT, EXIT_OK } from '../exit-code';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';
import { formatFinding } from './format-finding';

/** The program a new template starts with: front-matter to fill in and the shape of a good program. */
export function newTemplateText(name: string): string {
  return `---
name: ${name}
description: What this program does, in one sentence.
params:
  goal: { type: string, required: true, description: "what to achieve" }
model: anthropic/claude-sonnet-4-5
interval: 2s
limits: { maxIterations: 30, maxCostUsd: 2 }
permissions: { profile: workspace-write }
---
# ${name}

You work towards this goal, one step per iteration: {{goal}}

1. Read \`PROGRESS.md\` in the working folder, if it exists, to see what is done.
2. Do the next small step, and check it worked.
3. Append what you did to \`PROGRESS.md\`, then call \`report\` with a one-sentence summary.
4. When the goal is reached, call \`complete\` with the reason instead.
`;
}

function printSaved(saved: TemplateSaved, where: string, output: Output): void {
  if (output.json) return output.jsonLine(saved);
  output.line(`${saved.summary.name}: saved as revision ${saved.revision.slice(0, 12)} in ${where}`);
  saved.findings.forEach((finding) => output.line(formatFinding(saved.summary.name, finding, output.paint)));
}

/** Refuses a name no template can have, in words, before the engine is asked. */
function requireTemplateName(name: string): void {
  if (!TEMPLATE_NAME_PATTERN.test(name)) {
    throw new UsageError(
      `"${escapeForOneLine(name)}" cannot be a template name: use 1–64 lower-case letters, digits and dashes, starting with a letter or digit`,
    );
  }
}

/** Where a saved template is: a file of this data folder, or the templates of the engine `--engine` names (not a path here). */
function savedWhere(dataDir: string, name: string): string {
  const engine = chosenEngineLabel();
  return engine === null ? resolve(dataDir, 'templates', `${name}.md`) : `the templates of the engine ${engine}`;
}

/** `autoloop templates new <name> [--from TEMPLATE]`: a user template to edit, from a skeleton or a copy. */
export async function newTemplate(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS, from: { type: 'string' } } });
  const name = onePositional(positionals, 'autoloop templates new <name> [--from TEMPLATE]');
  requireTemplateName(name);
  const dataDir = resolveDataDir(values['data-dir']);
  const output = createOutput({ json: values.json });
  const saved = await withSession(dataDir, paths, 'read', (session) =>
    values.from
      ? session.call('templates.duplicate', { name: values.from, newName: name })
      : session.call('templates.save', { name, text: newTemplateText(name) }),
  );
  printSaved(saved, savedWhere(dataDir, name), output);
  return EXIT_OK;
}

/** `autoloop templates import <FILE> [--name NAME]`: a single .md file into the user's templates. */
export async function importTemplate(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS, name: { type: 'string' } } });
  const file = resolve(onePositional(positionals, 'autoloop templates import <FILE> [--name NAME]'));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliFailure(`Cannot read ${file}: ${messageOf(error)}`, EXIT_INVALID_INPUT);
  }
  if (values.name !== undefined) requireTemplateName(values.name);
  const dataDir = resolveDataDir(values['data-dir']);
  const output = createOutput({ json: values.json });
  const saved = await withSession(dataDir, paths, 'read', (session) =>
    session.call('templates.import', { text, ...(values.name ? { name: values.name } : {}) }),
  );
  printSaved(saved, savedWhere(dataDir, saved.summary.name), output);
  return EXIT_OK;
}

/** `autoloop templates export <name> [-o FILE]`: a template as one .md file (stdout without -o). */
export async function exportTemplate(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS, output: { type: 'string', short: 'o' } } });
  const name = onePositional(positionals, 'autoloop templates export <name> [-o FILE]');
  const exported = await withSession(resolveDataDir(values['data-dir']), paths, 'read', (session) => session.call('templates.export', { name }));
  if (!values.output) {
    process.stdout.write(exported.text);
    return EXIT_OK;
  }
  const file = resolve(values.output);
  writeFileSync(file, exported.text);
  createOutput({ json: values.json }).line(`${name}: written to ${file} (${basename(file)})`);
  return EXIT_OK;
}
