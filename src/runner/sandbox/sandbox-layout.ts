import path from 'node:path';
import { CREDENTIAL_LOCATIONS } from '../tools/path-guard';

/**
 * Places under the home folder that hold keys, tokens, keyrings or browser profiles: hidden from every process a
 * run starts, besides the file tools' credential denylist (which they include).
 */
export const HIDDEN_HOME_LOCATIONS: ReadonlyArray<string> = [
  ...CREDENTIAL_LOCATIONS,
  '.password-store',
  '.local/share/keyrings',
  '.pki',
  '.mozilla',
  '.thunderbird',
  '.config/google-chrome',
  '.config/chromium',
  '.config/BraveSoftware',
  '.config/microsoft-edge',
  '.config/vivaldi',
  '.config/opera',
  'snap/firefox',
  'snap/chromium',
  'Library/Keychains',
  'Library/Cookies',
  'Library/Safari',
  'Library/Application Support/Google/Chrome',
  'Library/Application Support/Firefox',
  'Library/Application Support/BraveSoftware',
  'Library/Application Support/Microsoft Edge',
];

/** One path the sandbox hides: a folder gets an empty tmpfs (Linux) or a deny rule; a file is shadowed by /dev/null. */
export type HiddenPath = Readonly<{ path: string; kind: 'dir' | 'file' }>;

/** Everything a sandbox profile needs to know about the file system of one run, gathered by the caller. */
export type SandboxLayout = Readonly<{
  workdir: string;
  /** Read-only inside the sandbox (the `read-only` profile). */
  readOnlyWorkdir: boolean;
  outputDir: string;
  /** Existing paths to hide: the data folder, the home's credential stores, keyrings, browser profiles. */
  hidden: ReadonlyArray<HiddenPath>;
  /** Git folders inside writable places, kept read-only (the engine, outside the sandbox, makes the commits). */
  readOnlyInside: ReadonlyArray<string>;
  /** Sockets a person let through (e.g. the SSH agent's): bound back after the hiding. */
  sockets: ReadonlyArray<string>;
}>;

/** How many components a path has: mounts are applied parents first, so a deeper mount always wins. */
export function pathDepth(target: string): number {
  return path
    .resolve(target)
    .split(path.sep)
    .filter((part) => part !== '').length;
}

/** Candidate paths to hide for a home folder and a data folder, before the caller checks which exist. */
export function hiddenCandidates(home: string, dataDir: string, extra: ReadonlyArray<string> = []): ReadonlyArray<string> {
  return [dataDir, ...HIDDEN_HOME_LOCATIONS.map((location) => path.join(home, location)), ...extra];
}
