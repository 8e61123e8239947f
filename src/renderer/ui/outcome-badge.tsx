import type { RunBadge } from '../../shared/run-badge';

/** A run's outcome badge (`runBadgeOf`): an icon and the words, coloured by its tone; the icon is decoration, the words carry it. */
export function OutcomeBadge({ badge, testId }: Readonly<{ badge: RunBadge; testId?: string }>) {
  return (
    <span className={`outcome-badge tone-${badge.tone}`} data-kind={badge.kind}>
      <span className="outcome-icon" aria-hidden="true">
        {badge.icon}
      </span>
      <span data-testid={testId}>{badge.label}</span>
    </span>
  );
}
