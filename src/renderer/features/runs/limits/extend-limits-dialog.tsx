import { useState } from 'react';
import type { Run } from '../../../../shared/records';
import { ModalDialog } from '../../../ui/modal-dialog';
import { ExtendLimitsFields } from './extend-limits-form';

/** A row's "Extend…" for a run paused by its budget: the run page's extend form, in a dialog over the list. */
export function ExtendLimitsButton({ run, disabled }: Readonly<{ run: Run; disabled: boolean }>) {
  const [isOpen, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className="button-small button-primary"
        aria-label={`Extend ${run.name}`}
        title="Raise the limit that paused the run, and resume it"
        disabled={disabled}
        onClick={() => setOpen(true)}
      >
        Extend…
      </button>
      <ModalDialog isOpen={isOpen} title={`Extend and resume “${run.name}”`} onClose={() => setOpen(false)} testId={`extend-dialog-${run.id}`}>
        <div className="extend-dialog">
          <ExtendLimitsFields run={run} onResumed={() => setOpen(false)} />
        </div>
      </ModalDialog>
    </>
  );
}
