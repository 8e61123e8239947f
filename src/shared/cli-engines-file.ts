import { z } from 'zod';

/** The CLI's named engines (`autoloop engines add`), in the data folder (mode 0600); the desktop app imports from it. */
export const CLI_ENGINES_FILE = 'engines.json';

/** One entry of that file as written, its name not yet checked. */
export const CliEngineEntry = z.object({
  name: z.string(),
  url: z.string(),
  token: z.string().min(1),
  /** A PEM file to trust besides the system's roots (a self-signed engine). */
  ca: z.string().optional(),
  approverCode: z.string().optional(),
});
export type CliEngineEntry = z.infer<typeof CliEngineEntry>;
