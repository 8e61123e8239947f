import { describe, expect, it } from 'vitest';
import { type SafeStorageLike, createSecretBox, secretStorageWarning } from './secret-box';

/** A stand-in for safeStorage: "encrypts" by reversing the bytes, and can lose its keychain. */
function fakeSafeStorage(): SafeStorageLike & { available: boolean } {
  return {
    available: true,
    isEncryptionAvailable() {
      return this.available;
    },
    encryptString: (plainText) => Buffer.from(plainText, 'utf8').reverse(),
    decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString('utf8'),
  };
}

describe('createSecretBox', () => {
  it('seals with the keychain and opens what it sealed; the sealed text does not contain the key', () => {
    const box = createSecretBox(fakeSafeStorage());
    const sealed = box.seal('sk-ant-secret');
    expect(sealed).toMatch(/^safe-storage:v1:/);
    expect(sealed).not.toContain('sk-ant-secret');
    expect(box.open(sealed)).toBe('sk-ant-secret');
    expect(box.isEncrypting()).toBe(true);
  });

  it('without a keychain stores marked plain text, which still opens', () => {
    const storage = fakeSafeStorage();
    storage.available = false;
    const box = createSecretBox(storage);
    expect(box.isEncrypting()).toBe(false);
    expect(box.seal('sk-1')).toBe('plain:v1:sk-1');
    expect(box.open('plain:v1:sk-1')).toBe('sk-1');
  });

  it('says what to do when an encrypted key cannot be opened, and reads a key the CLI saved unmarked on the shared data folder', () => {
    const storage = fakeSafeStorage();
    const box = createSecretBox(storage);
    const sealed = box.seal('sk-2');
    storage.available = false;
    expect(() => box.open(sealed)).toThrow(/keychain.*not available.*enter the key again/);
    expect(box.open('sk-2')).toBe('sk-2');
  });
});

describe('secretStorageWarning', () => {
  it('warns when keys cannot be encrypted, or only with the well-known Linux fallback password', () => {
    expect(secretStorageWarning({ isEncryptionAvailable: false, linuxBackend: null })).toMatch(/unencrypted/);
    expect(secretStorageWarning({ isEncryptionAvailable: true, linuxBackend: 'basic_text' })).toMatch(/obfuscated/);
  });

  it('is quiet with a real keychain', () => {
    expect(secretStorageWarning({ isEncryptionAvailable: true, linuxBackend: 'gnome_libsecret' })).toBeNull();
    expect(secretStorageWarning({ isEncryptionAvailable: true, linuxBackend: null })).toBeNull();
  });
});
