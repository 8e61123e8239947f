/** A status as a small coloured label; the text is the status itself, so tests and people read the same word. `isFailed` colours an ended run that failed. */
export function StatusChip({ status, testId, isFailed = false }: Readonly<{ status: string; testId?: string; isFailed?: boolean }>) {
  return (
    <span className={`status-chip status-${status}${isFailed ? ' status-failed' : ''}`} data-testid={testId}>
      {status}
    </span>
  );
}
