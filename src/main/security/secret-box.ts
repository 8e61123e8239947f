import { KEYCHAIN_SEALED_PREFIX, PLAIN_SECRET_PREFIX } from '../../core/store/sealed-secret';
/** The part of Electron's `safeStorage` the secret box uses (structural, so tests pass a fake). */
export type SafeStorageLike = Readonly<{
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}>;

/** Seals provider API keys for storage in settings, and opens them again. */
export type SecretBox = Readonly<{
  /** Whether new secrets are encrypted by the OS keychain; false means they are stored as plain text. */
  isEncrypting(): boolean;
  seal(plainText: string): string;
  /** Throws when the text is not a sealed secret or cannot be decrypted on this machine. */
  open(sealed: string): string;
}>;

// The marks are shared with the engine, which reads them on the data folder the CLI shares.
const ENCRYPTED_PREFIX = KEYCHAIN_SEALED_PREFIX;
const PLAIN_PREFIX = PLAIN_SECRET_PREFIX;

/**
 * A secret box over `safeStorage` (DESIGN §11). Without encryption (Linux with no keyring) it
 * stores plain text marked as such, so the key still works and can be re-sealed later; the app
 * shows a warning in that case (`secretStorageWarning`).
 */
export function createSecretBox(storage: SafeStorageLike): SecretBox {
  return {
    isEncrypting: () => storage.isEncryptionAvailable(),
    seal(plainText) {
      if (!storage.isEncryptionAvailable()) return `${PLAIN_PREFIX}${plainText}`;
      return `${ENCRYPTED_PREFIX}${storage.encryptString(plainText).toString('base64')}`;
    },
    open(sealed) {
      if (sealed.startsWith(PLAIN_PREFIX)) return sealed.slice(PLAIN_PREFIX.length);
      // A key saved by `autoloop serve` or the CLI on the shared data folder is stored unmarked.
      if (!sealed.startsWith(ENCRYPTED_PREFIX)) return sealed;
      if (!storage.isEncryptionAvailable()) {
        throw new Error('The API key was encrypted with the system keychain, which is not available now: unlock it or enter the key again');
      }
      return storage.decryptString(Buffer.from(sealed.slice(ENCRYPTED_PREFIX.length), 'base64'));
    },
  };
}

/** What the shell knows about the keychain: Linux may fall back to a fixed, well-known password ("basic_text"). */
export type SecretStorageStatus = Readonly<{ isEncryptionAvailable: boolean; linuxBackend: string | null }>;

/** The warning to show when API keys would not be protected by the OS keychain, or null. */
export function secretStorageWarning(status: SecretStorageStatus): string | null {
  if (!status.isEncryptionAvailable) {
    return (
      'No system keychain is available, so API keys you save are stored unencrypted in the Autoloop data folder. Install and unlock a keyring (e.g. ' +
      'GNOME Keyring or KWallet), or use the ANTHROPIC_API_KEY / OPENAI_API_KEY environment variables.'
    );
  }
  if (status.linuxBackend === 'basic_text') {
    return (
      'No system keyring was found, so API keys are only obfuscated with a fixed password, not protected. Install and unlock a keyring (e.g. GNOME ' +
      'Keyring or KWallet), or use the ANTHROPIC_API_KEY / OPENAI_API_KEY environment variables.'
    );
  }
  return null;
}
