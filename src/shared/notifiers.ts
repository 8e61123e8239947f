import { z } from 'zod';

/** What the engine calls for attention about (issue #25). */
export const NotifierEvent = z.enum(['approval_requested', 'budget_pause', 'run_failed', 'schedule_watchdog']);
export type NotifierEvent = z.infer<typeof NotifierEvent>;

/** A notifier's kind: a webhook (POST JSON, signed with HMAC-SHA256) or an ntfy topic (with action buttons). */
export const NotifierKind = z.enum(['webhook', 'ntfy']);

const httpUrl = z
  .string()
  .max(2_000)
  .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s]*)?$/i, 'an http:// or https:// address');

/**
 * A notifier. `secret` signs a webhook's body; it is never shown again once set: the API answers
 * `secretSet` instead, and a patch that leaves it out keeps the stored one (as for provider keys).
 */
/** A notifier's name, as settings, a template's `notify:` and a run's `notify` name it. */
export const NotifierName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'a notifier name is letters, digits, dots, dashes or underscores');

export const Notifier = z
  .object({
    name: NotifierName,
    kind: NotifierKind,
    url: httpUrl,
    events: z.array(NotifierEvent).min(1, 'choose at least one event').max(NotifierEvent.options.length),
    secret: z.string().min(16, 'a webhook secret is at least 16 characters').max(200).optional(),
    secretSet: z.boolean().optional(),
  })
  .strict()
  .refine((notifier) => notifier.kind !== 'webhook' || notifier.secret !== undefined || notifier.secretSet === true, {
    message: 'a webhook needs a secret to sign with',
    path: ['secret'],
  });
export type Notifier = z.infer<typeof Notifier>;

export const NotifySettings = z
  .object({
    notifiers: z.array(Notifier).max(20),
    /** How long an action link in a notification stays usable. */
    linkMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60),
    /** "Extend the budget" raises the run's token and cost limits by this share of their value. */
    extendPercent: z.number().int().min(1).max(1_000),
  })
  .strict();
export type NotifySettings = z.infer<typeof NotifySettings>;

export const DEFAULT_NOTIFY: NotifySettings = { notifiers: [], linkMinutes: 60, extendPercent: 50 };

/** A new list of notifiers, each left-out secret kept from the stored notifier of the same name. */
export function applyNotifiersPatch(stored: ReadonlyArray<Notifier>, next: ReadonlyArray<Notifier>): Notifier[] {
  return next.map(({ secretSet: _shown, ...notifier }) => {
    if (notifier.secret !== undefined || notifier.kind !== 'webhook') return notifier;
    const kept = stored.find((candidate) => candidate.name === notifier.name)?.secret;
    return kept === undefined ? notifier : { ...notifier, secret: kept };
  });
}

/**
 * The notifiers one run's events go to: those configured for the event kind, narrowed to the run's `notify` list when it
 * has one (`[]`: none). Events of no run (the schedule watchdog) go to every notifier configured for them.
 */
export function notifiersFor(notifiers: ReadonlyArray<Notifier>, event: NotifierEvent, runNotify: ReadonlyArray<string> | undefined): Notifier[] {
  return notifiers.filter((notifier) => notifier.events.includes(event) && (runNotify === undefined || runNotify.includes(notifier.name)));
}

/** The names in `chosen` that are not configured notifiers: a run naming one is refused at start. */
export function unknownNotifiers(notifiers: ReadonlyArray<Notifier>, chosen: ReadonlyArray<string>): string[] {
  return chosen.filter((name) => !notifiers.some((notifier) => notifier.name === name));
}

/** Words for each event, for every surface. */
export const NOTIFIER_EVENT_WORDS: Readonly<Record<NotifierEvent, string>> = {
  approval_requested: 'an approval is requested',
  budget_pause: 'a run pauses on its budget',
  run_failed: 'a run ends with a failure',
  schedule_watchdog: 'a schedule’s watchdog fires',
};

/** Where one run's events go, as a run record's `notify` says: every configured notifier, the named ones, or none. */
export type RunNotifyChoice = { readonly to: 'all' } | { readonly to: 'named'; readonly names: readonly string[] } | { readonly to: 'none' };

/** Pure: the run's `notify` (left out: all; `[]`: none; names) as a choice, for `--json` and for the words below. */
export function runNotifyChoice(notify: ReadonlyArray<string> | undefined): RunNotifyChoice {
  if (notify === undefined) return { to: 'all' };
  return notify.length === 0 ? { to: 'none' } : { to: 'named', names: [...notify] };
}

/** Words for the notifiers a run's events go to, the same on the run page and in `autoloop show`. */
export function describeRunNotify(notify: ReadonlyArray<string> | undefined): string {
  const choice = runNotifyChoice(notify);
  if (choice.to === 'all') return 'All configured notifiers (each for the events it is set for)';
  if (choice.to === 'none') return 'None: no notifier is called for this run';
  return choice.names.join(', ');
}
