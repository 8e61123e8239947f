import { describe, expect, it } from 'vitest';
import { buildRun } from '../../shared/testing/build-run';
import { QUIT_BUTTON_INDEX, isQuitConfirmed, quitConfirmation } from './quit-confirmation';

describe('quitConfirmation', () => {
  it('asks nothing when no run is active (paused runs have no process to pause)', () => {
    expect(quitConfirmation([])).toBeNull();
    expect(quitConfirmation([buildRun({ status: 'paused', pauseReason: 'user' })])).toBeNull();
  });

  it('says active runs will be paused, not lost, and can be resumed', () => {
    const options = quitConfirmation([buildRun({ name: 'Fix tests', status: 'running' })]);
    expect(options).toMatchObject({
      type: 'question',
      message: 'Quit Autoloop while a run is active?',
      buttons: ['Pause runs and quit', 'Cancel'],
      cancelId: 1,
    });
    expect(options?.detail).toContain('paused, not lost');
    expect(options?.detail).toContain('resumes with one click');
    expect(options?.detail).toContain('• Fix tests');
  });

  it('counts many runs and lists the first five by name', () => {
    const runs = Array.from({ length: 7 }, (_, index) => buildRun({ id: `r${index}`, name: `run ${index}`, status: 'waiting_approval' }));
    const options = quitConfirmation(runs);
    expect(options?.message).toBe('Quit Autoloop while 7 runs are active?');
    expect(options?.detail).toContain('• run 4\n• and 2 more');
    expect(options?.detail).not.toContain('run 5');
  });

  it('quits only on the quit button', () => {
    expect(isQuitConfirmed(QUIT_BUTTON_INDEX)).toBe(true);
    expect(isQuitConfirmed(1)).toBe(false);
  });
});
