import { ensureApproverCode } from '../approver-code';
import { escapeForOneLine } from '../../../shared/summary-text';
import { parseArgs } from 'node:util';
import type { Approval, Run } from '../../../shared/records';
import type { ApiCaller } from '../../api-client';
import { type AppPaths, resolveDataDir } from '../../app-paths';
import { withSession } from '../api-session';
import { CliFailure } from '../cli-failure';
import { COMMON_OPTIONS, onePositional } from '../command-args';
import { EXIT_FAILURE, EXIT_INVALID_INPUT, EXIT_OK } from '../exit-code';
import { type TableColumn, formatTable } from '../format-table';
import { formatRelativeTime } from '../format-values';
import { resolveApprovalRef, shortId } from '../resolve-ref';
import { type Output, createOutput } from '../terminal-output';
import { listAllRuns } from '../../../shared/list-all-runs';

/** `autoloop approvals [--all] [--json]`: the requests waiting for a person, oldest first; `--all`: answered ones too, with who answered. */
export async function approvalsCommand(args: string[], paths: AppPaths): Promise<number> {
  const { values } = parseArgs({ args, options: { ...COMMON_OPTIONS, all: { type: 'boolean', default: false } } });
  const output = createOutput({ json: values.json });
  const { approvals, runs } = await withSession(resolveDataDir(values['data-dir']), paths, 'read', async (session) => ({
    approvals: await session.call('approvals.list', { status: values.all ? 'all' : 'pending' }),
    runs: await listAllRuns((page) => session.call('runs.list', page)),
  }));
  if (output.json) {
    approvals.forEach((approval) => output.jsonLine(approval));
    return EXIT_OK;
  }
  if (values.all) {
    if (approvals.length === 0) {
      output.line('No approval requests yet.');
      return EXIT_OK;
    }
    const nameOf = new Map<string, string>(runs.map((run: Run) => [run.id, run.name]));
    answeredTableLines(approvals, nameOf, output, new Date()).forEach((line) => output.line(line));
    return EXIT_OK;
  }
  if (approvals.length === 0) {
    output.line('No approval requests are waiting.');
    return EXIT_OK;
  }
  const nameOf = new Map<string, string>(runs.map((run: Run) => [run.id, run.name]));
  approvalTableLines(approvals, nameOf, output, new Date()).forEach((line) => output.line(line));
  output.line(output.paint.dim('Answer with: autoloop approve <id> [--for-run]  or  autoloop deny <id> [--reason TEXT]'));
  return EXIT_OK;
}

type OwnColumns = Readonly<{ beforeAsked: ReadonlyArray<TableColumn<Approval>>; afterAsked: ReadonlyArray<TableColumn<Approval>>; requestRoom: number }>;

/** The columns both approval tables share, around each table's own; one line each whatever the agent or a bundle put in its text. */
function approvalColumns(
  nameOf: ReadonlyMap<string, string>,
  output: Pick<Output, 'paint' | 'columns'>,
  now: Date,
  own: OwnColumns,
): Array<TableColumn<Approval>> {
  const { paint } = output;
  return [
    { header: 'ID', value: (approval) => shortId(approval.id), paint: paint.bold },
    { header: 'RUN', value: (approval) => escapeForOneLine(`${nameOf.get(approval.runId) ?? approval.runId} #${approval.iteration}`), maxWidth: 28 },
    { header: 'TOOL', value: (approval) => escapeForOneLine(approval.tool) },
    ...own.beforeAsked,
    { header: 'ASKED', value: (approval) => formatRelativeTime(approval.requestedAt, now) },
    ...own.afterAsked,
    { header: 'REQUEST', value: (approval) => escapeForOneLine(approval.summary), maxWidth: Math.max(30, output.columns - own.requestRoom) },
  ];
}

/** The table of waiting requests. Pure. */
export function approvalTableLines(
  approvals: ReadonlyArray<Approval>,
  nameOf: ReadonlyMap<string, string>,
  output: Pick<Output, 'paint' | 'columns'>,
  now: Date,
): string[] {
  const { paint } = output;
  const risk: TableColumn<Approval> = {
    header: 'RISK',
    value: (approval) => approval.risk,
    paint: (text, approval) => (approval.risk === 'high' ? paint.red(text) : paint.yellow(text)),
  };
  const expires: TableColumn<Approval> = {
    header: 'EXPIRES',
    value: (approval) => (approval.expiresAt ? formatRelativeTime(approval.expiresAt, now) : 'never'),
  };
  return formatTable(approvals, approvalColumns(nameOf, output, now, { beforeAsked: [risk], afterAsked: [expires], requestRoom: 80 }), paint.bold);
}

/** Who answered a request, in words: a person, a link from a notifier, the schedule's policy, the timeout, or cancelled. Pure. */
export function answeredBy(approval: Pick<Approval, 'decidedBy' | 'decidedVia'>): string {
  if (approval.decidedBy === 'link') return `link (${approval.decidedVia ?? 'a notifier'})`;
  return approval.decidedBy ?? '—';
}

/** `approvals --all`: every request with its status and who answered it. Pure. */
export function answeredTableLines(
  approvals: ReadonlyArray<Approval>,
  nameOf: ReadonlyMap<string, string>,
  output: Pick<Output, 'paint' | 'columns'>,
  now: Date,
): string[] {
  const answered: ReadonlyArray<TableColumn<Approval>> = [
    { header: 'STATUS', value: (approval) => approval.status.replace('_', ' ') },
    { header: 'BY', value: (approval) => escapeForOneLine(answeredBy(approval)) },
  ];
  return formatTable(approvals, approvalColumns(nameOf, output, now, { beforeAsked: answered, afterAsked: [], requestRoom: 90 }), output.paint.bold);
}

/** What `approve`/`deny` print once the request is answered. Pure. */
export function decisionLine(decision: 'allow' | 'deny', approval: Pick<Approval, 'tool' | 'summary'>, forRun: boolean): string {
  const tool = escapeForOneLine(approval.tool);
  const summary = escapeForOneLine(approval.summary);
  if (decision === 'deny') return `Denied ${tool}: ${summary}`;
  return `Allowed ${tool}${forRun ? ' for the rest of this run' : ' once'}: ${summary}`;
}

/** The pending request a person named; one already answered is a conflict that says how it was answered. */
async function findPendingApproval(api: ApiCaller, ref: string): Promise<Approval> {
  const pending = resolveApprovalRef(await api.call('approvals.list', { status: 'pending' }), ref);
  if (pending.ok) return pending.value;
  if (pending.reason === 'ambiguous') throw new CliFailure(pending.message, EXIT_INVALID_INPUT);
  const any = resolveApprovalRef(await api.call('approvals.list', { status: 'all' }), ref);
  if (!any.ok) throw new CliFailure(any.message, EXIT_INVALID_INPUT);
  const { status, decidedBy, decidedVia } = any.value;
  const who = decidedBy === 'link' ? `a link from ${decidedVia ?? 'a notifier'}` : decidedBy;
  throw new CliFailure(
    `The request ${shortId(any.value.id)} was already answered: ${status.replace('_', ' ')}${who ? ` by ${escapeForOneLine(who)}` : ''}`,
    EXIT_FAILURE,
  );
}

async function decide(args: string[], paths: AppPaths, decision: 'allow' | 'deny'): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, 'for-run': { type: 'boolean', default: false }, reason: { type: 'string' } },
  });
  const usage = decision === 'allow' ? 'autoloop approve <id> [--for-run]' : 'autoloop deny <id> [--reason TEXT]';
  const ref = onePositional(positionals, usage);
  if ((decision === 'allow' && values.reason !== undefined) || (decision === 'deny' && values['for-run']))
    throw new CliFailure(`usage: ${usage}`, EXIT_INVALID_INPUT);
  const output = createOutput({ json: values.json });
  const dataDir = resolveDataDir(values['data-dir']);
  await ensureApproverCode(dataDir);
  return withSession(dataDir, paths, 'live', async (session) => {
    const approval = await findPendingApproval(session, ref);
    const answered = await session.call('approvals.decide', {
      id: approval.id,
      decision,
      scope: values['for-run'] ? 'run' : 'once',
      ...(values.reason === undefined ? {} : { reason: values.reason }),
    });
    if (output.json) output.jsonLine(answered);
    else output.line(decisionLine(decision, approval, values['for-run']));
    return EXIT_OK;
  });
}

/** `autoloop approve <id> [--for-run]`: allows a waiting tool call, once or for the rest of its run. */
export function approveCommand(args: string[], paths: AppPaths): Promise<number> {
  return decide(args, paths, 'allow');
}

/** `autoloop deny <id> [--reason TEXT]`: denies a waiting tool call; the model is told the reason. */
export function denyCommand(args: string[], paths: AppPaths): Promise<number> {
  return decide(args, paths, 'deny');
}
