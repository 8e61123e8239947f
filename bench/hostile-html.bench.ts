// Scenario (docs/PERFORMANCE.md): web_fetch's HTML-to-text on hostile pages. How long the runner's
// conversion takes on 500 KB pages built to be slow: 100,000 unclosed `<div ` (the regex converter
// it replaced took 36 s) and 100,000 nested `<div>` (quadratic for the parser without the depth cut).
import { htmlToText } from '../src/runner/tools/html-to-text';
import { fig, progress, record } from './lib/report';
import { max, median } from './lib/stats';

const ROUNDS = 5;
const PAGES: ReadonlyArray<[key: string, label: string, html: string]> = [
  ['unclosed', '100,000 unclosed `<div `', `<p>start</p>${'<div '.repeat(100_000)}`],
  ['nested', '100,000 nested `<div>`', `${'<div>'.repeat(100_000)}deep${'</div>'.repeat(100_000)}`],
  ['entities', '500 KB of text with entities and links', '<p>a &amp; b <a href="/x">link</a> &eacute;</p>'.repeat(10_000)],
];

const figures: Record<string, ReturnType<typeof fig>> = {};
await htmlToText('<p>warm up: loads the parser</p>');
for (const [key, label, html] of PAGES) {
  progress(`${label} (${Math.round(html.length / 1024)} KB), ${ROUNDS} rounds`);
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const start = performance.now();
    await htmlToText(html, 'https://example.com/');
    times.push(performance.now() - start);
  }
  figures[`${key}P50`] = fig(`${label}: median`, median(times), 'ms');
  figures[`${key}Max`] = fig(`${label}: max`, max(times), 'ms');
}

record(
  'hostile-html',
  `htmlToText (web_fetch's converter: html-to-text on htmlparser2 after a linear cut of nesting past 256 levels) on each page ${ROUNDS} times in one Node process, after one warm-up call that loads the parser.`,
  figures,
);
