import { execFileSync } from 'node:child_process';

/** One line of the process table. */
export type ProcessEntry = Readonly<{ pid: number; ppid: number; pgid: number }>;

/** How long `ps` may take before the tree is signalled without it. */
const PS_TIMEOUT_MS = 2_000;

/** Parses `ps -A -o pid=,ppid=,pgid=` output; lines that are not three numbers are skipped. */
export function parseProcessTable(text: string): ProcessEntry[] {
  return text.split('\n').flatMap((line) => {
    const fields = line.trim().split(/\s+/).map(Number);
    if (fields.length !== 3 || fields.some((field) => !Number.isInteger(field))) return [];
    const [pid, ppid, pgid] = fields as [number, number, number];
    return [{ pid, ppid, pgid }];
  });
}

/**
 * What to signal to reach every process under `root`: the process groups its descendants lead or
 * belong to (a tool started detached is its own group) and the descendants left in `root`'s own
 * group. Never `root`'s own group, nor `spare` (the engine's): under Electron both are the app's. Pure.
 */
export function treeTargets(table: ReadonlyArray<ProcessEntry>, root: number, spare: ReadonlyArray<number>): Readonly<{ groups: number[]; pids: number[] }> {
  const rootGroup = table.find((entry) => entry.pid === root)?.pgid;
  const keep = new Set([...spare, ...(rootGroup === undefined ? [] : [rootGroup]), 0, 1]);
  const descendants: ProcessEntry[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const parent = frontier.pop() as number;
    for (const child of table.filter((entry) => entry.ppid === parent)) {
      descendants.push(child);
      frontier.push(child.pid);
    }
  }
  return {
    groups: [...new Set(descendants.map((entry) => entry.pgid).filter((pgid) => !keep.has(pgid)))],
    pids: descendants.filter((entry) => keep.has(entry.pgid)).map((entry) => entry.pid),
  };
}

/** The process table from `ps` (Linux, macOS); empty when it cannot be read. */
export function readProcessTable(): ProcessEntry[] {
  try {
    return parseProcessTable(execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid='], { encoding: 'utf8', timeout: PS_TIMEOUT_MS }));
  } catch {
    return [];
  }
}

function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch {
    // Gone already (ESRCH), or not ours to signal (EPERM): nothing more can be done from here.
  }
}

/**
 * Signals a runner that cannot lead its own process group (an Electron utility process) together
 * with everything it started: each process group under it, then the stragglers in its own group,
 * then the runner itself. The engine's own group is never signalled.
 */
export function signalProcessTree(root: number, name: 'SIGTERM' | 'SIGKILL', table: ReadonlyArray<ProcessEntry> = readProcessTable()): void {
  const spare = table.find((entry) => entry.pid === process.pid)?.pgid;
  const { groups, pids } = treeTargets(table, root, spare === undefined ? [] : [spare]);
  for (const group of groups) signal(-group, name);
  for (const pid of pids) signal(pid, name);
  signal(root, name);
}
