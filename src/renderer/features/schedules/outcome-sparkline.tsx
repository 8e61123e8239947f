import type { ScheduleSlotView } from '../../../shared/schedules';
import { describeSlotOutcome, slotMark, slotTone } from '../../../shared/schedule-words';

const BAR_WIDTH = 6;
const BAR_GAP = 2;
const HEIGHT = 18;

/** Pure: the outcomes oldest first, counted, for the sparkline's text alternative ("12 slots: 9 started a run, 3 skipped: …"). */
export function sparklineSummary(slots: ReadonlyArray<Pick<ScheduleSlotView, 'outcome'>>): string {
  if (slots.length === 0) return 'No slots yet';
  const counts = new Map<string, number>();
  for (const slot of slots) counts.set(describeSlotOutcome(slot.outcome), (counts.get(describeSlotOutcome(slot.outcome)) ?? 0) + 1);
  const parts = [...counts].map(([words, count]) => `${count} ${words}`);
  return `Last ${slots.length} ${slots.length === 1 ? 'slot' : 'slots'}: ${parts.join(', ')}`;
}

/**
 * The last slots' outcomes as a strip of bars, oldest on the left; the colour is the outcome's tone and the height says whether a
 * run started. The picture is decoration: its summary is the accessible name, and the table below has every slot in words.
 */
export function OutcomeSparkline({ slots }: Readonly<{ slots: ReadonlyArray<ScheduleSlotView> }>) {
  const oldestFirst = slots.toReversed();
  const summary = sparklineSummary(oldestFirst);
  return (
    <figure className="outcome-sparkline" data-testid="outcome-sparkline">
      <svg
        role="img"
        aria-label={summary}
        width={Math.max(1, oldestFirst.length * (BAR_WIDTH + BAR_GAP))}
        height={HEIGHT}
        data-marks={oldestFirst.map((slot) => slotMark(slot.outcome)).join('')}
      >
        {oldestFirst.map((slot, index) => {
          const height = slot.runId ? HEIGHT : HEIGHT / 2;
          return (
            <rect
              key={slot.dueAt}
              className={`spark-bar tone-${slotTone(slot.outcome)}`}
              x={index * (BAR_WIDTH + BAR_GAP)}
              y={HEIGHT - height}
              width={BAR_WIDTH}
              height={height}
              rx={1}
            />
          );
        })}
      </svg>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}
