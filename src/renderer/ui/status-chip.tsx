/**
 * A status as a small coloured label: `status` (the API's identifier) picks the colour, `label`
 * is the words people read (and tests assert). `isFailed` colours an ended run that failed.
 */
export function StatusChip({ status, label, testId, isFailed = false }: Readonly<{ status: string; label: string; testId?: string; isFailed?: boolean }>) {
  return (
    <span className={`status-chip status-${status}${isFailed ? ' status-failed' : ''}`} data-testid={testId}>
      {label}
    </span>
  );
}
