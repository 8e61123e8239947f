import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { TEMPLATE_MAX_BYTES } from '../../shared/templates';
import { revisionOf } from '../store/template-revisions-repository';

/** Where a template came from: the app's own, the person's, or a file given explicitly as a path. */
export type TemplateOrigin = 'builtin' | 'user' | 'path';

/** A template file as read from disk. */
export type LoadedTemplate = Readonly<{
  name: string;
  source: TemplateOrigin;
  file: string;
  text: string;
  /** The file's size; over TEMPLATE_MAX_BYTES only the first part of it is in `text`. */
  bytes: number;
  revision: string;
}>;

/** The template folders (DESIGN §10): names resolve only inside them, never in the current directory. */
export type TemplateLibrary = Readonly<{
  folders: ReadonlyArray<string>;
  userFolder: string;
  /** Built-ins first, then the person's templates, each sorted by name. */
  list(): Promise<LoadedTemplate[]>;
  /** A template by name: the built-in if there is one (user templates shadow nothing), else the user's. */
  get(name: string): Promise<LoadedTemplate | null>;
  getUser(name: string): Promise<LoadedTemplate | null>;
  builtinNames(): Promise<Set<string>>;
  /** Reads a template given explicitly as a path, relative to `cwd`. */
  readPath(path: string, cwd?: string): Promise<LoadedTemplate>;
  /** Creates or replaces `<user folder>/<name>.md`; the caller has checked the name. */
  writeUser(name: string, text: string): Promise<LoadedTemplate>;
  /** Removes a user template file; false when there is none of that name. */
  deleteUser(name: string): Promise<boolean>;
}>;

/** Whether `runs.start {template}` names a file rather than a template: it contains `/` or ends with `.md`. */
export function isTemplatePath(reference: string): boolean {
  return reference.includes('/') || reference.includes('\\') || reference.endsWith('.md');
}

async function readCapped(file: string): Promise<{ text: string; bytes: number }> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const buffer = Buffer.alloc(Math.min(size, TEMPLATE_MAX_BYTES + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, bytesRead).toString('utf8'), bytes: size };
  } finally {
    await handle.close();
  }
}

async function loadFile(file: string, name: string, source: TemplateOrigin): Promise<LoadedTemplate> {
  const { text, bytes } = await readCapped(file);
  return { name, source, file, text, bytes, revision: revisionOf(text) };
}

async function loadFolder(folder: string, source: TemplateOrigin): Promise<LoadedTemplate[]> {
  const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const files = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.md')).map((entry) => entry.name).sort();
  return Promise.all(files.map((entry) => loadFile(join(folder, entry), basename(entry, '.md'), source)));
}

/** Built-in templates (resources/templates) and the person's own (<data dir>/templates). */
export function createTemplateLibrary(builtinFolder: string, userFolder: string): TemplateLibrary {
  const builtins = (): Promise<LoadedTemplate[]> => loadFolder(builtinFolder, 'builtin');
  const users = (): Promise<LoadedTemplate[]> => loadFolder(userFolder, 'user');
  const getUser = async (name: string): Promise<LoadedTemplate | null> => (await users()).find((template) => template.name === name) ?? null;
  return {
    folders: [builtinFolder, userFolder],
    userFolder,
    list: async () => [...(await builtins()), ...(await users())],
    async get(name) {
      return (await builtins()).find((template) => template.name === name) ?? (await getUser(name));
    },
    getUser,
    builtinNames: async () => new Set((await builtins()).map((template) => template.name)),
    async readPath(path, cwd = process.cwd()) {
      const file = resolve(cwd, path);
      const info = await stat(file);
      if (!info.isFile()) throw new Error(`${file} is not a file`);
      return loadFile(file, file, 'path');
    },
    async writeUser(name, text) {
      await mkdir(userFolder, { recursive: true });
      const file = join(userFolder, `${name}.md`);
      // Write then rename, so a crash mid-write never leaves half a template behind.
      const temporary = `${file}.${process.pid}.tmp`;
      const handle = await open(temporary, 'w');
      try {
        await handle.writeFile(text, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
      return loadFile(file, name, 'user');
    },
    async deleteUser(name) {
      const template = await getUser(name);
      if (!template) return false;
      await rm(template.file);
      return true;
    },
  };
}
