import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './paths';

/** One measured number, always with its unit. */
export type Figure = Readonly<{ label: string; value: number | string; unit: string }>;

export type Machine = Readonly<{ cpus: number; model: string; memGiB: number; node: string; platform: string }>;

/** What `bench/results/<scenario>.json` holds (bench/run.mjs builds docs/PERFORMANCE.md from these). */
export type BenchResult = Readonly<{
  scenario: string;
  date: string;
  machine: Machine;
  nodeExtraCaCerts: boolean;
  method: string;
  figures: Record<string, Figure>;
  notes: string[];
  /** The 1-minute load average when the scenario started and when it ended: above the core count, other work competed. */
  loadAverage: Readonly<{ start: number; end: number }>;
}>;

const LOAD_AT_START = loadavg()[0] ?? 0;

export function machine(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? 'unknown',
    memGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Whether this process (and so every child it starts with its environment) has NODE_EXTRA_CA_CERTS. */
export const NODE_EXTRA_CA_CERTS_SET = Boolean(process.env.NODE_EXTRA_CA_CERTS);

/** Rounds to `digits` decimals for printing and storing; the raw samples are not kept. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function fig(label: string, value: number | string, unit: string, digits = 1): Figure {
  return { label, value: typeof value === 'number' ? round(value, digits) : value, unit };
}

function formatValue(figure: Figure): string {
  return `${figure.value}${figure.unit ? ` ${figure.unit}` : ''}`;
}

/** Prints the figures and writes bench/results/<scenario>.json. */
export function record(scenario: string, method: string, figures: Record<string, Figure>, notes: string[] = []): BenchResult {
  const result: BenchResult = {
    scenario,
    date: new Date().toISOString(),
    machine: machine(),
    nodeExtraCaCerts: NODE_EXTRA_CA_CERTS_SET,
    method,
    figures,
    notes,
    loadAverage: { start: round(LOAD_AT_START, 2), end: round(loadavg()[0] ?? 0, 2) },
  };
  const folder = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${scenario}.json`), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n== ${scenario} ==`);
  for (const figure of Object.values(figures)) console.log(`  ${figure.label}: ${formatValue(figure)}`);
  for (const note of notes) console.log(`  note: ${note}`);
  console.log(`  load average (1 min): ${result.loadAverage.start} at the start, ${result.loadAverage.end} at the end, on ${result.machine.cpus} cores`);
  return result;
}

/** Progress on stderr, so stdout stays the figures. */
export function progress(message: string): void {
  process.stderr.write(`  … ${message}\n`);
}
