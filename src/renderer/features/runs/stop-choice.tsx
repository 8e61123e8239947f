import { useEffect, useRef } from 'react';

export type StopWhen = 'iteration' | 'now';

type StopChoiceProps = Readonly<{
  /** The run's name, for the group's accessible name ("Stop nightly?"). */
  runName: string;
  /** Whether the run has an iteration in flight that can finish first (see `canStopAfterIteration`). */
  offerAfterIteration: boolean;
  disabled: boolean;
  /** Small buttons, as in a list row. */
  compact?: boolean;
  onChoose(when: StopWhen): void;
  onCancel(): void;
}>;

/**
 * The inline confirmation Stop asks first (like Delete's): "Stop after this iteration" (the graceful choice, focused)
 * beside "Stop now", and Cancel; Escape cancels.
 */
export function StopChoice({ runName, offerAfterIteration, disabled, compact = false, onChoose, onCancel }: StopChoiceProps) {
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => first.current?.focus(), []);
  const size = compact ? 'button-small ' : '';
  return (
    <span
      className="confirm-inline stop-choice"
      role="group"
      aria-label={`Stop ${runName}?`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      {offerAfterIteration && (
        <button
          ref={first}
          type="button"
          className={size.trim() || undefined}
          disabled={disabled}
          title="The current iteration finishes and is kept; the run then ends as stopped by you"
          onClick={() => onChoose('iteration')}
        >
          Stop after this iteration
        </button>
      )}
      <button
        ref={offerAfterIteration ? undefined : first}
        type="button"
        className={`${size}button-danger`}
        disabled={disabled}
        title="Ends the run at once; the iteration in flight is cut short"
        onClick={() => onChoose('now')}
      >
        Stop now
      </button>
      <button type="button" className={size.trim() || undefined} onClick={onCancel}>
        Cancel
      </button>
    </span>
  );
}
