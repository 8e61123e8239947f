import { parseArgs } from 'node:util';
import { describeEvent } from '../../../shared/event-words';
import { GUIDANCE_MAX_CHARS } from '../../../shared/verify';
import { escapeControlCharacters, escapeForOneLine } from '../../../shared/summary-text';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { COMMON_OPTIONS, findRun } from '../command-args';
import { EXIT_OK } from '../exit-code';
import { createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

const USAGE = 'usage: autoloop say <run> "text"   (quote the text, or give it as the remaining words)';

/**
 * `autoloop say <run> <text>`: guidance for a running or paused run. It is stored at once and the agent
 * reads it at the start of its next iteration; a paused run reads it first when resumed. With no server, a
 * paused run's note is stored through the database.
 */
export async function sayCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: COMMON_OPTIONS });
  const [ref, ...words] = positionals;
  const text = words.join(' ').trim();
  if (ref === undefined || text === '') throw new UsageError(USAGE);
  if (text.length > GUIDANCE_MAX_CHARS) {
    throw new UsageError(
      `a note is at most ${GUIDANCE_MAX_CHARS} characters and this one has ${text.length}: shorten it, or write the details ` +
        'into a file in the working folder and tell the agent to read it',
    );
  }
  const output = createOutput({ json: values.json });
  return withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => {
    const run = await findRun(session, ref);
    const event = await session.call('runs.guide', { id: run.id, text });
    if (output.json) output.jsonLine(event);
    else {
      const when = run.status === 'paused' ? 'when it is resumed' : 'at the start of its next iteration';
      output.line(
        `${escapeControlCharacters(describeEvent(event))}\nSent to ${output.paint.bold(escapeForOneLine(run.name))} (${run.id}); the agent reads it ${when}.`,
      );
    }
    return EXIT_OK;
  });
}
