import type { Iteration, Run } from '../../../../shared/records';
import { useNow } from '../../../ui/use-now';
import { type LimitMeter, limitMeters } from './run-limits';

/** The time meter moves once a second while the run is active. */
const TICK_MS = 1_000;

function MeterBar({ meter }: Readonly<{ meter: LimitMeter }>) {
  const labelId = `limit-${meter.key}-label`;
  if (meter.limit === null || meter.percentUsed === null) {
    return (
      <div className="limit-meter limit-off" data-testid={`limit-${meter.key}`}>
        <span id={labelId} className="limit-label">
          {meter.label}
        </span>
        <span className="muted">{meter.text}</span>
      </div>
    );
  }
  return (
    <div className="limit-meter" data-testid={`limit-${meter.key}`}>
      <span id={labelId} className="limit-label">
        {meter.label}
      </span>
      <div
        className={`meter meter-${meter.level}`}
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={meter.limit}
        aria-valuenow={Math.min(meter.used, meter.limit)}
        aria-valuetext={meter.text}
      >
        <div className="meter-fill" style={{ width: `${meter.percentUsed}%` }} />
      </div>
      <span className="limit-text">{meter.text}</span>
    </div>
  );
}

/** The run's limits as meters that fill with what is used: amber from 80 %, red at 100 %. */
export function LimitMeters({ run, iterations }: Readonly<{ run: Run; iterations: ReadonlyArray<Iteration> }>) {
  const now = useNow(TICK_MS);
  return (
    <section className="panel" aria-labelledby="limits-heading">
      <h2 id="limits-heading">Limits</h2>
      <div className="limit-meters">
        {limitMeters(run, iterations, now).map((meter) => (
          <MeterBar key={meter.key} meter={meter} />
        ))}
      </div>
    </section>
  );
}
