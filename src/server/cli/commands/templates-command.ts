import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { messageOf } from '../../../shared/errors';
import type { TemplateSummary } from '../../../shared/templates';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { CliFailure } from '../cli-failure';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';
import { formatFinding } from './format-finding';

export { formatFinding };
import { exportTemplate, importTemplate, newTemplate } from './template-file-commands';

function parse(args: string[]) {
  return parseArgs({ args, allowPositionals: true, options: COMMON_OPTIONS });
}

/** A template's lint counts in a table cell: "2 errors", "1 warning", or nothing. Pure. */
export function describeProblems(summary: Pick<TemplateSummary, 'errors' | 'warnings'>): string {
  const count = (n: number | undefined, word: string): string | null => (n ? `${n} ${word}${n === 1 ? '' : 's'}` : null);
  return [count(summary.errors, 'error'), count(summary.warnings, 'warning')].filter((part) => part !== null).join(', ');
}

/** `autoloop templates [ls]`: the built-in and user templates with their parameters and problems. */
async function listTemplates(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parse(args);
  if (positionals.length > 0) throw new UsageError('usage: autoloop templates ls [--json]');
  const output = createOutput({ json: values.json });
  const templates = await withSession(resolveDataDir(values['data-dir']), paths, 'read', (session) => session.call('templates.list', {}));
  if (output.json) {
    templates.forEach((template) => output.jsonLine(template));
    return EXIT_OK;
  }
  formatTable(
    templates,
    [
      { header: 'NAME', value: (template) => template.name, paint: output.paint.bold },
      { header: 'SOURCE', value: (template) => template.source },
      { header: 'PARAMS', value: (template) => Object.keys(template.params).join(', ') || '—', maxWidth: 30 },
      { header: 'PROBLEMS', value: describeProblems, paint: (text, template) => (template.errors ? output.paint.red(text) : output.paint.yellow(text)) },
      { header: 'DESCRIPTION', value: (template) => template.description, maxWidth: Math.max(30, output.columns - 80) },
    ],
    output.paint.bold,
  ).forEach((line) => output.line(line));
  return EXIT_OK;
}

function printSummary(summary: TemplateSummary, output: Output): void {
  const { paint } = output;
  output.line(`${paint.bold(summary.name)}  ${summary.source}  revision ${summary.revision.slice(0, 12)}`);
  if (summary.description) output.line(summary.description);
  output.line(`Model: ${summary.model ?? 'none (give --model)'}${summary.demoModel ? `; dry run with ${summary.demoModel}` : ''}`);
  for (const [name, param] of Object.entries(summary.params)) {
    const fallback = param.default === undefined ? (param.required ? 'required' : 'optional') : `default ${JSON.stringify(param.default)}`;
    output.line(`  --param ${name}=<${param.type}>  ${paint.dim(`${fallback}${param.description ? ` — ${param.description}` : ''}`)}`);
  }
}

/** `autoloop templates show <name> [--json]`: a template's summary, findings and text. */
async function showTemplate(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parse(args);
  const name = onePositional(positionals, 'autoloop templates show <name> [--json]');
  const output = createOutput({ json: values.json });
  const detail = await withSession(resolveDataDir(values['data-dir']), paths, 'read', (session) => session.call('templates.get', { name }));
  if (output.json) {
    output.jsonLine(detail);
    return EXIT_OK;
  }
  printSummary(detail.summary, output);
  detail.findings.forEach((finding) => output.line(formatFinding(name, finding, output.paint)));
  output.line();
  output.write(detail.text.endsWith('\n') ? detail.text : `${detail.text}\n`);
  return EXIT_OK;
}

function readTemplateFile(file: string): string {
  try {
    if (!statSync(file).isFile()) throw new Error('it is not a file');
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliFailure(`Cannot lint ${file}: ${messageOf(error)}`, EXIT_INVALID_INPUT);
  }
}

/** `autoloop templates lint <name|FILE> [--json]`: its problems; exits 1 when any is an error. */
async function lintTemplate(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parse(args);
  const target = onePositional(positionals, 'autoloop templates lint <name|FILE> [--json]');
  const isFile = target.includes('/') || target.endsWith('.md') || existsSync(target);
  const output = createOutput({ json: values.json });
  const where = isFile ? target : `${target} (template)`;
  const findings = await withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) =>
    isFile
      ? (await session.call('templates.lint', { text: readTemplateFile(resolve(target)) })).findings
      : (await session.call('templates.get', { name: target })).findings,
  );
  if (output.json) findings.forEach((finding) => output.jsonLine(finding));
  else if (findings.length === 0) output.line(`${where}: no problems found`);
  else findings.forEach((finding) => output.line(formatFinding(where, finding, output.paint)));
  return findings.some((finding) => finding.severity === 'error') ? EXIT_FAILURE : EXIT_OK;
}

/** `autoloop templates [ls|show|lint|new|import|export]` (DESIGN §11). */
export function templatesCommand(args: string[], paths: AppPaths): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub.startsWith('-')) return listTemplates(args, paths);
  switch (sub) {
    case 'ls':
      return listTemplates(rest, paths);
    case 'show':
      return showTemplate(rest, paths);
    case 'lint':
      return lintTemplate(rest, paths);
    case 'new':
      return newTemplate(rest, paths);
    case 'import':
      return importTemplate(rest, paths);
    case 'export':
      return exportTemplate(rest, paths);
    default:
      throw new UsageError(`Unknown templates command "${sub}"; use ls, show, lint, new, import or export`);
  }
}
