/** How a secret sealed by the OS keychain (Electron's safeStorage) is marked in settings. */
export const KEYCHAIN_SEALED_PREFIX = 'safe-storage:v1:';
/** How a secret stored as plain text by a shell that has a sealer is marked. */
export const PLAIN_SECRET_PREFIX = 'plain:v1:';

/** A stored secret read by an engine without a sealer: the plain value, or why it cannot be read here. */
export type UnsealedSecret = Readonly<{ value: string } | { unreadable: string }>;

/**
 * Reads a stored secret without a sealer (`autoloop serve`, the CLI) on the data folder the desktop
 * app shares: plain values as they are, plain-marked ones without their mark, keychain-sealed ones
 * as unreadable, since only the desktop app can open them.
 */
export function readSecretWithoutSealer(stored: string): UnsealedSecret {
  if (stored.startsWith(PLAIN_SECRET_PREFIX)) return { value: stored.slice(PLAIN_SECRET_PREFIX.length) };
  if (stored.startsWith(KEYCHAIN_SEALED_PREFIX)) {
    return { unreadable: 'it was saved by the desktop app in the system keychain; enter it here too, or set its API key environment variable' };
  }
  return { value: stored };
}
