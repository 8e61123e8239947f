import { open } from 'node:fs/promises';
import { errnoOf } from './tool-paths';

/** How much of a file is sniffed for NUL bytes to tell binary from text. */
export const BINARY_SNIFF_BYTES = 8_192;

/** True when a buffer holds a NUL byte, the usual sign of a binary file (what git and grep check too). */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}

/** True when the start of the file looks binary. */
export async function isBinaryFile(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(BINARY_SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_SNIFF_BYTES, 0);
    return looksBinary(buffer.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or folder',
  EISDIR: 'is a folder, not a file',
  ENOTDIR: 'not a folder (or a part of the path is a file)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on the device',
  ELOOP: 'too many levels of symbolic links',
};

/** A file system error as an Error the model can act on: which tool, which path, what went wrong; the cause is kept. */
export function fileToolError(tool: string, display: string, error: unknown): Error {
  const code = errnoOf(error);
  const text = (code === undefined ? undefined : ERRNO_TEXT[code]) ?? (error instanceof Error ? error.message : String(error));
  return new Error(`${tool}: ${display}: ${text}`, { cause: error });
}

/** Runs a file tool's work, turning file system errors (those with an errno code) into `fileToolError`s; other errors pass through. */
export async function withFsErrors<T>(tool: string, display: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw errnoOf(error) === undefined ? error : fileToolError(tool, display, error);
  }
}

/** Bytes as a short human size, as every surface writes them: `812 B`, `12.3 KiB`, `4.0 MiB`. */
export { formatBytes } from '../../shared/format';
