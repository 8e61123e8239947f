import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** One process as /proc shows it; each read throws when the process is gone meanwhile. */
export type ProcessView = Readonly<{ pid: number; argv(): string[]; cwd(): string }>;

/**
 * The live processes `matches` picks, found in /proc (a sandbox's PID namespace hides their own pids), leaving out this
 * test's own process and zombies (where PID 1 does not reap orphans, a killed process stays a zombie).
 */
export function liveProcesses(matches: (candidate: ProcessView) => boolean): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2))) return false;
        return matches({
          pid: Number(pid),
          argv: () => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean),
          cwd: () => readlinkSync(`/proc/${pid}/cwd`),
        });
      } catch {
        return false; // gone meanwhile
      }
    })
    .map(Number);
}

/** Processes whose working folder is `folder`: an agent's, or anything it started there. */
export function processesIn(folder: string): number[] {
  return liveProcesses((candidate) => candidate.cwd() === folder);
}

/** The command lines (argv) of the processes working in `folder`. */
export function commandLinesIn(folder: string): string[][] {
  return processesIn(folder).flatMap((pid) => {
    try {
      return [readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean)];
    } catch {
      return []; // gone meanwhile
    }
  });
}

/** The live `sleep <marker>` processes, found by their exact command line. */
export function sleepsOf(marker: string): number[] {
  return liveProcesses((candidate) => {
    const argv = candidate.argv();
    return argv.length === 2 && argv[0] === 'sleep' && argv[1] === marker;
  });
}

/** The live processes with every one of `args` in their command line (a script and the marker it was given). */
export function processesWithArgs(...args: ReadonlyArray<string>): number[] {
  return liveProcesses((candidate) => {
    const argv = candidate.argv();
    return args.every((arg) => argv.includes(arg));
  });
}

/** The live processes with `text` anywhere in an argument of their command line (a socket folder's name). */
export function processesNaming(text: string): number[] {
  return liveProcesses((candidate) => candidate.argv().some((arg) => arg.includes(text)));
}
