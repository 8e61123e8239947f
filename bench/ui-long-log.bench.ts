// Scenario 8 (docs/PERFORMANCE.md): opening a run with 100,000 log lines in Chromium, and scrolling it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { startServerProcess } from '../e2e/fixtures/server-process';
import { generateDatabase } from './lib/generate-db';
import { APP_ROOT } from './lib/paths';
import { type Figure, fig, progress, record } from './lib/report';

const EVENTS = 100_000;
const ITERATIONS = 2_000;
/** The text of the run's first event and of its last (a notice). */
const FIRST_LINE = 'Looking at step 1.0:';
const LAST_LINE = `bench: the very last line (${EVENTS})`;
/** The sweep scrolls from the top to the bottom in this many jumps, one per frame. */
const SWEEP_STEPS = 100;
/** Clicking "Show earlier" (the windowed log before virtualization) stops after this long, to keep `npm run bench` bounded. */
const SHOW_EARLIER_BUDGET_MS = 60_000;
const LONG_TASK_MS = 50;
const CHROMIUM = process.env.AUTOLOOP_E2E_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const LOG = '[data-testid="run-log"]';

type LongTask = Readonly<{ start: number; duration: number }>;
declare global {
  interface Window {
    benchLongTasks: LongTask[];
  }
}

/** A long-task figure: the count, with the longest and the total in the unit column. */
function longTasks(label: string, tasks: ReadonlyArray<LongTask>): Figure {
  const longest = Math.round(Math.max(0, ...tasks.map((task) => task.duration)));
  const total = Math.round(tasks.reduce((sum, task) => sum + task.duration, 0));
  return fig(label, tasks.length, `tasks > ${LONG_TASK_MS} ms (longest ${longest} ms, total ${total} ms)`, 0);
}

const dataDir = mkdtempSync(join(tmpdir(), 'autoloop-bench-ui-'));
mkdirSync(join(dataDir, 'templates'), { recursive: true });
progress(`generating one ended run with ${EVENTS} events`);
const generated = generateDatabase(join(dataDir, 'autoloop.db'), {
  runs: 1,
  iterationsPerRun: ITERATIONS,
  eventsPerRun: EVENTS,
  running: 0,
  lastEvent: { kind: 'notice', data: { message: LAST_LINE } },
});
const runId = generated.runIds[0] as string;
const server = await startServerProcess(APP_ROOT, dataDir);
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage();
  await page.addInitScript(() => {
    window.benchLongTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.benchLongTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  const longTasksSince = async (since: number): Promise<LongTask[]> =>
    (await page.evaluate(() => window.benchLongTasks)).filter((task) => task.start >= since && task.duration > LONG_TASK_MS);
  const pageNow = (): Promise<number> => page.evaluate(() => performance.now());
  /** performance.now() on the first animation frame where the log's text includes `text` (or the "Show earlier" button shows, when `orEarlierButton`). */
  const whenShown = async (text: string, orEarlierButton = false, timeoutMs = 180_000): Promise<number> =>
    (await (
      await page.waitForFunction(
        ({ selector, wanted, orButton }) => {
          const log = document.querySelector(selector);
          const shown = log?.textContent?.includes(wanted) || (orButton && Boolean(log?.querySelector('button.log-earlier')));
          return shown ? performance.now() : false;
        },
        { selector: LOG, wanted: text, orButton: orEarlierButton },
        { polling: 'raf', timeout: timeoutMs },
      )
    ).jsonValue()) as number;
  const figures: Record<string, Figure> = {};

  progress(`opening #/runs/${runId}`);
  await page.goto(`${server.url}#/runs/${encodeURIComponent(runId)}`);
  const firstLineAt = (await (
    await page.waitForFunction((selector) => (document.querySelector(`${selector} .log-line`) ? performance.now() : false), LOG, {
      polling: 'raf',
      timeout: 120_000,
    })
  ).jsonValue()) as number;
  const lastLineAt = await whenShown(LAST_LINE);
  const loadTasks = await longTasksSince(0);
  const afterLoad = await page.evaluate((selector: string) => {
    const log = document.querySelector(selector) as HTMLElement;
    const memory = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    return {
      domLines: log.querySelectorAll('.log-line').length,
      rowCount: document.querySelector('[data-testid="log-row-count"]')?.textContent?.trim() ?? '',
      earlierButton: log.querySelector('button.log-earlier')?.textContent?.trim() ?? '',
      heapMiB: memory ? memory.usedJSHeapSize / 1024 ** 2 : Number.NaN,
    };
  }, LOG);
  const isWindowed = afterLoad.earlierButton !== '';
  figures.firstLine = fig('navigation → first log line painted', firstLineAt, 'ms', 0);
  figures.lastLine = fig('navigation → last line painted (whole log loaded)', lastLineAt, 'ms', 0);
  figures.loadLongTasks = longTasks('long tasks while opening', loadTasks);
  figures.domLines = fig('log lines in the DOM after opening', afterLoad.domLines, 'lines', 0);
  figures.whatItDoes = fig(
    'what the UI does with the rest',
    isWindowed
      ? `keeps a window; offers "${afterLoad.earlierButton}"`
      : `virtualized: ${afterLoad.rowCount || 'all rows'} in memory, only the rows in view (plus overscan) in the DOM`,
    '',
  );
  figures.heap = fig('JS heap after opening', afterLoad.heapMiB, 'MiB');

  /** Sets the log's scrollTop; ms until the wanted text is painted, and the long tasks meanwhile. */
  const jump = async (where: 'top' | 'bottom'): Promise<{ ms: number; tasks: LongTask[] }> => {
    const started = await page.evaluate(
      ({ selector, to }) => {
        const log = document.querySelector(selector) as HTMLElement;
        const begin = performance.now();
        log.scrollTop = to === 'top' ? 0 : log.scrollHeight;
        return begin;
      },
      { selector: LOG, to: where },
    );
    const shownAt = where === 'top' ? await whenShown(FIRST_LINE, true, 30_000) : await whenShown(LAST_LINE, false, 30_000);
    return { ms: shownAt - started, tasks: await longTasksSince(started) };
  };
  progress('jumping to the top and back to the bottom');
  const toTop = await jump('top');
  const toBottom = await jump('bottom');
  figures.jumpTop = fig(`jump to the top: until ${isWindowed ? 'the top of the window' : 'the first line'} is painted`, toTop.ms, 'ms');
  figures.jumpTopTasks = longTasks('long tasks in that jump', toTop.tasks);
  figures.jumpBottom = fig('jump back to the bottom: until the last line is painted', toBottom.ms, 'ms');
  figures.jumpBottomTasks = longTasks('long tasks in that jump', toBottom.tasks);

  progress(`sweeping from the top to the bottom in ${SWEEP_STEPS} jumps`);
  await jump('top');
  const sweep = await page.evaluate(
    async ({ selector, steps }) => {
      const log = document.querySelector(selector) as HTMLElement;
      const frame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(resolve));
      let previous = await frame();
      const begin = previous;
      let longestFrame = 0;
      for (let i = 1; i <= steps; i += 1) {
        log.scrollTop = (i / steps) * (log.scrollHeight - log.clientHeight);
        const now = await frame();
        longestFrame = Math.max(longestFrame, now - previous);
        previous = now;
      }
      return { begin, end: previous, totalMs: previous - begin, longestFrame };
    },
    { selector: LOG, steps: SWEEP_STEPS },
  );
  // Rows measured during the sweep change the height, so the last step may stop short of the end.
  await jump('bottom');
  figures.sweepTotal = fig(`scroll sweep top → bottom, ${SWEEP_STEPS} jumps one per frame: total`, sweep.totalMs, 'ms', 0);
  figures.sweepFrame = fig('scroll sweep: longest frame', sweep.longestFrame, 'ms', 0);
  figures.sweepTasks = longTasks(
    'long tasks in the sweep',
    (await longTasksSince(sweep.begin)).filter((task) => task.start <= sweep.end),
  );

  if (isWindowed) {
    progress(`clicking "Show earlier" until the first line shows or ${SHOW_EARLIER_BUDGET_MS / 1000} s pass`);
    await jump('top');
    const clickTimes: number[] = [];
    const earlierStarted = await pageNow();
    const budgetEnds = performance.now() + SHOW_EARLIER_BUDGET_MS;
    const button = page.locator(`${LOG} button.log-earlier`);
    while ((await button.count()) > 0 && performance.now() < budgetEnds) {
      const before = await page.evaluate((selector) => document.querySelectorAll(`${selector} .log-line`).length, LOG);
      const clickedAt = await pageNow();
      await button.click();
      const shownAt = (await (
        await page.waitForFunction(
          ({ selector, count }) => (document.querySelectorAll(`${selector} .log-line`).length > count ? performance.now() : false),
          { selector: LOG, count: before },
          { polling: 'raf', timeout: 60_000 },
        )
      ).jsonValue()) as number;
      clickTimes.push(shownAt - clickedAt);
    }
    const domLines = await page.evaluate((selector) => document.querySelectorAll(`${selector} .log-line`).length, LOG);
    figures.earlierClicks = fig(
      '"Show earlier" clicks made',
      `${clickTimes.length}${(await button.count()) > 0 ? ` (stopped by the ${SHOW_EARLIER_BUDGET_MS / 1000} s budget)` : ' (reached the first line)'}`,
      'clicks',
    );
    figures.earlierFirst = fig('"Show earlier": first click until painted', clickTimes[0] ?? Number.NaN, 'ms', 0);
    figures.earlierLast = fig('"Show earlier": last click until painted', clickTimes.at(-1) ?? Number.NaN, 'ms', 0);
    figures.earlierTotal = fig(
      '"Show earlier": all clicks together',
      clickTimes.reduce((sum, ms) => sum + ms, 0),
      'ms',
      0,
    );
    figures.earlierTasks = longTasks('long tasks while clicking "Show earlier"', await longTasksSince(earlierStarted));
    figures.domLinesAfterClicks = fig('log lines in the DOM after the clicks', domLines, 'lines', 0);
  }

  record(
    'ui-long-log',
    `A data folder with one ended run of ${EVENTS.toLocaleString('en')} events in ${ITERATIONS} iterations (text, tool_call and tool_result in the runner's shapes, one log line each, plus one header line per iteration; the last event is a notice), made by direct SQL; \`autoloop serve --port 0\` on it (e2e/fixtures/server-process.ts, from the bench's copy of out/) and headless Chromium (${CHROMIUM}, Playwright, 1280×720) opening \`#/runs/<id>\`. Times are performance.now() in the page (so "navigation →" counts from navigation start), read on the first animation frame where the condition holds. Long tasks (> ${LONG_TASK_MS} ms) come from a PerformanceObserver({type: 'longtask', buffered: true}) added with page.addInitScript. A jump sets the log's scrollTop and waits until the first (or last) line's text is in the log; the sweep sets scrollTop ${SWEEP_STEPS} times from top to bottom, one step per animation frame. When the log is windowed (the last 2,000 lines and a "Show earlier" button, as before virtualization) the bench also clicks "Show earlier" until the first line shows or ${SHOW_EARLIER_BUDGET_MS / 1000} s pass.`,
    figures,
  );
} finally {
  await browser.close();
  const exit = await server.stop();
  if (exit.code !== 0) console.error(`autoloop serve exited with ${exit.code ?? exit.signal}:\n${server.stderr()}`);
  rmSync(dataDir, { recursive: true, force: true });
}
