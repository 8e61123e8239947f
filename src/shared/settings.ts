import { z } from 'zod';

export const MIB = 1024 * 1024;

const RetentionSettings = z
  .object({
    /** Event bytes kept per run; above it the oldest go and a `truncated` marker says so. */
    perRunMaxBytes: z.number().int().min(64 * 1024),
    /** Events of runs that ended longer ago than this are removed (their iterations stay). */
    maxAgeDays: z.number().int().min(1),
  })
  .strict();

/** The engine's settings (DESIGN §8–§9). */
export const Settings = z.object({ retention: RetentionSettings }).strict();
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = { retention: { perRunMaxBytes: 20 * MIB, maxAgeDays: 90 } };

/** Some settings to change; fields left out keep their value. */
export const SettingsPatch = z.object({ retention: RetentionSettings.partial().optional() }).strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** The settings after a patch. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatch): Settings {
  return { ...settings, retention: { ...settings.retention, ...patch.retention } };
}
