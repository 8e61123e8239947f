import { readFile, readdir } from 'node:fs/promises';
import { errnoOf } from './tool-paths';

/** SIGTERM → wait this long for the group to go → SIGKILL (the same grace as the supervisor's stop ladder). */
export const KILL_GRACE_MS = 2_000;
/** After SIGKILL, how long to wait for the kernel to finish the group off. */
export const KILL_CONFIRM_MS = 1_000;
/** How often a stopping group is checked. */
const GROUP_POLL_MS = 50;

/** How a process group was stopped: it was already gone, SIGTERM sufficed, or it needed SIGKILL. */
export type GroupStop = 'gone' | 'terminated' | 'killed';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Whether /proc lists a member of the group that is not a zombie; null where there is no /proc (macOS). */
async function liveMemberInProc(pgid: number): Promise<boolean | null> {
  let names: string[];
  try {
    names = await readdir('/proc');
  } catch {
    return null; // no /proc on this system: the caller trusts kill(0) alone
  }
  const stats = await Promise.all(
    names.filter((name) => /^\d+$/.test(name)).map((name) => readFile(`/proc/${name}/stat`, 'utf8').catch(() => '')), // gone meanwhile
  );
  return stats.some((stat) => {
    // After the command name in parentheses: state, ppid, pgrp, …
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return pgrp === String(pgid) && state !== 'Z' && state !== 'X';
  });
}

/**
 * True while a process of the group is running. Zombies do not count: where PID 1 does not reap orphans
 * (some containers), a killed grandchild stays a zombie forever, and `kill(-pgid, 0)` still finds it.
 */
export async function groupAlive(pgid: number): Promise<boolean> {
  try {
    process.kill(-pgid, 0);
  } catch (error) {
    return errnoOf(error) === 'EPERM';
  }
  return (await liveMemberInProc(pgid)) ?? true;
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if (errnoOf(error) !== 'ESRCH') throw new Error(`could not send ${signal} to process group ${pgid}`, { cause: error });
  }
}

async function waitUntilGone(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    await sleep(GROUP_POLL_MS);
    if (!(await groupAlive(pgid))) return true;
  }
  return false;
}

/** Stops every process of a group, grandchildren included: SIGTERM, then SIGKILL after `graceMs`. Resolves once it is gone (or after KILL_CONFIRM_MS more). */
export async function stopProcessGroup(pgid: number, graceMs: number = KILL_GRACE_MS): Promise<GroupStop> {
  if (!(await groupAlive(pgid))) return 'gone';
  signalGroup(pgid, 'SIGTERM');
  if (await waitUntilGone(pgid, graceMs)) return 'terminated';
  signalGroup(pgid, 'SIGKILL');
  await waitUntilGone(pgid, KILL_CONFIRM_MS);
  return 'killed';
}

const trackedGroups = new Set<number>();
let exitHookInstalled = false;
/** Who hears of each group started and ended (the supervisor, through the runner's link). */
let groupListener: ((pgid: number, alive: boolean) => void) | null = null;

/** Reports every tracked group as it starts and ends, so the host can kill what a SIGKILLed runner leaves behind. */
export function reportProcessGroupsTo(listener: (pgid: number, alive: boolean) => void): void {
  groupListener = listener;
}

/** Signals that end a runner (the stop ladder's SIGTERM, a closed terminal, Ctrl-C): its commands' groups go first. */
const ENDING_SIGNALS: ReadonlyArray<NodeJS.Signals> = ['SIGTERM', 'SIGHUP', 'SIGINT'];

function killTrackedGroups(): void {
  for (const group of trackedGroups) signalGroup(group, 'SIGKILL');
}

function onEndingSignal(signal: NodeJS.Signals): void {
  killTrackedGroups();
  for (const other of ENDING_SIGNALS) process.removeListener(other, onEndingSignal);
  // Die of the same signal, as without this handler, so the supervisor classifies the exit the same way.
  process.kill(process.pid, signal);
}

/**
 * Remembers a group until the returned function is called, so that if the runner exits or is signalled meanwhile the
 * group is killed with it: the group is detached, so the supervisor's signal to the runner's own group does not reach
 * it. (A SIGKILL of the runner cannot be caught: on Linux the sandbox's PID namespace covers that.)
 */
export function trackProcessGroup(pgid: number): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killTrackedGroups);
    for (const signal of ENDING_SIGNALS) process.once(signal, onEndingSignal);
  }
  trackedGroups.add(pgid);
  groupListener?.(pgid, true);
  return () => {
    if (trackedGroups.delete(pgid)) groupListener?.(pgid, false);
  };
}
