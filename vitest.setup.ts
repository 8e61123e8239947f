import { vi } from 'vitest';

// STYLE (c): code under test may not load `electron`; in Node it would try to download a binary.
vi.mock('electron', () => {
  throw new Error('`electron` was imported by code under test. Move the decision into a pure module and test that (STYLE R3).');
});
