import { type Document, type Pair, type YAMLError, type YAMLMap, isCollection, isMap, isNode, isScalar, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { Limits, LoopOverrides, PermissionOverrides, PermissionRule } from '../../shared/records';
import { FRONT_MATTER_MAX_BYTES, TemplateFrontMatter, TemplateParam } from '../../shared/templates';
import { didYouMean } from './did-you-mean';
import type { SourcePart } from './template-source';

/** A lint finding placed by its character offset in the whole template text. */
export type RawFinding = Readonly<{ severity: 'error' | 'warning'; code: string; message: string; offset: number }>;

type Path = ReadonlyArray<PropertyKey>;

/** The front-matter, validated, with a way back from a key path to where it is written. */
export type ParsedFrontMatter = Readonly<{
  /** The validated front-matter; when it has errors, the top-level keys that are valid. */
  frontMatter: TemplateFrontMatter;
  findings: ReadonlyArray<RawFinding>;
  /** False when the YAML could not be read at all: checks that need the params are skipped. */
  readable: boolean;
  /** Where the key (`'key'`) or the value (`'value'`) at a path is written, or null when it is not. */
  offsetOf(path: Path, part: 'key' | 'value'): number | null;
  /** Where character `index` of a scalar's value at a path is written (quotes skipped), or null. */
  scalarOffset(path: Path, index: number): number | null;
}>;

/**
 * How many times the front-matter may expand an alias (`*name`). Templates have no need for many;
 * a "billion laughs" document needs thousands, and would otherwise stall the engine.
 */
export const MAX_YAML_ALIASES = 50;

const NONE: ParsedFrontMatter = { frontMatter: {}, findings: [], readable: true, offsetOf: () => null, scalarOffset: () => null };

/** The keys allowed in the object at a front-matter path, for "did you mean". */
function knownKeysAt(path: Path): string[] {
  const keys = (schema: z.ZodObject): string[] => Object.keys(schema.shape);
  const [first, second] = path;
  if (path.length === 0) return keys(TemplateFrontMatter);
  if (first === 'params' && path.length === 2) return keys(TemplateParam);
  if (first === 'limits' && path.length === 1) return keys(Limits);
  if (first === 'loop' && path.length === 1) return keys(LoopOverrides);
  if (first === 'permissions' && path.length === 1) return keys(PermissionOverrides);
  if (first === 'permissions' && second === 'rules' && path.length === 3) return keys(PermissionRule);
  return [];
}

function describePath(path: Path): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

const SALVAGE_ROUNDS = 4;
/** Marks a list element to drop, so the indexes of the other issues stay right until the round ends. */
const REMOVED = Symbol('removed');

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (Array.isArray(node) ? node[Number(key)] : isRecord(node) ? node[key] : undefined), root);
}

/** Removes what one issue points at: its unknown keys, or the value at its path (inside a list, the whole element). */
function removeAt(root: unknown, issue: z.core.$ZodIssue): void {
  if (issue.code === 'unrecognized_keys') {
    const target = valueAt(root, issue.path);
    if (isRecord(target)) for (const key of issue.keys) delete target[key];
    return;
  }
  for (let depth = 0; depth < issue.path.length; depth += 1) {
    const parent = valueAt(root, issue.path.slice(0, depth));
    const key = issue.path[depth] as PropertyKey;
    if (Array.isArray(parent)) return void parent.splice(Number(key), 1, REMOVED);
    if (depth === issue.path.length - 1 && isRecord(parent)) delete parent[key];
  }
}

function withoutRemoved(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== REMOVED).map(withoutRemoved);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutRemoved(item)]));
}

/** The front-matter without the parts that have problems, so one typo does not hide everything else from lint. */
function salvage(raw: Record<string, unknown>, issues: ReadonlyArray<z.core.$ZodIssue>): TemplateFrontMatter {
  let current: unknown = structuredClone(raw);
  let pending = issues;
  for (let round = 0; round < SALVAGE_ROUNDS; round += 1) {
    if (pending.some((issue) => issue.path.length === 0 && issue.code !== 'unrecognized_keys')) return {};
    for (const issue of pending) removeAt(current, issue);
    current = withoutRemoved(current);
    const again = TemplateFrontMatter.safeParse(current);
    if (again.success) return again.data;
    pending = again.error.issues;
  }
  return {};
}

/** The pairs of one map by key, built once per map: a lookup per key stays linear in the whole document. */
function createPairIndex(): (map: YAMLMap) => ReadonlyMap<string, Pair> {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  return (map) => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) if (isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
      indexes.set(map, index);
    }
    return index;
  };
}

/** A finding for every key written twice in one map, in one pass (`yaml`'s own check compares every pair of keys). */
function duplicateKeyFindings(document: Document, yamlOffset: number): RawFinding[] {
  const findings: RawFinding[] = [];
  visit(document, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const item of map.items) {
        if (!isScalar(item.key)) continue;
        const key = String(item.key.value);
        if (seen.has(key)) findings.push({ severity: 'error', code: 'yaml-syntax', message: 'YAML: Map keys must be unique', offset: yamlOffset + (item.key.range?.[0] ?? 0) });
        seen.add(key);
      }
    },
  });
  return findings;
}

function locator(document: Document, yamlOffset: number): Pick<ParsedFrontMatter, 'offsetOf' | 'scalarOffset'> {
  const nodeAt = (path: Path): unknown => (path.length === 0 ? document.contents : document.getIn(path, true));
  const pairsOf = createPairIndex();
  const offsetOf = (path: Path, part: 'key' | 'value'): number | null => {
    if (part === 'key' && path.length > 0) {
      const parent = nodeAt(path.slice(0, -1));
      const pair = isMap(parent) ? pairsOf(parent).get(String(path.at(-1))) : undefined;
      return isNode(pair?.key) && pair.key.range ? yamlOffset + pair.key.range[0] : null;
    }
    const node = nodeAt(path);
    return isNode(node) && node.range ? yamlOffset + node.range[0] : null;
  };
  const scalarOffset = (path: Path, index: number): number | null => {
    const node = nodeAt(path);
    if (!isScalar(node) || !node.range) return null;
    const quoted = node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
    return yamlOffset + node.range[0] + (quoted ? 1 : 0) + index;
  };
  return { offsetOf, scalarOffset };
}

/** Where an issue is best shown: at its path, else at the nearest enclosing node that is written. */
function issueOffset(offsetOf: ParsedFrontMatter['offsetOf'], path: Path, fallback: number): number {
  for (let length = path.length; length >= 0; length -= 1) {
    const offset = offsetOf(path.slice(0, length), length === path.length ? 'value' : 'key');
    if (offset !== null) return offset;
  }
  return fallback;
}

function issueFindings(issue: z.core.$ZodIssue, offsetOf: ParsedFrontMatter['offsetOf'], fallback: number): RawFinding[] {
  const where = describePath(issue.path);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      severity: 'error' as const,
      code: 'unknown-key',
      message: `unknown key "${key}"${where ? ` in ${where}` : ''}${didYouMean(key, knownKeysAt(issue.path))}`,
      offset: offsetOf([...issue.path, key], 'key') ?? issueOffset(offsetOf, issue.path, fallback),
    }));
  }
  return [{ severity: 'error', code: 'invalid-value', message: `${where || 'the front-matter'}: ${issue.message}`, offset: issueOffset(offsetOf, issue.path, fallback) }];
}

/**
 * Where a YAML error is best shown. `yaml` reports a quote or bracket that is never closed where it gave up (the end of the
 * front-matter); the person needs the line where it was opened: the start of the innermost quoted scalar or flow
 * collection (`[`, `{`) that runs up to the error.
 */
function yamlErrorOffset(document: Document, error: YAMLError): number {
  const at = error.pos[0];
  if (error.code !== 'MISSING_CHAR' && error.code !== 'BAD_INDENT') return at;
  let opener: number | null = null;
  visit(document, (_key, node) => {
    if (!isNode(node) || !node.range) return;
    const [start, end] = node.range;
    const opens = (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) || (isCollection(node) && node.flow === true);
    if (opens && start < at && end >= at && (opener === null || start > opener)) opener = start;
  });
  return opener ?? at;
}

/** Parses and validates a template's YAML front-matter, placing every problem in the file. */
export function parseFrontMatter(yaml: SourcePart | null): ParsedFrontMatter {
  if (yaml === null) return NONE;
  const bytes = Buffer.byteLength(yaml.text, 'utf8');
  if (bytes > FRONT_MATTER_MAX_BYTES) {
    const message = `the front-matter is ${Math.ceil(bytes / 1024)} KiB; the most is ${FRONT_MATTER_MAX_BYTES / 1024} KiB (move long text into the program below it)`;
    return { ...NONE, findings: [{ severity: 'error', code: 'front-matter-too-large', message, offset: yaml.offset }], readable: false };
  }
  let document: Document;
  try {
    // Duplicate keys are found below in one pass; `uniqueKeys: true` is quadratic in the number of keys.
    document = parseDocument(yaml.text, { prettyErrors: false, uniqueKeys: false });
  } catch (error) {
    // Deep nesting can exhaust the stack; it is bad input, not a bug.
    const message = `YAML: the front-matter cannot be read (${error instanceof Error ? error.message : String(error)})`;
    return { ...NONE, findings: [{ severity: 'error', code: 'yaml-syntax', message, offset: yaml.offset }], readable: false };
  }
  const findings: RawFinding[] = [
    ...document.errors.map((error) => ({
      severity: 'error' as const,
      code: 'yaml-syntax',
      message: `YAML: ${error.message}`,
      offset: yaml.offset + yamlErrorOffset(document, error),
    })),
    ...duplicateKeyFindings(document, yaml.offset),
    ...document.warnings.map((warning) => ({ severity: 'warning' as const, code: 'yaml-warning', message: `YAML: ${warning.message}`, offset: yaml.offset + warning.pos[0] })),
  ];
  const located = locator(document, yaml.offset);
  if (findings.some((finding) => finding.severity === 'error')) return { ...located, frontMatter: {}, findings, readable: false };
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: MAX_YAML_ALIASES }) ?? {};
  } catch (error) {
    // `yaml` throws a ReferenceError when the aliases expand past the limit.
    const message = `YAML: the front-matter expands its aliases (*name) too many times (${error instanceof Error ? error.message : String(error)}); write the values out`;
    return { ...located, frontMatter: {}, findings: [...findings, { severity: 'error', code: 'yaml-aliases', message, offset: yaml.offset }], readable: false };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    const message = 'the front-matter must be a map of keys such as `name:` and `params:`';
    return { ...located, frontMatter: {}, findings: [...findings, { severity: 'error', code: 'invalid-value', message, offset: yaml.offset }], readable: false };
  }
  const parsed = TemplateFrontMatter.safeParse(raw);
  if (parsed.success) return { ...located, frontMatter: parsed.data, findings, readable: true };
  findings.push(...parsed.error.issues.flatMap((issue) => issueFindings(issue, located.offsetOf, yaml.offset)));
  return { ...located, frontMatter: salvage(raw as Record<string, unknown>, parsed.error.issues), findings, readable: true };
}
