import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { EngineTarget } from '../../core/serving/engine-trust';
import { socketUrlOfEngineUrl } from '../../core/serving/engine-trust';
import { isLoopbackHost } from '../../core/serving/host-check';
import { DesktopEngineInput, DesktopEngineUpdate } from '../../shared/desktop-engines';
import { messageOf } from '../../shared/errors';
import { ensurePrivateFolder, PRIVATE_FILE_MODE } from '../../core/store/private-files';
import { readJsonFile } from '../json-file';

/** Seals and opens a secret; in the app, `createSecretBox(safeStorage)` (security/secret-box.ts), the OS keychain. */
export type SecretBox = Readonly<{ seal(plainText: string): string; open(sealed: string): string }>;

/** One remote engine as kept on disk: its token and approver code sealed, never plain. */
const StoredEngine = z.object({
  name: z.string(),
  url: z.string(),
  token: z.string(),
  ca: z.string().optional(),
  approverCode: z.string().optional(),
});
type StoredEngine = z.infer<typeof StoredEngine>;
/** `shown`: the engine the window showed last (issue #25), restored at the next start; absent or null for this app's own. */
const StoredFile = z.object({ engines: z.array(StoredEngine), shown: z.string().nullable().optional() });
type StoredFile = z.infer<typeof StoredFile>;

/** One kept engine without its secrets: what main passes around and what the window may see. */
export type KeptEngine = Readonly<{ name: string; url: string; ca: string | null; hasApproverCode: boolean }>;

/** Where a kept engine is reached and with what: opened only in main, at connect time. */
export type EngineConnection = Readonly<{ target: EngineTarget; approverCode: string | undefined }>;

/** The desktop app's remote engines (issue #25), kept in `<data dir>/desktop-engines.json`, mode 0600. */
export type DesktopEnginesFile = Readonly<{
  path: string;
  list(): KeptEngine[];
  /** Adds an engine; throws an Error saying what to fix when the input is refused. */
  add(input: unknown): KeptEngine;
  /** Replaces what `input` gives (token, approver code, CA file) of a kept engine, keeping its name and address; throws with what to fix. */
  update(input: unknown): KeptEngine;
  /** Removes an engine; false when there was none by that name. */
  remove(name: string): boolean;
  /** Opens the token (and approver code) of an engine, and reads its CA file; throws with what to do when it cannot. */
  connectionOf(name: string): EngineConnection;
  /** The engine the window showed last (null: this app's own), as kept; it may name an engine removed since. */
  lastShown(): string | null;
  /** Keeps the engine the window shows, for the next start. */
  keepShown(name: string | null): void;
}>;

export function desktopEnginesPath(dataDir: string): string {
  return join(dataDir, 'desktop-engines.json');
}

/** Why an engine address is refused, or null: http(s) only, no user:password, and plain HTTP only on loopback. */
export function engineUrlProblem(url: string): string | null {
  const socketUrl = socketUrlOfEngineUrl(url);
  if (socketUrl === null) return `${url} is not an engine address: give https://HOST:PORT (what \`autoloop serve --tls-cert …\` prints)`;
  const parsed = new URL(socketUrl);
  // The token would cross the network in the clear: the desktop app refuses what the CLI only warns about.
  if (parsed.protocol === 'ws:' && !isLoopbackHost(parsed.hostname.replace(/^\[|\]$/g, '')))
    return `${url} is plain HTTP on another machine: the token would cross the network unencrypted; serve it with --tls-cert/--tls-key, or reach it through an SSH tunnel on localhost`;
  return null;
}

/**
 * The file of the desktop app's remote engines. The secret box is injected (Electron's safeStorage
 * in the app, a real cipher in tests), so this file's logic runs in Node without Electron. Tokens
 * stay sealed on disk and are opened only by `connectionOf`, for main's own socket; `list` never
 * carries one, so nothing from here can reach the page.
 */
export function openDesktopEnginesFile(dataDir: string, box: SecretBox): DesktopEnginesFile {
  const path = desktopEnginesPath(dataDir);
  const readFile = (): StoredFile => {
    if (!existsSync(path)) return { engines: [] };
    const { value, problem } = readJsonFile(path);
    const parsed = StoredFile.safeParse(value);
    // Never silently replaced: the person's engines and tokens would be lost.
    if (problem !== null || !parsed.success)
      throw new Error(`${path} cannot be read as a list of engines (${problem ?? 'unexpected fields'}): fix or remove it`);
    return parsed.data;
  };
  const read = (): StoredEngine[] => readFile().engines;
  /** Atomically, readable by this user only (the tokens are sealed, but the file is no one else's business). */
  const writeFile = (content: StoredFile): void => {
    ensurePrivateFolder(dataDir);
    const temporary = `${path}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
    chmodSync(temporary, PRIVATE_FILE_MODE);
    renameSync(temporary, path);
  };
  /** Writes the engines, keeping the shown one unless it is gone. */
  const write = (engines: ReadonlyArray<StoredEngine>): void => {
    const shown = readFile().shown ?? null;
    writeFile({ engines: [...engines], shown: shown !== null && engines.some((engine) => engine.name === shown) ? shown : null });
  };
  const kept = (stored: StoredEngine): KeptEngine => ({
    name: stored.name,
    url: stored.url,
    ca: stored.ca ?? null,
    hasApproverCode: stored.approverCode !== undefined,
  });

  return {
    path,
    list: () => read().map(kept),
    add(input) {
      const parsed = DesktopEngineInput.safeParse(input);
      if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'engine'}: ${issue.message}`).join('; '));
      const { name, token, approverCode } = parsed.data;
      const url = parsed.data.url.trim();
      const ca = parsed.data.ca?.trim() ?? '';
      const engines = read();
      if (engines.some((engine) => engine.name === name)) throw new Error(`there is already an engine called ${name}: remove it first, or choose another name`);
      const urlProblem = engineUrlProblem(url);
      if (urlProblem !== null) throw new Error(urlProblem);
      if (ca !== '' && !existsSync(ca)) throw new Error(`the CA file ${ca} does not exist: give the PEM file of the engine's certificate (or its CA)`);
      const stored: StoredEngine = {
        name,
        url,
        token: box.seal(token.trim()),
        ...(ca === '' ? {} : { ca }),
        ...(approverCode === undefined || approverCode.trim() === '' ? {} : { approverCode: box.seal(approverCode.trim()) }),
      };
      write([...engines, stored]);
      return kept(stored);
    },
    update(input) {
      const parsed = DesktopEngineUpdate.safeParse(input);
      if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => `${issue.path.join('.') || 'engine'}: ${issue.message}`).join('; '));
      const { name } = parsed.data;
      const token = parsed.data.token?.trim() ?? '';
      const ca = parsed.data.ca?.trim() ?? '';
      const approverCode = parsed.data.approverCode?.trim() ?? '';
      if (token === '' && ca === '' && approverCode === '') throw new Error(`give a new token, approver code or CA file for ${name}`);
      const engines = read();
      const current = engines.find((engine) => engine.name === name);
      if (!current) throw new Error(`there is no engine called ${name}: add it in Settings → Engines`);
      if (ca !== '' && !existsSync(ca)) throw new Error(`the CA file ${ca} does not exist: give the PEM file of the engine's certificate (or its CA)`);
      const updated: StoredEngine = {
        ...current,
        ...(token === '' ? {} : { token: box.seal(token) }),
        ...(ca === '' ? {} : { ca }),
        ...(approverCode === '' ? {} : { approverCode: box.seal(approverCode) }),
      };
      write(engines.map((engine) => (engine.name === name ? updated : engine)));
      return kept(updated);
    },
    remove(name) {
      const engines = read();
      const rest = engines.filter((engine) => engine.name !== name);
      if (rest.length === engines.length) return false;
      write(rest);
      return true;
    },
    connectionOf(name) {
      const stored = read().find((engine) => engine.name === name);
      if (!stored) throw new Error(`there is no engine called ${name}: add it in Settings → Engines`);
      const socketUrl = socketUrlOfEngineUrl(stored.url);
      if (socketUrl === null) throw new Error(`the engine ${name} has an address that is not http(s): ${stored.url}; remove it and add it again`);
      let token: string;
      let approverCode: string | undefined;
      try {
        token = box.open(stored.token);
        approverCode = stored.approverCode === undefined ? undefined : box.open(stored.approverCode);
      } catch (error) {
        throw new Error(`the token of ${name} cannot be opened on this machine (${messageOf(error)}): replace its token in Settings → Engines`);
      }
      let ca: Buffer | undefined;
      if (stored.ca !== undefined) {
        try {
          ca = readFileSync(stored.ca);
        } catch (error) {
          throw new Error(
            `cannot read the CA file ${stored.ca} of ${name} (${messageOf(error)}): put it back, or give another one with Replace token in Settings → Engines`,
          );
        }
      }
      return { target: { socketUrl, token, ...(ca === undefined ? {} : { trust: { ca: [ca] } }) }, approverCode };
    },
    lastShown: () => readFile().shown ?? null,
    keepShown(name) {
      const content = readFile();
      if ((content.shown ?? null) === name) return;
      writeFile({ ...content, shown: name });
    },
  };
}
