/** Marks a branch the type checker proves unreachable; throws if a new case slipped through at run time. */
export function assertNever(value: never, what: string): never {
  throw new Error(`Unhandled ${what}: ${JSON.stringify(value)}`);
}

/** Throws when a condition the code relies on does not hold. For bugs, not for bad input. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Invariant failed: ${message}`);
}
