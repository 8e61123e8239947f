import { createHmac } from 'node:crypto';
import { assertNever } from '../../shared/assert';
import type { ApiPushEvent } from '../../shared/api';
import { type Notifier, type NotifierEvent, notifiersFor } from '../../shared/notifiers';
import type { Run, StopReason } from '../../shared/records';
import type { Settings } from '../../shared/settings';
import type { Unsubscribe } from '../../shared/channel';
import type { EventBus } from '../events/event-bus';
import type { Logger } from '../logger';
import type { ActionLinks, LinkAction } from './action-links';
import { LINK_ACTION_WORDS, extendedLimits } from './link-decisions';

/** The header a webhook's receiver checks: `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" under the notifier's secret>`. */
export const SIGNATURE_HEADER = 'x-autoloop-signature';
export const TIMESTAMP_HEADER = 'x-autoloop-timestamp';

/** Delivery: attempts per notification, the first backoff (then ×4), the time one attempt may take, the deliveries in flight at most. */
export type DeliveryPolicy = Readonly<{ attempts: number; firstBackoffMs: number; attemptTimeoutMs: number; maxInFlight: number }>;
export const DEFAULT_DELIVERY: DeliveryPolicy = { attempts: 4, firstBackoffMs: 2_000, attemptTimeoutMs: 10_000, maxInFlight: 100 };

/** Runs whose last state is remembered, to report each change once. */
const REMEMBERED_RUNS = 10_000;

/** Stop reasons that are not failures: a run that ended this way is not reported. */
const NOT_FAILURES: ReadonlySet<StopReason> = new Set(['completed', 'user_stop', 'replaced']);

/** One notification, as a webhook receives it (JSON) and as ntfy shows it. */
export type Notification = Readonly<{
  event: NotifierEvent;
  title: string;
  message: string;
  runId: string | null;
  approvalId: string | null;
  at: string;
  actions: ReadonlyArray<{ action: LinkAction; label: string; url: string }>;
}>;

/** Computes a webhook signature (receivers do the same to check it). */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** ntfy's JSON publish: to the server's root, naming the topic (the last part of the topic URL). */
export function ntfyRequest(topicUrl: string, notification: Notification): { url: string; body: string } {
  const url = new URL(topicUrl);
  const parts = url.pathname.split('/').filter(Boolean);
  const topic = parts.pop() ?? '';
  url.pathname = `/${parts.join('/')}`;
  const body = {
    topic,
    title: notification.title,
    message: notification.message,
    priority: notification.event === 'approval_requested' || notification.event === 'budget_pause' ? 4 : 3,
    tags: [notification.event],
    // `view` opens the link's confirmation page: nothing is decided until the person confirms there.
    actions: notification.actions.map((action) => ({ action: 'view', label: action.label, url: action.url, clear: true })),
  };
  return { url: url.toString().replace(/\/$/, ''), body: JSON.stringify(body) };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());

/**
 * The engine calls for attention itself (issue #25): each event a notifier chose goes to it, in the
 * background: a webhook gets a signed JSON POST, an ntfy topic a message with action buttons.
 * Delivery is retried with backoff on a network error, a timeout, 429 or 5xx, and never blocks
 * the engine: the bus listener only queues, and past `maxInFlight` deliveries new ones are dropped
 * with a log line. Action links need `linkBase`, the address people reach this engine at.
 */
export function startNotifiers(
  options: Readonly<{
    bus: EventBus;
    settings(): Settings;
    links: ActionLinks;
    /** The `notify` list of a run (left out: every notifier); an approval's run is looked up through it. */
    runNotify(runId: string): ReadonlyArray<string> | undefined;
    linkBase: string | null;
    log: Logger;
    delivery?: DeliveryPolicy;
    now?: () => Date;
  }>,
): Readonly<{ stop(): void; idle(): Promise<void> }> {
  const policy = options.delivery ?? DEFAULT_DELIVERY;
  const now = options.now ?? (() => new Date());
  const lastStatus = new Map<string, string>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const link = (action: LinkAction, target: string, via: string): { action: LinkAction; label: string; url: string } | null => {
    if (options.linkBase === null) return null;
    const token = options.links.mint(action, target, via, options.settings().notify.linkMinutes * 60_000);
    return { action, label: LINK_ACTION_WORDS[action], url: `${options.linkBase.replace(/\/$/, '')}/act/${token}` };
  };

  type Draft = Omit<Notification, 'actions' | 'at'> &
    Readonly<{
      actions: ReadonlyArray<readonly [LinkAction, string]>;
      /** The run's notifiers, when the event carries the run. */ notify?: ReadonlyArray<string>;
    }>;

  function draftOf(event: ApiPushEvent): Draft | null {
    switch (event.type) {
      case 'approval.requested': {
        const { approval } = event;
        return {
          event: 'approval_requested',
          title: `Approval requested: ${approval.tool}`,
          message: approval.summary,
          runId: approval.runId,
          approvalId: approval.id,
          actions: [
            ['allow_once', approval.id],
            ['deny', approval.id],
          ],
        };
      }
      case 'run.updated':
        return draftOfRun(event.run);
      case 'notice':
        return event.schedule?.problem === 'watchdog'
          ? { event: 'schedule_watchdog', title: 'Schedule watchdog', message: event.message, runId: null, approvalId: null, actions: [] }
          : null;
      case 'approval.resolved':
      case 'run.deleted':
      case 'run.event':
      case 'run.iteration':
      case 'schedule.changed':
        return null;
      default:
        return assertNever(event, 'push event');
    }
  }

  function draftOfRun(run: Run): Draft | null {
    const state = `${run.status}:${run.pauseReason ?? ''}:${run.stopReason ?? ''}`;
    const before = lastStatus.get(run.id);
    lastStatus.delete(run.id);
    lastStatus.set(run.id, state); // the newest last
    if (before === state) return null;
    // An ended run stays remembered (a later update of it must not report it again); the oldest are forgotten past the cap.
    if (lastStatus.size > REMEMBERED_RUNS) lastStatus.delete(lastStatus.keys().next().value as string);
    if (run.status === 'paused' && run.pauseReason === 'budget') {
      const canExtend = extendedLimits(run, options.settings().notify.extendPercent) !== null;
      return {
        event: 'budget_pause',
        title: `Budget pause: ${run.name}`,
        ...(run.notify === undefined ? {} : { notify: run.notify }),
        message: `${run.name} paused on its budget${run.costUsd === null ? '' : ` after $${run.costUsd.toFixed(2)}`}.`,
        runId: run.id,
        approvalId: null,
        actions: [...(canExtend ? [['extend', run.id] as const] : []), ['stop', run.id] as const],
      };
    }
    if (run.status === 'ended' && run.stopReason !== null && !NOT_FAILURES.has(run.stopReason)) {
      return {
        event: 'run_failed',
        title: `Run ended: ${run.name}`,
        ...(run.notify === undefined ? {} : { notify: run.notify }),
        message: `${run.name} ended: ${run.stopReason.replace(/_/g, ' ')}.`,
        runId: run.id,
        approvalId: null,
        actions: [],
      };
    }
    return null;
  }

  async function post(notifier: Notifier, url: string, body: string, headers: Record<string, string>): Promise<void> {
    for (let attempt = 1; attempt <= policy.attempts && !stopped; attempt += 1) {
      let problem: string;
      try {
        const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(policy.attemptTimeoutMs), redirect: 'error' });
        await response.body?.cancel();
        if (response.ok) return;
        problem = `HTTP ${response.status}`;
        if (response.status < 500 && response.status !== 429) {
          options.log.warn(`notifier ${notifier.name}: ${url} refused the notification (${problem}); not retried`);
          return;
        }
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      if (attempt === policy.attempts) {
        options.log.warn(`notifier ${notifier.name}: gave up after ${attempt} attempts (${problem})`);
        return;
      }
      options.log.warn(`notifier ${notifier.name}: attempt ${attempt} failed (${problem}); retrying`);
      await sleep(policy.firstBackoffMs * 4 ** (attempt - 1));
    }
  }

  function deliver(notifier: Notifier, notification: Notification): Promise<void> {
    if (notifier.kind === 'ntfy') {
      const request = ntfyRequest(notifier.url, notification);
      return post(notifier, request.url, request.body, { 'Content-Type': 'application/json' });
    }
    const body = JSON.stringify(notification);
    const timestamp = String(Math.floor(now().getTime() / 1000));
    return post(notifier, notifier.url, body, {
      'Content-Type': 'application/json',
      'User-Agent': 'Autoloop',
      [TIMESTAMP_HEADER]: timestamp,
      [SIGNATURE_HEADER]: webhookSignature(notifier.secret ?? '', timestamp, body),
    });
  }

  const unsubscribe: Unsubscribe = options.bus.subscribe((event) => {
    if (stopped) return;
    const notifiers = options.settings().notify.notifiers;
    if (notifiers.length === 0) return;
    const found = draftOf(event);
    if (!found) return;
    const { notify: carried, ...draft } = found;
    // The run's own `notify` list narrows the notifiers (an approval names only its run, so that is looked up).
    const runNotify = carried ?? (draft.runId === null ? undefined : options.runNotify(draft.runId));
    for (const notifier of notifiersFor(notifiers, draft.event, runNotify)) {
      if (notifier.kind === 'webhook' && notifier.secret === undefined) continue;
      if (inFlight.size >= policy.maxInFlight) {
        options.log.warn(`notifier ${notifier.name}: ${policy.maxInFlight} deliveries are waiting; dropped "${draft.title}"`);
        continue;
      }
      // Each notifier gets its own links, so the decision names the notifier it came through.
      const actions = draft.actions.map(([action, target]) => link(action, target, notifier.name)).filter((action) => action !== null);
      const notification: Notification = { ...draft, actions, at: now().toISOString() };
      const delivery = deliver(notifier, notification).catch((error: unknown) => options.log.error(`notifier ${notifier.name} failed`, error));
      inFlight.add(delivery);
      void delivery.finally(() => inFlight.delete(delivery));
    }
  });

  return {
    stop() {
      stopped = true;
      unsubscribe();
    },
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}
