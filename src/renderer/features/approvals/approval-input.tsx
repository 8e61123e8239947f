import { prettyInput } from './approval-text';

/** A tool call's input as pretty JSON; a long one is folded behind "Show input". */
export function ApprovalInput({ input }: Readonly<{ input: unknown }>) {
  const pretty = prettyInput(input);
  const block = <pre className="approval-input">{pretty.text}</pre>;
  if (!pretty.isLong) return block;
  return (
    <details className="approval-input-folded">
      <summary>Show input ({pretty.lineCount} lines)</summary>
      {block}
    </details>
  );
}
