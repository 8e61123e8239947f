/** A status as a small coloured label; the text is the status itself, so tests and people read the same word. */
export function StatusChip({ status, testId }: Readonly<{ status: string; testId?: string }>) {
  return (
    <span className={`status-chip status-${status}`} data-testid={testId}>
      {status}
    </span>
  );
}
