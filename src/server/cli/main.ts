import { parseArgs } from 'node:util';
import { messageOf } from '../../shared/errors';
import { findAppPaths, resolveDataDir } from '../app-paths';
import { runCommand } from './run-command';
import { serveCommand } from './serve-command';
import { EXIT_INVALID_INPUT } from './exit-code';
import { UsageError } from './usage-error';

const USAGE = `Usage:
  autoloop serve [--host 127.0.0.1] [--port 4317] [--data-dir DIR] [--open] [--move-damaged-db]
  autoloop run <template> [--name N] [--param k=v ...] [--workdir DIR] [--model provider/id]
               [--interval DUR] [--max-iterations N] [--max-duration DUR] [--json] [--data-dir DIR]
`;

/** The `autoloop` command line (DESIGN §11). */
async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const paths = findAppPaths();
  switch (command) {
    case 'serve': {
      const { values } = parseArgs({
        args: rest,
        options: {
          host: { type: 'string', default: '127.0.0.1' },
          port: { type: 'string', default: '4317' },
          'data-dir': { type: 'string' },
          open: { type: 'boolean', default: false },
          'move-damaged-db': { type: 'boolean', default: false },
        },
      });
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new UsageError(`--port must be a port number, not "${values.port}"`);
      await serveCommand(
        { host: values.host, port, dataDir: resolveDataDir(values['data-dir']), open: values.open, moveDamagedDatabase: values['move-damaged-db'] },
        paths,
      );
      return;
    }
    case 'run':
      process.exitCode = await runCommand(rest, paths);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`autoloop: ${messageOf(error)}\n`);
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) process.stderr.write(USAGE);
  process.exit(EXIT_INVALID_INPUT);
});
