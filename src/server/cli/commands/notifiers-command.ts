import { parseArgs } from 'node:util';
import { NOTIFIER_EVENT_WORDS, type Notifier, NotifierEvent } from '../../../shared/notifiers';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { CliFailure } from '../cli-failure';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_INVALID_INPUT, EXIT_OK } from '../exit-code';
import { formatTable } from '../format-table';
import { type Output, createOutput } from '../terminal-output';
import { UsageError } from '../usage-error';

const ADD_USAGE =
  'autoloop notifiers add <name> (--webhook URL --secret-env VAR | --ntfy TOPIC-URL) [--events approval_requested,budget_pause,run_failed,schedule_watchdog]';

function parseEvents(value: string | undefined): NotifierEvent[] {
  if (value === undefined) return [...NotifierEvent.options];
  const events = value.split(',').map((event) => event.trim());
  const unknown = events.filter((event) => !NotifierEvent.safeParse(event).success);
  if (unknown.length > 0) throw new UsageError(`--events: ${unknown.join(', ')} is not one of ${NotifierEvent.options.join(', ')}`);
  return events as NotifierEvent[];
}

function printNotifiers(notifiers: ReadonlyArray<Notifier>, output: Output): void {
  if (output.json) return notifiers.forEach((notifier) => output.jsonLine(notifier));
  if (notifiers.length === 0) return output.line('No notifiers. `autoloop notifiers add` adds a webhook or an ntfy topic.');
  formatTable(
    notifiers,
    [
      { header: 'NAME', value: (notifier) => notifier.name, paint: output.paint.bold },
      { header: 'KIND', value: (notifier) => notifier.kind },
      { header: 'URL', value: (notifier) => notifier.url },
      { header: 'WHEN', value: (notifier) => notifier.events.map((event) => NOTIFIER_EVENT_WORDS[event]).join('; ') },
    ],
    output.paint.bold,
  ).forEach((line) => output.line(line));
}

/**
 * `autoloop notifiers add|ls|remove` (issue #25): the engine's own notifiers, in its settings. A
 * webhook's secret comes from an environment variable (`--secret-env`), never from an argument a
 * process list shows, and is never printed back.
 */
export async function notifiersCommand(args: string[], paths: AppPaths): Promise<number> {
  const [sub = 'ls', ...rest] = args[0]?.startsWith('-') ? ['ls', ...args] : args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, webhook: { type: 'string' }, ntfy: { type: 'string' }, 'secret-env': { type: 'string' }, events: { type: 'string' } },
  });
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  const current = (notifiers: ReadonlyArray<Notifier>): Notifier[] => notifiers.map(({ secret: _secret, ...notifier }) => notifier);
  switch (sub) {
    case 'ls':
      printNotifiers(await withSession(dataDir, paths, 'read', async (session) => (await session.call('settings.get', {})).notify.notifiers), output);
      return EXIT_OK;
    case 'add': {
      const name = onePositional(positionals, ADD_USAGE);
      if ((values.webhook === undefined) === (values.ntfy === undefined)) throw new UsageError(`usage: ${ADD_USAGE}`);
      let secret: string | undefined;
      if (values.webhook !== undefined) {
        const variable = values['secret-env'];
        secret = variable === undefined ? undefined : process.env[variable];
        if (secret === undefined || secret === '')
          throw new CliFailure(
            `a webhook needs a signing secret: put it in a variable and give --secret-env VAR (${variable ?? 'none given'} is empty)`,
            EXIT_INVALID_INPUT,
          );
      }
      const notifier: Notifier = {
        name,
        kind: values.webhook !== undefined ? 'webhook' : 'ntfy',
        url: values.webhook ?? values.ntfy ?? '',
        events: parseEvents(values.events),
        ...(secret === undefined ? {} : { secret }),
      };
      const saved = await withSession(dataDir, paths, 'read', async (session) => {
        const notifiers = current((await session.call('settings.get', {})).notify.notifiers).filter((candidate) => candidate.name !== name);
        return (await session.call('settings.set', { notify: { notifiers: [...notifiers, notifier] } })).notify.notifiers;
      });
      printNotifiers(saved, output);
      return EXIT_OK;
    }
    case 'remove': {
      const name = onePositional(positionals, 'autoloop notifiers remove <name>');
      const saved = await withSession(dataDir, paths, 'read', async (session) => {
        const notifiers = current((await session.call('settings.get', {})).notify.notifiers);
        if (!notifiers.some((candidate) => candidate.name === name)) throw new CliFailure(`there is no notifier called "${name}"`, EXIT_INVALID_INPUT);
        return (await session.call('settings.set', { notify: { notifiers: notifiers.filter((candidate) => candidate.name !== name) } })).notify.notifiers;
      });
      printNotifiers(saved, output);
      return EXIT_OK;
    }
    default:
      throw new UsageError(`usage: autoloop notifiers add|ls|remove (not "${sub}")`);
  }
}
