import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Engine } from '../create-engine';
import type { Logger } from '../logger';
import { LINK_PROBLEM_WORDS, type LinkProblem } from '../notify/action-links';
import { LINK_ACTION_WORDS, describeLink, performLink } from '../notify/link-decisions';
import { messageOf } from '../../shared/errors';

const PAGE_HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // The link never leaves in a Referer to another site; same-origin lets the confirming POST carry its Origin (no-referrer would send `null`).
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
} as const;

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);

function page(response: ServerResponse, status: number, heading: string, body: string): void {
  response
    .writeHead(status, PAGE_HEADERS)
    .end(
      `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Autoloop: ${escapeHtml(heading)}</title>` +
        `<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem"><h1 style="font-size:1.3rem">${escapeHtml(heading)}</h1>${body}</body></html>`,
    );
}

const PROBLEM_STATUS: Readonly<Record<LinkProblem, number>> = { invalid: 404, expired: 410, used: 409 };

/**
 * `/act/<link>`: a GET shows what the link would decide and a button (no action on a bare GET: a
 * link preview, a mail scanner or a prefetch decides nothing); the POST that button sends uses the
 * link (once: a replay is refused) and takes the decision. An invalid link counts as a failed
 * attempt of the address (`onInvalid`).
 */
export async function answerActionLink(
  request: IncomingMessage,
  response: ServerResponse,
  options: Readonly<{ engine: Engine; token: string; log: Logger; onInvalid(): void }>,
): Promise<void> {
  const { engine, token } = options;
  const refuse = (problem: LinkProblem): void => {
    if (problem === 'invalid') options.onInvalid();
    page(response, PROBLEM_STATUS[problem], 'Nothing was decided', `<p>${escapeHtml(LINK_PROBLEM_WORDS[problem])}</p>`);
  };
  if (request.method === 'GET' || request.method === 'HEAD') {
    const checked = engine.actionLinks.check(token);
    if (!checked.ok) return refuse(checked.problem);
    const subject = await describeLink(engine, checked.payload);
    const details = `<ul>${subject.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`;
    if (subject.stillOpen !== null) return page(response, 409, 'Nothing to decide', `${details}<p>${escapeHtml(subject.stillOpen)}</p>`);
    const button = LINK_ACTION_WORDS[checked.payload.action];
    return page(
      response,
      200,
      subject.heading,
      `${details}<p>From the notifier ${escapeHtml(checked.payload.via)}. This link works once.</p>` +
        `<form method="post"><button type="submit" style="font-size:1.1rem;padding:.6rem 1.2rem">${escapeHtml(button)}</button></form>`,
    );
  }
  if (request.method !== 'POST') {
    response.writeHead(405, { Allow: 'GET, HEAD, POST' }).end();
    return;
  }
  request.resume(); // the form sends no fields worth reading
  const used = engine.actionLinks.consume(token);
  if (!used.ok) return refuse(used.problem);
  const subject = await describeLink(engine, used.payload);
  if (subject.stillOpen !== null) {
    engine.actionLinks.recordOutcome(used.payload.id, subject.stillOpen);
    return page(response, 409, 'Nothing was decided', `<p>${escapeHtml(subject.stillOpen)}</p>`);
  }
  try {
    const outcome = await performLink(engine, used.payload);
    engine.actionLinks.recordOutcome(used.payload.id, outcome);
    options.log.info(`action link: ${used.payload.action} ${used.payload.target} through ${used.payload.via}: ${outcome}`);
    page(response, 200, 'Done', `<p>${escapeHtml(outcome)}</p>`);
  } catch (error) {
    engine.actionLinks.recordOutcome(used.payload.id, `refused: ${messageOf(error)}`);
    page(response, 409, 'Nothing was decided', `<p>${escapeHtml(messageOf(error))}</p>`);
  }
}
