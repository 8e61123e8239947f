import { splitShellLine } from './shell-words';

/** Whether `bash` may run a command, and if not, a reason the model can read. */
export type CommandDecision = Readonly<{ allowed: true } | { allowed: false; reason: string }>;

/** The longest command the bash tool takes and this guard checks: longer ones are refused before any parsing. */
export const BASH_MAX_COMMAND_CHARS = 32 * 1024;

/** How deep `bash -c "…"`, `eval` and `$(…)` are followed. */
const MAX_NESTING = 4;

/** Words that may come before the real command: keywords, and the options each wrapper takes with a separate argument. */
const SKIPPED_WORDS = new Set(['{', '}', '!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', 'coproc']);
const WRAPPER_OPTIONS: Readonly<Record<string, ReadonlyArray<string>>> = {
  sudo: ['-u', '-g', '-h', '-p', '-C', '-r', '-t', '-U', '-D', '-R', '-T'],
  doas: ['-u', '-C'],
  env: ['-u', '-C', '-S'],
  nice: ['-n'],
  ionice: ['-c', '-n', '-p'],
  xargs: ['-I', '-n', '-P', '-d', '-L', '-s', '-E', '-a'],
  timeout: ['-s', '-k'],
  stdbuf: ['-i', '-o', '-e'],
  exec: ['-a'],
  nohup: [],
  command: [],
  builtin: [],
  time: [],
  busybox: [],
  setsid: [],
  unbuffer: [],
};
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'mksh', 'fish']);
const INTERPRETERS = new Set(['python', 'python3', 'python2', 'node', 'perl', 'ruby', 'php']);
const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);
const POWER_COMMANDS = new Set(['shutdown', 'reboot', 'halt', 'poweroff']);
const BLOCK_DEVICE = /^\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|dm-|md|mapper\/)/;

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** The command's words without leading keywords, variable assignments and wrappers such as `sudo -u root` or `timeout 5`. */
export function unwrapCommand(words: ReadonlyArray<string>): ReadonlyArray<string> {
  let index = 0;
  while (index < words.length) {
    const word = words[index] ?? '';
    if (SKIPPED_WORDS.has(word) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) {
      index += 1;
      continue;
    }
    const name = basename(word);
    const options = WRAPPER_OPTIONS[name];
    if (options === undefined) break;
    for (index += 1; index < words.length && (words[index] ?? '').startsWith('-'); index += 1) {
      if (options.includes(words[index] ?? '')) index += 1;
    }
    if (name === 'timeout') index += 1; // its duration
  }
  return words.slice(index);
}

/** Options (before `--`) and operands of a command's arguments; options may come after operands, as GNU tools allow. */
function splitOptions(args: ReadonlyArray<string>): { options: string[]; operands: string[] } {
  const end = args.indexOf('--');
  const before = end === -1 ? args : args.slice(0, end);
  const options = before.filter((arg) => arg.startsWith('-') && arg.length > 1);
  const operands = [...before.filter((arg) => !(arg.startsWith('-') && arg.length > 1)), ...(end === -1 ? [] : args.slice(end + 1))];
  return { options, operands };
}

function hasFlag(options: ReadonlyArray<string>, letters: RegExp, long: string): boolean {
  return options.some((option) => option === long || (!option.startsWith('--') && letters.test(option.slice(1))));
}

/** What a path operand would destroy if deleted recursively, or null when it is not one of the protected places. */
export function protectedTarget(operand: string): string | null {
  if (operand === '') return null;
  const path = operand
    .replace(/^\$\{?HOME\}?(?=\/|$)/, '~')
    .replace(/\/{2,}/g, '/')
    .replace(/(?:\/\.)+$/, '')
    .replace(/\/\*$/, '')
    .replace(/(.)\/$/, '$1');
  if (path === '/' || path === '') return 'the whole file system';
  if (/^~[A-Za-z0-9_-]*$/.test(path)) return 'the home folder';
  if (/^\/[^/]+$/.test(path)) return `the top-level folder ${path}`;
  return null;
}

function recursiveOnProtected(name: string, args: ReadonlyArray<string>, letters: RegExp, verb: string): string | null {
  const { options, operands } = splitOptions(args);
  if (!hasFlag(options, letters, '--recursive')) return null;
  const target = operands.find((operand) => protectedTarget(operand) !== null);
  return target === undefined ? null : `recursive \`${name}\` of ${target} would ${verb} ${protectedTarget(target)}`;
}

/** The command string a shell, `su` or `eval` would run, when it has one. */
export function innerCommand(name: string, args: ReadonlyArray<string>): string | null {
  if (name === 'eval') return args.join(' ');
  const { options, operands } = splitOptions(args);
  if (SHELLS.has(name) && options.some((option) => /^-[a-zA-Z]*c/.test(option))) return operands[0] ?? null;
  if (name === 'su') {
    const long = args.find((arg) => arg.startsWith('--command='));
    if (long !== undefined) return long.slice('--command='.length);
    const at = args.findIndex((arg) => arg === '-c' || arg === '--command');
    return at === -1 ? null : (args[at + 1] ?? null);
  }
  return null;
}

/** Why one unwrapped simple command is destructive, or null. */
function destructiveReason(argv: ReadonlyArray<string>): string | null {
  const name = basename(argv[0] ?? '');
  const args = argv.slice(1);
  if (name === 'rm' && args.includes('--no-preserve-root')) return '`rm --no-preserve-root` could delete the whole file system';
  if (name === 'rm') return recursiveOnProtected(name, args, /[rR]/, 'delete');
  if (name === 'chmod' || name === 'chown' || name === 'chgrp') return recursiveOnProtected(name, args, /R/, 'change');
  if (name === 'find' && (args.includes('-delete') || args.includes('-exec'))) {
    const start = args
      .slice(
        0,
        Math.max(
          0,
          args.findIndex((arg) => /^[-(!]/.test(arg)),
        ),
      )
      .find((arg) => protectedTarget(arg) !== null);
    if (start !== undefined) return `\`find ${start} -delete/-exec\` could change ${protectedTarget(start)}`;
  }
  if (name.startsWith('mkfs') || name === 'mke2fs' || name === 'wipefs') return `\`${name}\` formats or wipes a disk`;
  if (POWER_COMMANDS.has(name)) return `\`${name}\` would turn off or restart the machine`;
  if (name === 'systemctl' && args.some((arg) => ['poweroff', 'reboot', 'halt', 'kexec'].includes(arg)))
    return '`systemctl` would turn off or restart the machine';
  if ((name === 'init' || name === 'telinit') && (args[0] === '0' || args[0] === '6')) return `\`${name} ${args[0]}\` would turn off or restart the machine`;
  if (name === 'dd' && args.some((arg) => arg.startsWith('of=') && BLOCK_DEVICE.test(arg.slice(3)))) return '`dd` onto a disk device would overwrite it';
  if (name === 'tee' && args.some((arg) => BLOCK_DEVICE.test(arg))) return '`tee` onto a disk device would overwrite it';
  return null;
}

/** Why a pipeline downloads a script and runs it (`curl … | sh`), or null. */
function pipeToShellReason(stages: ReadonlyArray<ReadonlyArray<string>>): string | null {
  const download = stages.findIndex((argv) => DOWNLOADERS.has(basename(argv[0] ?? '')));
  if (download === -1) return null;
  const runner = stages.slice(download + 1).find((argv) => {
    const name = basename(argv[0] ?? '');
    const { options, operands } = splitOptions(argv.slice(1));
    if (SHELLS.has(name)) return !options.some((option) => /^-[a-zA-Z]*c/.test(option));
    return INTERPRETERS.has(name) && (operands.length === 0 || operands[0] === '-') && options.length === 0;
  });
  return runner === undefined ? null : `piping a download into \`${basename(runner[0] ?? '')}\` runs code nobody has read; download it to a file first`;
}

/** Characters a function name may have (`[\\w:.-]`). */
function isNameChar(char: string): boolean {
  const code = char.charCodeAt(0);
  return (
    (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || char === '_' || char === ':' || char === '.' || char === '-'
  );
}

/** The function name written just before the `{` at `open` (`name() {`, `function name {`), or null. Scans back over that one definition only. */
function functionNameBefore(command: string, open: number): string | null {
  let index = open - 1;
  const skipSpaces = (): void => {
    while (index >= 0 && /\s/.test(command[index] ?? '')) index -= 1;
  };
  skipSpaces();
  if (command[index] === ')') {
    index -= 1;
    skipSpaces();
    if (command[index] !== '(') return null;
    index -= 1;
    skipSpaces();
  }
  const end = index + 1;
  while (index >= 0 && isNameChar(command[index] ?? '')) index -= 1;
  return end > index + 1 ? command.slice(index + 1, end) : null;
}

/**
 * Whether the line defines a function whose body pipes the function into itself (`:(){ :|:& };:`). Linear: each
 * `{` looks back over its own name only, and only innermost bodies (no `{` before their `}`) are parsed.
 */
function definesForkBomb(command: string): boolean {
  let open = -1;
  for (let index = 0; index < command.length; index += 1) {
    const char = command[index];
    if (char === '{') open = index;
    else if (char === '}' && open !== -1) {
      const name = functionNameBefore(command, open);
      const body = command.slice(open + 1, index);
      open = -1;
      if (name === null) continue;
      const stages = new Map<number, string[]>();
      for (const simple of splitShellLine(body).commands) stages.set(simple.pipeline, [...(stages.get(simple.pipeline) ?? []), simple.words[0] ?? '']);
      if ([...stages.values()].some((names) => names.filter((first) => first === name).length >= 2)) return true;
    }
  }
  return false;
}

/** Checks made on the raw text, where the shell's own syntax is the danger. Every pattern here runs in linear time. */
function rawTextReason(command: string): string | null {
  if (definesForkBomb(command)) return 'this is a fork bomb';
  if (/>\|?\s*["']?\/dev\/(?:sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|dm-|md|mapper\/)/.test(command))
    return 'redirecting output onto a disk device would overwrite it';
  const runsDownload =
    /(?:^|[\s;&|(])(?:(?:ba|z|da|k)?sh|source|\.)\s+(?:-\S+\s+)*<\(\s*(?:curl|wget)\b/.test(command) ||
    /(?:^|[\s;&|(])(?:(?:ba|z|da|k)?sh\s+(?:-\S+\s+)*-\w*c\w*|eval)\s+["']?(?:\$\(|`)\s*(?:curl|wget)\b/.test(command);
  if (runsDownload) return 'running a downloaded script runs code nobody has read; download it to a file first';
  return null;
}

function reasonAt(command: string, depth: number): string | null {
  const raw = rawTextReason(command);
  if (raw !== null) return raw;
  const line = splitShellLine(command);
  const pipelines = new Map<number, Array<ReadonlyArray<string>>>();
  for (const simple of line.commands) {
    const argv = unwrapCommand(simple.words);
    if (argv.length === 0) continue;
    const reason = destructiveReason(argv);
    if (reason !== null) return reason;
    const inner = depth < MAX_NESTING ? innerCommand(basename(argv[0] ?? ''), argv.slice(1)) : null;
    const nested = inner === null ? null : reasonAt(inner, depth + 1);
    if (nested !== null) return nested;
    pipelines.set(simple.pipeline, [...(pipelines.get(simple.pipeline) ?? []), argv]);
  }
  for (const stages of pipelines.values()) {
    const reason = pipeToShellReason(stages);
    if (reason !== null) return reason;
  }
  if (depth >= MAX_NESTING) return null;
  for (const substitution of line.substitutions) {
    const reason = reasonAt(substitution, depth + 1);
    if (reason !== null) return reason;
  }
  return null;
}

/**
 * Refuses commands that destroy the machine or its data whatever the permission profile (DESIGN §7): recursive deletes
 * of `/`, `~` or a top-level folder, disk formatting and overwriting, fork bombs, power-off, `curl … | sh`.
 * Follows `sudo`, `bash -c`, `eval` and `$(…)`. A denylist, not a sandbox: the permission gate is the real control.
 */
export function checkCommand(command: string): CommandDecision {
  if (command.length > BASH_MAX_COMMAND_CHARS) return { allowed: false, reason: `refused: the command is longer than ${BASH_MAX_COMMAND_CHARS} characters` };
  const reason = reasonAt(command, 0);
  return reason === null ? { allowed: true } : { allowed: false, reason: `refused: ${reason}` };
}
