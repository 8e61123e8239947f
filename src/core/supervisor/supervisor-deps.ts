import type { McpServerLaunch } from '../../shared/mcp';
import type { ModelSpec } from '../../shared/protocol';
import type { Run } from '../../shared/records';
import type { SandboxSpec } from '../../shared/sandbox';
import type { ApprovalRequests } from '../approvals/approval-broker';
import type { Accountant } from '../budget/accountant';
import type { EventBus } from '../events/event-bus';
import type { EventWriter } from '../events/event-writer';
import type { Logger } from '../logger';
import type { RunnerHost } from '../runner-host/runner-host';
import type { Db } from '../store/database';
import type { RunRow, RunsRepository } from '../store/runs-repository';
import type { TemplateRevisionsRepository } from '../store/template-revisions-repository';
import type { IterationCommits } from '../worktrees/iteration-commits';
import type { LivenessOptions } from './liveness';
import type { BackoffOptions } from './restart-policy';

/** What the supervisor is built from: the store, the runner host, the broker, and the knobs tests turn. */
export type SupervisorDeps = Readonly<{
  host: RunnerHost;
  db: Db;
  runs: RunsRepository;
  revisions: TemplateRevisionsRepository;
  bus: EventBus;
  approvals: ApprovalRequests;
  accountant: Accountant;
  /** Batches event writes; the supervisor feeds it coalesced events. */
  events: EventWriter;
  log: Logger;
  /** Turns a run's `provider/id` into what the runner loads (e.g. a script's absolute path). */
  resolveModel(model: string, workdir: string): ModelSpec;
  /** Provider keys for the runner; they travel in `init`, never in its environment. */
  secrets(model: string): Record<string, string>;
  /** The run's MCP servers as its runner gets them (values resolved); throws naming a server that is gone or turned off. */
  mcpLaunches?(names: ReadonlyArray<string>): McpServerLaunch[];
  /** The binary chosen in settings for an external agent; undefined: none chosen. */
  agentPath?(agent: Run['agent']): string | undefined;
  outputDirOf(run: Run): string;
  /** How the run's processes are confined; throws, with what to do, when its sandbox is not available here. */
  sandboxOf?(row: RunRow): SandboxSpec;
  /** Commits each finished iteration in the run's worktree; the gate after it and the run's end wait for the commit. */
  commits?: IterationCommits;
  handshakeTimeoutMs?: number;
  stopGraceMs?: number;
  liveness?: LivenessOptions;
  backoff?: BackoffOptions;
  now?: () => Date;
}>;
