export const WARNING_THRESHOLDS = [0.8, 0.95] as const;

export type Measured = Readonly<{
  label: string;
  limit: number | null | undefined;
  before: number | null;
  after: number | null;
  format(value: number): string;
}>;

/** The warnings one usage report crosses: 80 % and 95 % of each limit, once each (DESIGN §8). Pure. */
export function budgetWarnings(measures: ReadonlyArray<Measured>): Array<Readonly<{ key: string; message: string }>> {
  return measures.flatMap((measure) => {
    const { limit, before, after } = measure;
    if (limit === null || limit === undefined || before === null || after === null) return [];
    return WARNING_THRESHOLDS.filter((threshold) => before < threshold * limit && after >= threshold * limit && after < limit).map((threshold) => ({
      key: `${measure.label}:${threshold}`,
      message: `${measure.label}: ${Math.round(threshold * 100)} % used (${measure.format(after)} of ${measure.format(limit)})`,
    }));
  });
}
