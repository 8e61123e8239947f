import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { escapeForOneLine } from '../../../shared/summary-text';
import { messageOf } from '../../../shared/errors';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { MAX_FRAME_BYTES } from '../../../core/serving/api-websocket';
import { withSession } from '../api-session';
import { CliFailure } from '../cli-failure';
import { COMMON_OPTIONS, findRun, onePositional } from '../command-args';
import { EXIT_INVALID_INPUT, EXIT_OK } from '../exit-code';
import { createOutput } from '../terminal-output';

/** `autoloop export <run> [-o FILE]`: the run as one bundle file (stdout without -o). */
export async function exportCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { ...COMMON_OPTIONS, output: { type: 'string', short: 'o' } } });
  const ref = onePositional(positionals, 'autoloop export <run> [-o FILE]');
  const output = createOutput({ json: values.json });
  const bundle = await withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) =>
    session.call('runs.export', { id: (await findRun(session, ref)).id }),
  );
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (values.output === undefined) {
    output.write(text);
    return EXIT_OK;
  }
  const file = resolve(values.output);
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new CliFailure(`Could not write ${file}: ${messageOf(error)}`, EXIT_INVALID_INPUT);
  }
  if (output.json) output.jsonLine({ file, run: bundle.run });
  else
    output.line(
      `Exported ${escapeForOneLine(bundle.run.name)} (${bundle.run.id}) to ${file}: ${bundle.iterations.length} iteration${bundle.iterations.length === 1 ? '' : 's'}, ${bundle.events.length} events`,
    );
  return EXIT_OK;
}

function readBundleFile(file: string): unknown {
  let text: string;
  try {
    if (statSync(file).size > MAX_FRAME_BYTES) throw new Error(`it is larger than the ${MAX_FRAME_BYTES / 1024 / 1024} MiB an import may be`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder, not a bundle file' : messageOf(error);
    throw new CliFailure(`Cannot import ${file}: ${why}`, EXIT_INVALID_INPUT);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliFailure(
      `Cannot import ${file}: it is not JSON (${messageOf(error)}); export a run bundle with \`autoloop export <run> -o FILE\``,
      EXIT_INVALID_INPUT,
    );
  }
}

/** `autoloop import <FILE>`: adds an exported run (paused or ended as it was; a taken id gets a new one). */
export async function importCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON_OPTIONS });
  const file = resolve(onePositional(positionals, 'autoloop import <FILE>'));
  const bundle = readBundleFile(file);
  const output = createOutput({ json: values.json });
  const imported = await withSession(resolveDataDir(values['data-dir']), paths, 'read', (session) => session.call('runs.import', { bundle }));
  if (output.json) {
    output.jsonLine(imported);
    return EXIT_OK;
  }
  const { run, renamedFrom } = imported;
  output.line(`Imported ${escapeForOneLine(run.name)} as ${run.id} (${run.status}, ${run.iterations} iteration${run.iterations === 1 ? '' : 's'})`);
  if (renamedFrom) output.line(output.paint.dim(`The id ${renamedFrom} is taken here, so the run got a new one.`));
  return EXIT_OK;
}
