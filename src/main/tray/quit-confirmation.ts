import type { MessageBoxOptions } from 'electron';
import { type Run, isActive } from '../../shared/records';

/** The index of "Pause runs and quit" in the confirmation's buttons. */
export const QUIT_BUTTON_INDEX = 0;
const CANCEL_BUTTON_INDEX = 1;
/** How many run names the confirmation lists before "and N more". */
const NAMES_SHOWN = 5;

function namesText(runs: ReadonlyArray<Run>): string {
  const names = runs.slice(0, NAMES_SHOWN).map((run) => `• ${run.name}`);
  const more = runs.length - NAMES_SHOWN;
  return [...names, ...(more > 0 ? [`• and ${more} more`] : [])].join('\n');
}

/**
 * The question asked before quitting while runs are active, or null when nothing is active.
 * Quitting pauses them (`shutdown`, checkpointed), so the answer is about pausing, not losing.
 */
export function quitConfirmation(runs: ReadonlyArray<Run>): MessageBoxOptions | null {
  const active = runs.filter((run) => isActive(run.status));
  if (active.length === 0) return null;
  const one = active.length === 1;
  return {
    type: 'question',
    title: 'Quit Autoloop',
    message: one ? 'Quit Autoloop while a run is active?' : `Quit Autoloop while ${active.length} runs are active?`,
    detail:
      `${one ? 'It' : 'They'} will be paused, not lost: each keeps its progress and resumes with one click the next time Autoloop starts.\n\n` +
      namesText(active),
    buttons: ['Pause runs and quit', 'Cancel'],
    defaultId: QUIT_BUTTON_INDEX,
    cancelId: CANCEL_BUTTON_INDEX,
    noLink: true,
  };
}

/** Whether the person chose to quit in the confirmation. */
export function isQuitConfirmed(response: number): boolean {
  return response === QUIT_BUTTON_INDEX;
}
