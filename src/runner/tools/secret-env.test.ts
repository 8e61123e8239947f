import { describe, expect, it } from 'vitest';
import { looksLikeSecret, withoutSecrets } from './secret-env';

describe('looksLikeSecret', () => {
  it.each(['FAKE_API_KEY', 'GITHUB_TOKEN', 'NPM_TOKEN', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'CLIENT_SECRET', 'ANTHROPIC_BASE_URL', 'OPENAI_ORG', 'github_token', 'GOOGLE_APPLICATION_CREDENTIALS'])(
    'treats %s as a secret',
    (name) => expect(looksLikeSecret(name)).toBe(true),
  );

  it.each(['PATH', 'HOME', 'LANG', 'NODE_ENV', 'TOKENIZERS_PARALLELISM', 'SHELL', 'TERM'])('keeps %s', (name) =>
    expect(looksLikeSecret(name)).toBe(false),
  );
});

describe('withoutSecrets', () => {
  it('drops secret-looking and undefined variables and keeps the rest', () => {
    expect(withoutSecrets({ PATH: '/bin', FAKE_API_KEY: 'sk-1', HOME: '/home/a', GH_TOKEN: 'x', EMPTY: undefined })).toEqual({
      PATH: '/bin',
      HOME: '/home/a',
    });
  });
});
