import type { TemplateParam } from './templates';

/** A param value as a run gives it (forms and the CLI give text; it is coerced to the declared type). */
export type ParamValue = string | number | boolean;
/** The params with defaults filled in, or every problem named by its param. */
export type ParamsResult = Readonly<{ ok: true; values: Record<string, ParamValue> } | { ok: false; errors: Record<string, string> }>;

function coerce(name: string, spec: TemplateParam, value: ParamValue): ParamValue | { error: string } {
  switch (spec.type) {
    case 'number': {
      const number = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(number) && String(value).trim() !== '' ? number : { error: `${name} must be a number, not "${value}"` };
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === 'false') return value === 'true';
      return { error: `${name} must be true or false, not "${value}"` };
    case 'string':
      return String(value);
  }
}

/** Checks given params against a template's declarations and fills defaults; every problem is named by its param. */
export function resolveParams(declared: Readonly<Record<string, TemplateParam>>, given: Readonly<Record<string, ParamValue>>): ParamsResult {
  const errors: Record<string, string> = {};
  const values: Record<string, ParamValue> = {};
  for (const name of Object.keys(given)) {
    if (!(name in declared)) errors[name] = `the template has no parameter "${name}" (it has: ${Object.keys(declared).join(', ') || 'none'})`;
  }
  for (const [name, spec] of Object.entries(declared)) {
    const raw = given[name] ?? spec.default;
    if (raw === undefined || raw === '') {
      if (spec.required) errors[name] = `${name} is required${spec.description ? `: ${spec.description}` : ''}`;
      else values[name] = '';
      continue;
    }
    const value = coerce(name, spec, raw);
    if (typeof value === 'object') {
      errors[name] = value.error;
      continue;
    }
    if (spec.enum && !spec.enum.includes(value as string | number)) {
      errors[name] = `${name} must be one of ${spec.enum.join(', ')}`;
      continue;
    }
    values[name] = value;
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, values };
}
