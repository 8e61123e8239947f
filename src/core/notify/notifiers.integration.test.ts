import { type IncomingMessage, type Server, createServer, request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { type ServedTempEngine, startServedTempEngine } from '../testing/served-temp-engine';
import { waitUntil } from '../testing/wait-until';
import { type Notification, SIGNATURE_HEADER, TIMESTAMP_HEADER, startNotifiers, webhookSignature } from './notifiers';

// A real engine serving /act/, real runs on the scripted provider, and a local HTTP receiver standing in for the webhook and ntfy.
type Received = Readonly<{ path: string; headers: IncomingMessage['headers']; body: string }>;
let served: ServedTempEngine;
let receiver: Server;
let receiverUrl: string;
let origin: string;
const received: Received[] = [];
/** What the receiver answers next per path (then 200). */
const answers = new Map<string, number[]>();
let notifiers: ReturnType<typeof startNotifiers>;
const SECRET = 'a-webhook-secret-of-length';

beforeAll(async () => {
  served = await startServedTempEngine();
  origin = new URL(served.server.url).origin;
  receiver = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({ path, headers: request.headers, body });
      response.writeHead(answers.get(path)?.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  notifiers = startNotifiers({
    bus: served.engine.bus,
    settings: () => served.engine.settings(),
    links: served.engine.actionLinks,
    runNotify: (runId) => served.engine.runNotify(runId),
    linkBase: origin,
    log: served.engine.log,
    delivery: { attempts: 3, firstBackoffMs: 5, attemptTimeoutMs: 2_000, maxInFlight: 20 },
  });
});
afterAll(async () => {
  notifiers.stop();
  await served.close();
  await new Promise((resolve) => receiver.close(resolve));
});

const deliveredTo = (path: string): Received[] => received.filter((request) => request.path === path);
const linkOf = (notification: Pick<Notification, 'actions'>, action: string): string =>
  notification.actions.find((candidate) => candidate.action === action)?.url ?? '';

async function startAsking(name: string, workdir: string, extra: Readonly<{ template?: string; notify?: string[] }> = {}): Promise<string> {
  const model = served.engine.writeScript(name, {
    responses: [
      { text: 'Writing.', toolCalls: [{ tool: 'write_file', input: { path: 'owned.txt', content: 'x' } }] },
      {
        text: 'Done.',
        toolCalls: [
          { tool: 'report', input: { summary: 'wrote' } },
          { tool: 'complete', input: { reason: 'wrote' } },
        ],
      },
    ],
  });
  const run = await served.engine.api['runs.start'](
    StartRunParams.parse({
      template: extra.template ?? 'demo-counter',
      model,
      workdir,
      loop: { intervalMs: 0, stagnationLimit: 0 },
      permissions: { profile: 'ask' },
      ...(extra.notify ? { notify: extra.notify } : {}),
    }),
  );
  return run.id;
}

describe('notifiers and action links', () => {
  it('sign webhooks, retry a failing receiver, send ntfy buttons, and decide an approval once through a confirmed link', async () => {
    await served.engine.api['settings.set']({
      notify: {
        notifiers: [
          { name: 'hook', kind: 'webhook', url: `${receiverUrl}/hook`, events: ['approval_requested'], secret: SECRET },
          { name: 'phone', kind: 'ntfy', url: `${receiverUrl}/ntfy/alerts`, events: ['approval_requested'] },
        ],
      },
    });
    // A read of the settings (a read-only token can make one) never carries the secret.
    const shown = (await served.engine.api['settings.get']({})).notify.notifiers[0];
    expect(shown).toMatchObject({ name: 'hook', secretSet: true });
    expect(JSON.stringify(shown)).not.toContain(SECRET);

    answers.set('/hook', [503]);
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-notify-'));
    const runId = await startAsking('notify-allow', workdir);
    await waitUntil(() => deliveredTo('/hook').length === 2 && deliveredTo('/ntfy').length === 1, 'the webhook (retried once) and ntfy');

    const [, hook] = deliveredTo('/hook');
    const timestamp = String(hook?.headers[TIMESTAMP_HEADER]);
    expect(hook?.headers[SIGNATURE_HEADER]).toBe(webhookSignature(SECRET, timestamp, hook?.body ?? ''));
    const notification = JSON.parse(hook?.body ?? '{}') as Notification;
    expect(notification).toMatchObject({ event: 'approval_requested', runId, title: 'Approval requested: write_file' });
    expect(served.engine.log.lines.join('\n')).toContain('notifier hook: attempt 1 failed (HTTP 503); retrying');

    const ntfy = JSON.parse(deliveredTo('/ntfy')[0]?.body ?? '{}') as { topic: string; actions: { action: string; label: string; url: string }[] };
    expect(ntfy.topic).toBe('alerts');
    expect(ntfy.actions.map((action) => [action.action, action.label])).toEqual([
      ['view', 'Allow once'],
      ['view', 'Deny'],
    ]);

    // A bare GET (a preview, a scanner) only shows what would be decided.
    const allow = linkOf(notification, 'allow_once');
    expect(allow.startsWith(`${origin}/act/`)).toBe(true);
    const confirm = await fetch(allow);
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    expect(page).toContain('<form method="post">');
    expect(page).toContain('Tool: write_file');
    expect(await served.engine.api['approvals.list']({ status: 'pending' })).toHaveLength(1);

    const done = await fetch(allow, { method: 'POST' });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Allowed once: write_file.');
    const [answered] = await served.engine.api['approvals.list']({ runId, status: 'all' });
    expect(answered).toMatchObject({ status: 'allowed', scope: 'once', decidedBy: 'link', decidedVia: 'hook' });

    // Replayed: refused. The other notifier's deny link for the same request: nothing decided twice.
    const replay = await fetch(allow, { method: 'POST' });
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('already used');
    const deny = ntfy.actions[1]?.url ?? '';
    const denyPage = await fetch(deny);
    expect(denyPage.status).toBe(409);
    expect(await denyPage.text()).toContain('already answered (allowed)');
    expect((await fetch(deny, { method: 'POST' })).status).toBe(409);
    expect(await served.engine.supervisor.finished(runId)).toMatchObject({ stopReason: 'completed' });
    rmSync(workdir, { recursive: true, force: true });
  }, 30_000);

  it('refuse an expired link and a tampered one, and a POST from another site', async () => {
    const expired = served.engine.actionLinks.mint('stop', 'r-none', 'hook', 1);
    const mintedAt = Date.now();
    await waitUntil(() => Date.now() > mintedAt + 2, 'the link to expire');
    const late = await fetch(`${origin}/act/${expired}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('expired');

    const good = served.engine.actionLinks.mint('stop', 'r-none', 'hook', 60_000);
    const [body = '', signature = ''] = good.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), action: 'extend' })).toString('base64url');
    expect((await fetch(`${origin}/act/${forged}.${signature}`)).status).toBe(404);
    expect((await fetch(`${origin}/act/${good}`, { method: 'POST', headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    // The Host check holds for links too (a DNS-rebinding page cannot reach them).
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${origin}/act/${good}`, { headers: { Host: 'evil.example' } }, (response) => resolve(response.statusCode ?? 0));
      request.on('error', reject).end();
    });
    expect(rebound).toBe(421);
    expect(served.engine.log.lines.some((line) => line.includes('refused an invalid action link from 127.0.0.1'))).toBe(true);
  });

  it('offer extend and stop on a budget pause; extend raises the limits by the configured step and resumes', async () => {
    await served.engine.api['settings.set']({
      notify: {
        extendPercent: 100,
        notifiers: [{ name: 'budget-hook', kind: 'webhook', url: `${receiverUrl}/budget`, events: ['budget_pause', 'run_failed'], secret: SECRET }],
      },
    });
    const model = served.engine.writeScript('notify-budget', {
      responses: [
        { text: 'x', toolCalls: [{ tool: 'report', input: { summary: 'spent' } }], usage: { inputTokens: 400, outputTokens: 100 } },
        { text: 'ok', usage: { inputTokens: 0, outputTokens: 0 } },
      ],
      whenExhausted: 'loop',
    });
    const run = await served.engine.api['runs.start'](
      StartRunParams.parse({ template: 'demo-counter', model, limits: { maxTokens: 500 }, loop: { intervalMs: 0, stagnationLimit: 0 } }),
    );
    await waitUntil(() => deliveredTo('/budget').length === 1, 'the budget-pause notification');
    const notification = JSON.parse(deliveredTo('/budget')[0]?.body ?? '{}') as Notification;
    expect(notification).toMatchObject({ event: 'budget_pause', runId: run.id });
    expect(notification.actions.map((action) => action.action)).toEqual(['extend', 'stop']);
    const page = await (await fetch(linkOf(notification, 'extend'))).text();
    expect(page).toContain('New limits: 1000 tokens');
    const done = await fetch(linkOf(notification, 'extend'), { method: 'POST' });
    expect(await done.text()).toContain('Extended the budget');
    expect((await served.engine.api['runs.get']({ id: run.id })).limits.maxTokens).toBe(1_000);
    // The stop link still works while the run lives; a stop by the person is not a failure, so nothing more is sent.
    await fetch(linkOf(notification, 'stop'), { method: 'POST' });
    await waitUntil(async () => (await served.engine.api['runs.get']({ id: run.id })).status === 'ended', 'the run to end');
    const ended = await served.engine.api['runs.get']({ id: run.id });
    expect(ended.stopReason).toBe('user_stop');
    // The same run as the engine would publish it had it ended on a failure: reported once, without actions.
    served.engine.bus.publish({ type: 'run.updated', run: { ...ended, id: 'r-failed', stopReason: 'verify_failed' } });
    served.engine.bus.publish({ type: 'run.updated', run: { ...ended, id: 'r-failed', stopReason: 'verify_failed' } });
    const failures = (): Notification[] =>
      deliveredTo('/budget')
        .map((request) => JSON.parse(request.body) as Notification)
        .filter((sent) => sent.event === 'run_failed');
    await waitUntil(() => failures().length === 1, 'the failure notification');
    await notifiers.idle();
    expect(failures()).toEqual([expect.objectContaining({ runId: 'r-failed', message: expect.stringContaining('ended: verify failed'), actions: [] })]);
  }, 30_000);

  it('send a run’s events only to the notifiers it names, to none for a template’s notify: [], and refuse an unknown name at the field', async () => {
    await served.engine.api['settings.set']({
      notify: {
        notifiers: [
          { name: 'hook-a', kind: 'webhook', url: `${receiverUrl}/a`, events: ['approval_requested'], secret: SECRET },
          { name: 'hook-b', kind: 'webhook', url: `${receiverUrl}/b`, events: ['approval_requested'], secret: SECRET },
        ],
      },
    });
    const workdir = mkdtempSync(join(tmpdir(), 'autoloop-notify-'));
    const pendingOf = async (runId: string): Promise<string | undefined> => (await served.engine.api['approvals.list']({ runId, status: 'pending' }))[0]?.id;
    const answer = async (runId: string): Promise<void> => {
      await waitUntil(async () => (await pendingOf(runId)) !== undefined, 'the approval request');
      await served.engine.api['approvals.decide']({ id: (await pendingOf(runId)) ?? '', decision: 'deny', scope: 'once' });
      await served.engine.supervisor.finished(runId);
    };

    // A run naming hook-b: only hook-b hears of its approval, and the run shows its choice.
    const named = await startAsking('notify-only-b', workdir, { notify: ['hook-b'] });
    await waitUntil(() => deliveredTo('/b').length === 1, 'hook-b');
    await notifiers.idle();
    expect(deliveredTo('/a')).toHaveLength(0);
    expect(JSON.parse(deliveredTo('/b')[0]?.body ?? '{}')).toMatchObject({ runId: named });
    expect((await served.engine.api['runs.get']({ id: named })).notify).toEqual(['hook-b']);
    await answer(named);

    // A template with notify: []: its approval reaches no notifier; a run of it naming one overrides the template.
    const text = (await served.engine.api['templates.get']({ name: 'demo-counter' })).text.replace('name: demo-counter', 'name: quiet-counter\nnotify: []');
    await served.engine.api['templates.save']({ name: 'quiet-counter', text });
    const quiet = await startAsking('notify-none', workdir, { template: 'quiet-counter' });
    await waitUntil(async () => (await pendingOf(quiet)) !== undefined, 'the quiet run’s approval request');
    await notifiers.idle();
    expect(deliveredTo('/a')).toHaveLength(0);
    expect(deliveredTo('/b')).toHaveLength(1);
    expect((await served.engine.api['runs.get']({ id: quiet })).notify).toEqual([]);
    await answer(quiet);

    // Left out everywhere: every notifier for the event kind.
    const all = await startAsking('notify-all', workdir);
    await waitUntil(() => deliveredTo('/a').length === 1 && deliveredTo('/b').length === 2, 'both notifiers');
    expect((await served.engine.api['runs.get']({ id: all })).notify).toBeUndefined();
    await answer(all);

    // An unknown name (from the run or from the template) is refused before anything starts, at the field.
    const refused = startAsking('notify-unknown', workdir, { notify: ['hook-b', 'pager'] });
    await expect(refused).rejects.toMatchObject({ code: 'invalid_input', details: { field: 'notify' } });
    await expect(refused).rejects.toThrow('no notifier named "pager": the notifiers are hook-a, hook-b');
    await served.engine.api['templates.save']({
      name: 'paging-counter',
      text: text.replace('notify: []', 'notify: [pager]').replace('quiet-counter', 'paging-counter'),
    });
    await expect(startAsking('notify-unknown-template', workdir, { template: 'paging-counter' })).rejects.toThrow(
      `no notifier named "pager" (the template's notify:)`,
    );
    rmSync(workdir, { recursive: true, force: true });
  }, 60_000);

  it('give up on a receiver that stays down after the bounded attempts, without holding up the engine', async () => {
    answers.set('/down', [500, 500, 500]);
    await served.engine.api['settings.set']({
      notify: { notifiers: [{ name: 'down', kind: 'webhook', url: `${receiverUrl}/down`, events: ['schedule_watchdog'], secret: SECRET }] },
    });
    served.engine.bus.publish({
      type: 'notice',
      level: 'warning',
      message: 'Schedule "nightly": no run completed',
      schedule: { id: 's1', name: 'nightly', problem: 'watchdog' },
    });
    expect(await served.engine.api['runs.list']({ limit: 10 })).toBeTruthy(); // answered while the delivery is under way
    await waitUntil(() => served.engine.log.lines.some((line) => line.includes('notifier down: gave up after 3 attempts (HTTP 500)')), 'giving up');
    expect(deliveredTo('/down')).toHaveLength(3);
  });
});
