import { describe, expect, it } from 'vitest';
import { permissionDecision } from './permission-decision';

describe('permissionDecision', () => {
  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'fileSystem', 'unknown'])('denies %s', (permission) => {
    expect(permissionDecision(permission)).toBe(false);
  });
});
