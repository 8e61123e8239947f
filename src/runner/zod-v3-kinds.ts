// Stands in for `zod/v3` in the built bundles (electron.vite.config.ts aliases it here). The AI
// SDK's provider-utils imports only the `ZodFirstPartyTypeKind` enum from it, to turn zod 3 schemas
// into JSON Schema; Autoloop's schemas are zod 4, so a runner would otherwise load and evaluate all
// of zod 3 at every start for nothing. The values are zod 3's own (each kind's name).

const KINDS = [
  'ZodString',
  'ZodNumber',
  'ZodNaN',
  'ZodBigInt',
  'ZodBoolean',
  'ZodDate',
  'ZodSymbol',
  'ZodUndefined',
  'ZodNull',
  'ZodAny',
  'ZodUnknown',
  'ZodNever',
  'ZodVoid',
  'ZodArray',
  'ZodObject',
  'ZodUnion',
  'ZodDiscriminatedUnion',
  'ZodIntersection',
  'ZodTuple',
  'ZodRecord',
  'ZodMap',
  'ZodSet',
  'ZodFunction',
  'ZodLazy',
  'ZodLiteral',
  'ZodEnum',
  'ZodEffects',
  'ZodNativeEnum',
  'ZodOptional',
  'ZodNullable',
  'ZodDefault',
  'ZodCatch',
  'ZodPromise',
  'ZodBranded',
  'ZodPipeline',
  'ZodReadonly',
] as const;

/** zod 3's `ZodFirstPartyTypeKind`: every kind maps to its own name. */
export const ZodFirstPartyTypeKind: Readonly<Record<(typeof KINDS)[number], string>> = Object.freeze(
  Object.fromEntries(KINDS.map((kind) => [kind, kind])) as Record<(typeof KINDS)[number], string>,
);
