import { type Engine, type EngineInternals, type EngineOptions, createEngine } from '../create-engine';

/** An engine with its supervisor and database in reach, for tests and benchmarks that look inside (never for a shell). */
export function createInspectedEngine(options: Omit<EngineOptions, 'inspect'>): Engine & EngineInternals {
  let internals = null as EngineInternals | null;
  const engine = createEngine({ ...options, inspect: (parts) => void (internals = parts) });
  if (!internals) throw new Error('createEngine did not hand its internals to inspect');
  return { ...engine, ...internals };
}
