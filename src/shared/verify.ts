import { z } from 'zod';
import { MAX_TIMER_MS, parseDuration } from './duration';

// The verification gate: commands that must pass before a run may end `completed`.

/** How long one verify command may run unless it says otherwise. */
export const VERIFY_DEFAULT_TIMEOUT_MS = 10 * 60_000;
/** Consecutive failed verifications of `complete` that end a run as `verify_failed`, unless the run says otherwise. */
export const DEFAULT_MAX_VERIFY_FAILURES = 3;
/** The longest verify command line, as for the bash tool's commands. */
export const VERIFY_MAX_COMMAND_CHARS = 16 * 1024;
/** How much of a failing command's output the agent and the log get: its end. */
export const VERIFY_OUTPUT_TAIL_BYTES = 4 * 1024;
/** The most verify commands one run may have. */
export const VERIFY_MAX_COMMANDS = 20;

/** One verify command as a run stores it and the runner runs it. */
export const VerifyCommand = z
  .object({
    run: z.string().trim().min(1, 'a verify command needs `run`').max(VERIFY_MAX_COMMAND_CHARS),
    name: z.string().trim().min(1).max(120),
    timeoutMs: z.number().int().positive().max(MAX_TIMER_MS),
  })
  .strict();
export type VerifyCommand = z.infer<typeof VerifyCommand>;

const TIMEOUT_MESSAGE = 'a verify timeout is milliseconds or a duration such as 90s, 10m or 1h';
const Timeout = z.union([
  z.number().int().positive(TIMEOUT_MESSAGE).max(MAX_TIMER_MS, TIMEOUT_MESSAGE),
  z.string().refine((text) => (parseDuration(text) ?? 0) > 0 && (parseDuration(text) ?? 0) <= MAX_TIMER_MS, TIMEOUT_MESSAGE),
]);

/** One verify command as a person writes it: `npm test`, or `{ run, timeout?, name? }`. */
const STEP_MESSAGE = 'a verify command is a string such as "npm test", or { run, timeout?, name? }; quote one that YAML reads as true, false or a number';
const VerifyStep = z.union([z.string(), z.object({ run: z.string(), timeout: Timeout.optional(), name: z.string().optional() }).strict()], {
  error: STEP_MESSAGE,
});

/** The name a command gets when none is given: the command, cut short. */
export function defaultVerifyName(run: string): string {
  const line = run.trim().split('\n')[0] ?? '';
  return line.length <= 60 ? line : `${line.slice(0, 59)}…`;
}

function normalize(step: z.infer<typeof VerifyStep>): z.input<typeof VerifyCommand> {
  if (typeof step === 'string') return { run: step, name: defaultVerifyName(step), timeoutMs: VERIFY_DEFAULT_TIMEOUT_MS };
  const timeoutMs =
    step.timeout === undefined ? VERIFY_DEFAULT_TIMEOUT_MS : typeof step.timeout === 'number' ? step.timeout : (parseDuration(step.timeout) ?? 0);
  return { run: step.run, name: step.name?.trim() || defaultVerifyName(step.run), timeoutMs: Math.round(timeoutMs) };
}

/**
 * The `verify:` of a template's front-matter or of `runs.start`: one command or a list, each a string or
 * `{ run, timeout?, name? }`, normalised to VerifyCommand (a name and a timeout in milliseconds each).
 */
export const VerifySteps = z
  .union([VerifyStep, z.array(VerifyStep).max(VERIFY_MAX_COMMANDS, `at most ${VERIFY_MAX_COMMANDS} verify commands`)], { error: STEP_MESSAGE })
  .transform((steps) => (Array.isArray(steps) ? steps : [steps]).map(normalize))
  .pipe(z.array(VerifyCommand));
export type VerifySteps = z.input<typeof VerifySteps>;

/** When the gate runs: only when the agent calls `complete` (default), or after every iteration too (backpressure). */
export const VerifyEvery = z.enum(['complete', 'iteration']);
export type VerifyEvery = z.infer<typeof VerifyEvery>;

/** Who said a piece of guidance (a person, so far). */
export const GuidanceAuthor = z.enum(['user']);
export type GuidanceAuthor = z.infer<typeof GuidanceAuthor>;

/** The longest note a person may send a run. */
export const GUIDANCE_MAX_CHARS = 8_000;

/** A note a person sent a run, as the engine hands it to the runner at an iteration boundary. */
export const GuidanceNote = z.object({ id: z.number().int().positive(), text: z.string(), by: GuidanceAuthor });
export type GuidanceNote = z.infer<typeof GuidanceNote>;

/** A run's verify commands in words: `npm test; lint (npm run lint)`, with a timeout other than the default. */
export function describeVerifyCommands(commands: ReadonlyArray<VerifyCommand>): string {
  return commands
    .map((command) => {
      const named = command.name === defaultVerifyName(command.run) ? command.run : `${command.name} (${command.run})`;
      return command.timeoutMs === VERIFY_DEFAULT_TIMEOUT_MS ? named : `${named}, timeout ${Math.round(command.timeoutMs / 1000)} s`;
    })
    .join('; ');
}
