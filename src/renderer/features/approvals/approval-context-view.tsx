import { describeAllowForRun } from '../../../shared/approval-context';
import type { Approval } from '../../../shared/records';

/** The agent's words that led to the request, shown above the card's details. */
export function AgentMessage({ approval }: Readonly<{ approval: Approval }>) {
  const message = approval.context?.agentMessage ?? null;
  if (message === null) return null;
  return (
    <figure className="approval-agent-message" data-testid="agent-message">
      <figcaption className="muted">The agent wrote:</figcaption>
      <blockquote>{message}</blockquote>
    </figure>
  );
}

/** Why the run asks and why the risk is what it is, as the runner's permission decision put it. */
export function ApprovalWhy({ approval }: Readonly<{ approval: Approval }>) {
  const why = approval.context?.why ?? null;
  if (why === null) return null;
  return (
    <p className="approval-why" data-testid="request-why">
      {why}
    </p>
  );
}

/** Exactly what "Allow for this run" lets through, before a person chooses it. */
export function AllowForRunScope({ approval, id }: Readonly<{ approval: Approval; id: string }>) {
  const scope = describeAllowForRun(approval.tool, approval.context?.subject ?? null);
  return (
    <p className="approval-scope muted" id={id} data-testid="allow-for-run-scope">
      “Allow for this run” allows {scope.lead}
      {scope.subject !== null && (
        <>
          : <code className="approval-subject">{scope.subject}</code>
        </>
      )}{' '}
      {scope.tail}
    </p>
  );
}
