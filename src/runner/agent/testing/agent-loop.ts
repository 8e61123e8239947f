import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { InitMessage, RunnerMessageOf } from '../../../shared/protocol';
import { DEFAULT_PERMISSIONS } from '../../../shared/records';
import { createChannelPair } from '../../../shared/testing/channel-pair';
import { type GateDecision, fakeSupervisor, initMessage } from '../../loop/testing/loop-harness';
import { type LoopOutcome, runLoop } from '../../loop/run-loop';
import { createSupervisorLink } from '../../supervisor-link';
import { builtinTools } from '../../tools/builtin-tools';
import { groupAlive, reportProcessGroupsTo } from '../../tools/process-group';

// The runner's loop driving an external agent (Claude Code, Codex) against a supervisor written for the test: what the
// per-agent loop tests share. The agent binary is the real one; only its model service is a fake server.

/** The fake supervisor a loop test talks to. */
export type LoopSupervisor = ReturnType<typeof fakeSupervisor>;

/** The init of an external agent's run in `workdir`: trusted, its output there too, no wait between iterations. */
export function agentInit(fields: Partial<InitMessage> & Pick<InitMessage, 'agent' | 'workdir' | 'model' | 'secrets'>): InitMessage {
  return initMessage(
    { outputDir: fields.workdir, permissions: { ...DEFAULT_PERMISSIONS, profile: 'trusted' }, ...fields },
    { intervalMs: 0, maxStepsPerIteration: 10, ...fields.loop },
  );
}

/** A runner's loop (link + loop, no model of its own: the agent calls the service) that the fake supervisor sends `init`. */
export async function startAgentLoop(
  init: InitMessage,
  options: Readonly<{
    decide?: (iteration: number) => GateDecision | null;
    claudeExecutable?: string;
    codexExecutable?: string;
  }> = {},
): Promise<{ supervisor: LoopSupervisor; outcome: Promise<LoopOutcome> }> {
  const { decide = () => ({ decision: 'go' }), ...executables } = options;
  const [runnerChannel, supervisorChannel] = createChannelPair();
  const supervisor = fakeSupervisor(supervisorChannel, decide);
  const link = createSupervisorLink(runnerChannel, () => undefined);
  supervisor.send(init);
  const linked = await link.init;
  if (!linked) throw new Error('the link got no init');
  const outcome: Promise<LoopOutcome> = runLoop({ init: linked, link, model: null, tools: builtinTools(), ...executables });
  return { supervisor, outcome };
}

/** The fake model servers a test file starts (push each one), each closed after its test. */
export function serversClosedAfterEach<Server extends Readonly<{ close(): Promise<void> }>>(): Server[] {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return servers;
}

/** The events of one kind the runner sent. */
export const loopEvents = (received: ReadonlyArray<unknown>, kind: string) =>
  (received as Array<RunnerMessageOf<'event'>>).filter((message) => message.type === 'event' && message.kind === kind);

/** Records the process groups the runner starts (the agent's among them), for the file: the last one is the newest. */
export function recordProcessGroups(): number[] {
  const groups: number[] = [];
  reportProcessGroupsTo((pgid, alive) => alive && groups.push(pgid));
  return groups;
}

/** A started loop whose model server hangs its first answer. */
type HangingLoop = Readonly<{ server: Readonly<{ waitForRequest(n: number): Promise<void> }>; supervisor: LoopSupervisor; outcome: Promise<LoopOutcome> }>;

/** A stop while the agent waits on its first model answer ends the loop at once, and the agent's process group with it. */
export async function checkStopInTheMiddleOfATurn({ server, supervisor, outcome }: HangingLoop, groups: ReadonlyArray<number>): Promise<void> {
  await server.waitForRequest(1);
  const group = groups.at(-1);
  expect(group).toBeDefined();
  supervisor.send({ type: 'stop', reason: 'user_stop' });
  await expect(outcome).resolves.toMatchObject({ reason: 'user_stop', iterations: 0 });
  expect(await groupAlive(group ?? 0)).toBe(false);
}

/** The agent killed (SIGKILL to its group) while it waits on its first model answer: the loop ends as crash, returned. */
export async function killInTheMiddleOfATurn({ server, outcome }: HangingLoop, groups: ReadonlyArray<number>): Promise<LoopOutcome> {
  await server.waitForRequest(1);
  process.kill(-(groups.at(-1) ?? 0), 'SIGKILL');
  const ended = await outcome;
  expect(ended).toMatchObject({ reason: 'crash', iterations: 0 });
  return ended;
}

/** An executable called `name` that prints `complaint` on stderr and exits 2, as an agent too old to start would. */
export function brokenAgentBinary(name: string, complaint: string): string {
  const file = join(mkdtempSync(join(tmpdir(), `autoloop-broken-${name}-`)), name);
  writeFileSync(file, `#!/bin/sh\necho ${JSON.stringify(complaint)} >&2\nexit 2\n`);
  chmodSync(file, 0o755);
  return file;
}

/** Answers the next approval requests in order: `true` allows, a string denies with that reason. */
export async function answerApprovals(supervisor: LoopSupervisor, answers: ReadonlyArray<true | string>): Promise<void> {
  const answered = new Set<string>();
  for (const answer of answers) {
    await supervisor.waitFor((message) => message.type === 'approval_request' && !answered.has(message.requestId));
    const request = supervisor.ofType('approval_request').find((message) => !answered.has(message.requestId));
    answered.add(request?.requestId ?? '');
    supervisor.send({
      type: 'approval_result',
      requestId: request?.requestId ?? '',
      decision: answer === true ? 'allow' : 'deny',
      ...(answer === true ? {} : { reason: answer }),
    });
  }
}

/** Answers the first approval request as the engine does when nobody answered in time: denied, the turn ended. */
export async function timeOutFirstApproval(supervisor: LoopSupervisor): Promise<void> {
  await supervisor.waitFor((message) => message.type === 'approval_request');
  const [request] = supervisor.ofType('approval_request');
  supervisor.send({
    type: 'approval_result',
    requestId: request?.requestId ?? '',
    decision: 'deny',
    by: 'timeout',
    endTurn: true,
    reason: 'not executed: nobody answered in time',
  });
}
