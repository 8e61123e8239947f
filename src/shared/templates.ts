import { z } from 'zod';
import { Limits, PermissionOverrides } from './records';

/** One declared parameter of a template (DESIGN §10). */
export const TemplateParam = z
  .object({
    type: z.enum(['string', 'number', 'boolean']).default('string'),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
    required: z.boolean().default(false),
    description: z.string().default(''),
    enum: z.array(z.union([z.string(), z.number()])).optional(),
  })
  .strict();
export type TemplateParam = z.infer<typeof TemplateParam>;

/** The YAML front-matter of a template. Every key is optional. */
export const TemplateFrontMatter = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes').optional(),
    description: z.string().optional(),
    params: z.record(z.string(), TemplateParam).optional(),
    model: z.string().optional(),
    /** The scripted model script that dry-runs this template (a file in resources/scripts). */
    demo: z.string().optional(),
    interval: z.union([z.string(), z.number()]).optional(),
    limits: Limits.optional(),
    permissions: PermissionOverrides.optional(),
  })
  .strict();
export type TemplateFrontMatter = z.infer<typeof TemplateFrontMatter>;

/** What the API tells about a template, without its program text. */
export const TemplateSummary = z.object({
  name: z.string(),
  description: z.string(),
  source: z.enum(['builtin', 'user']),
  params: z.record(z.string(), TemplateParam),
  model: z.string().nullable(),
  demoModel: z.string().nullable(),
  revision: z.string(),
});
export type TemplateSummary = z.infer<typeof TemplateSummary>;
