import { messageOf } from '../../shared/errors';
import { DamagedDatabaseError, NewerSchemaError } from '../../core/store/database-errors';
import { DataFolderInUseError } from '../../core/data-folder/engine-lock';
import { ApiCallError } from '../../shared/api-call-error';
import { type AppPaths, findAppPaths } from '../app-paths';
import { CliFailure } from './cli-failure';
import { approvalsCommand, approveCommand, denyCommand } from './commands/approval-commands';
import { exportCommand, importCommand } from './commands/bundle-commands';
import { listRunsCommand } from './commands/list-runs-command';
import { logsCommand } from './commands/logs-command';
import { dequeueCommand, pauseCommand, resumeCommand, startNowCommand, stopCommand } from './commands/run-control-commands';
import { scheduleCommand } from './commands/schedule-command';
import { sayCommand } from './commands/say-command';
import { showRunCommand } from './commands/show-run-command';
import { templatesCommand } from './commands/templates-command';
import { providersCommand } from './commands/providers-command';
import { tokensCommand } from './commands/tokens-command';
import { enginesCommand } from './commands/engines-command';
import { notifiersCommand } from './commands/notifiers-command';
import { takeEngineFlags } from './remote-engine';
import { agentsCommand } from './commands/agents-command';
import { mcpCommand } from './commands/mcp-command';
import { diffCommand, discardCommand, mergeCommand } from './commands/worktree-commands';
import { EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK, exitCodeForApiError } from './exit-code';
import { runCommand } from './run-command';
import { serveCommand } from './serve-command';
import { USAGE } from './usage';
import { UsageError } from './usage-error';

type Command = (args: string[], paths: AppPaths) => Promise<number>;

const COMMANDS: Readonly<Record<string, Command>> = {
  serve: serveCommand,
  run: runCommand,
  ls: listRunsCommand,
  show: showRunCommand,
  logs: logsCommand,
  stop: stopCommand,
  pause: pauseCommand,
  resume: resumeCommand,
  say: sayCommand,
  approvals: approvalsCommand,
  approve: approveCommand,
  deny: denyCommand,
  export: exportCommand,
  import: importCommand,
  templates: templatesCommand,
  providers: providersCommand,
  tokens: tokensCommand,
  engines: enginesCommand,
  notifiers: notifiersCommand,
  agents: agentsCommand,
  mcp: mcpCommand,
  diff: diffCommand,
  merge: mergeCommand,
  discard: discardCommand,
  schedule: scheduleCommand,
  'start-now': startNowCommand,
  dequeue: dequeueCommand,
};

/** The exit code for what a command threw, after saying in one line what to do. */
function reportFailure(error: unknown): number {
  const say = (message: string): void => void process.stderr.write(`autoloop: ${message}\n`);
  if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    say(`${messageOf(error)} (autoloop help shows every command)`);
    return EXIT_INVALID_INPUT;
  }
  if (error instanceof CliFailure) {
    say(error.message);
    return error.exitCode;
  }
  if (error instanceof ApiCallError) {
    say(error.message);
    return exitCodeForApiError(error.code);
  }
  if (error instanceof DataFolderInUseError) {
    say(`${error.message}: quit it first, or use another --data-dir`);
    return EXIT_FAILURE;
  }
  if (error instanceof DamagedDatabaseError || error instanceof NewerSchemaError) {
    say(error.message);
    return EXIT_INVALID_INPUT;
  }
  say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT_FAILURE;
}

/**
 * `autoloop --data-dir DIR ls` as well as `autoloop ls --data-dir DIR`: a `--data-dir` given before the command is moved behind
 * the command's own arguments, where every command reads it (like `--engine`, it belongs to no one command).
 */
function dataDirAfterCommand(argv: ReadonlyArray<string>): string[] {
  const leading: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const arg = argv[index] ?? '';
    if (arg.startsWith('--data-dir=')) {
      leading.push(arg);
      index += 1;
    } else if (arg === '--data-dir') {
      leading.push(...argv.slice(index, index + 2));
      index += 2;
    } else break;
  }
  if (leading.length === 0 || index >= argv.length) return [...argv];
  return [...argv.slice(index), ...leading];
}

/** The `autoloop` command line (DESIGN §11). */
async function main(argv: string[]): Promise<number> {
  // `--engine NAME|URL` and `--ca FILE` work on every command: taken off here, used where a session opens.
  const [name, ...rest] = dataDirAfterCommand(takeEngineFlags(argv));
  if (name === undefined || name === 'help' || name === '--help' || name === '-h' || rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${findAppPaths().version}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`Unknown command "${name}"`);
  return command(rest, findAppPaths());
}

/** How long the process may linger after its command is done (open handles of a library) before it is ended. */
const EXIT_GRACE_MS = 2_000;

function finish(code: number): void {
  process.exitCode = code;
  // Normally nothing is left and Node exits now; this unref'd timer only fires if something lingers.
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}

// `autoloop ls | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
  throw error;
});

main(process.argv.slice(2)).then(finish, (error: unknown) => finish(reportFailure(error)));
