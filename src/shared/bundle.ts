import { z } from 'zod';
import { Approval, Iteration, LoopOptions, Run, RunEvent } from './records';

/** The `format` of every run bundle file. */
export const RUN_BUNDLE_FORMAT = 'autoloop-run-bundle';
/** Bumped when a bundle changes shape; an import refuses a version it does not know. */
export const RUN_BUNDLE_VERSION = 1;

/**
 * One run exported to a single JSON file: the run row, the template text it pinned, its iterations,
 * events and checkpoint. `checksum` is the sha256 (hex) of the canonical JSON (sorted keys) of the
 * bundle without `checksum`; an import refuses a bundle whose checksum does not match.
 */
export const RunBundle = z.object({
  format: z.literal(RUN_BUNDLE_FORMAT),
  version: z.literal(RUN_BUNDLE_VERSION),
  exportedAt: z.string(),
  app: z.object({ version: z.string() }),
  run: Run,
  loop: LoopOptions,
  params: z.record(z.string(), z.unknown()),
  template: z.object({ name: z.string(), revision: z.string(), text: z.string() }),
  iterations: z.array(Iteration),
  events: z.array(RunEvent),
  /** Every approval request of the run and how it was answered. */
  approvals: z.array(Approval),
  /** The conversation the run resumes from. */
  checkpoint: z.object({ messages: z.array(z.unknown()) }),
  checksum: z.string().regex(/^[0-9a-f]{64}$/, 'expected a sha256 in hex'),
});
export type RunBundle = z.infer<typeof RunBundle>;

/** A bundle before its checksum is computed. */
export type RunBundleContent = Omit<RunBundle, 'checksum'>;
