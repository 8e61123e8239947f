import { z } from 'zod';

/** A remote engine's name: also what notifications say ("On box: …"); `local` is the desktop app's own engine. */
export const EngineName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a name is letters, digits, dots, dashes and underscores (up to 64), starting with a letter or digit')
  .refine((name) => name !== 'local', 'local is the name of this app’s own engine: choose another');

/**
 * The connection to a remote engine, as main keeps it: `connecting` (first attempt or a retry in
 * flight), `connected`, `lost` (it dropped or did not answer; main tries again with backoff) and
 * `refused` (a refused or revoked token, a host name the engine does not serve, an untrusted
 * certificate: main does not try again until the entry changes).
 */
export const LinkStatus = z.enum(['connecting', 'connected', 'lost', 'refused']);
export type LinkStatus = z.infer<typeof LinkStatus>;

/** One engine as the window may see it: never its token or approver code. */
export const DesktopEngineView = z.object({
  name: z.string(),
  url: z.string(),
  /** The CA file trusted besides the system's roots, if any. */
  ca: z.string().nullable(),
  hasApproverCode: z.boolean(),
  status: LinkStatus,
  /** Why it is lost or refused, for the person; null while connecting or connected. */
  reason: z.string().nullable(),
  /** Milliseconds until the next attempt, while lost. */
  retryInMs: z.number().nullable(),
});
export type DesktopEngineView = z.infer<typeof DesktopEngineView>;

/** What `window.autoloop.engines.list()` answers: the engine the window shows (null: this app's own) and the remote ones. */
export const DesktopEnginesList = z.object({ shown: z.string().nullable(), engines: z.array(DesktopEngineView) });
export type DesktopEnginesList = z.infer<typeof DesktopEnginesList>;

/** What the Settings form sends to add an engine. */
export const DesktopEngineInput = z.object({
  name: EngineName,
  url: z.string().min(1).max(2_000),
  token: z.string().min(1, 'give the token `autoloop tokens create NAME` printed on that machine').max(500),
  ca: z.string().max(4_096).optional(),
  approverCode: z.string().max(200).optional(),
});
export type DesktopEngineInput = z.infer<typeof DesktopEngineInput>;

/**
 * What Settings sends to change a kept engine without removing it (a new token after a revocation, the
 * approver code, the CA file of a renewed certificate). A field left out, or empty, stays as it was.
 */
export const DesktopEngineUpdate = z.object({
  name: z.string().min(1).max(64),
  token: z.string().max(500).optional(),
  ca: z.string().max(4_096).optional(),
  approverCode: z.string().max(200).optional(),
});
export type DesktopEngineUpdate = z.infer<typeof DesktopEngineUpdate>;

/** The answer of an engines call: the new list, or why it was refused. */
export const DesktopEnginesAnswer = z.union([
  z.object({ ok: z.literal(true), value: DesktopEnginesList }),
  z.object({ ok: z.literal(false), message: z.string() }),
]);
export type DesktopEnginesAnswer = z.infer<typeof DesktopEnginesAnswer>;

/** An engine's connection in words, for Settings and the switcher: "Connected", "Connection lost, trying again in 4 s: …". */
export function engineStatusWords(engine: Pick<DesktopEngineView, 'status' | 'reason' | 'retryInMs'>): string {
  switch (engine.status) {
    case 'connecting':
      return 'Connecting…';
    case 'connected':
      return 'Connected';
    case 'lost':
      return `Connection lost${engine.retryInMs === null ? '' : `, trying again in ${Math.round(engine.retryInMs / 1_000)} s`}${engine.reason ? `: ${engine.reason}` : ''}`;
    case 'refused':
      return `Refused, not retrying${engine.reason ? `: ${engine.reason}` : ''}. Try again once fixed, or replace its token`;
  }
}

/** One of the CLI's named engines (`autoloop engines add`, `<data dir>/engines.json`) as the import offers it: never its token. */
export const CliImportItem = z.object({
  name: z.string(),
  url: z.string(),
  ca: z.string().nullable(),
  hasApproverCode: z.boolean(),
  /** Null: it would be imported; else why it is left out (a name already kept is never overwritten). */
  skipped: z.string().nullable(),
});
export type CliImportItem = z.infer<typeof CliImportItem>;

/** What "Import from the CLI" would do: the file read and each engine in it. */
export const CliImportPlan = z.object({ path: z.string(), engines: z.array(CliImportItem) });
export type CliImportPlan = z.infer<typeof CliImportPlan>;

export const CliImportPlanAnswer = z.union([z.object({ ok: z.literal(true), value: CliImportPlan }), z.object({ ok: z.literal(false), message: z.string() })]);
export type CliImportPlanAnswer = z.infer<typeof CliImportPlanAnswer>;
