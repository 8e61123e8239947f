import { type ReactNode, useEffect, useId, useRef } from 'react';

/** A dialog's title, body and how it closes. */
export type ModalDialogProps = Readonly<{ isOpen: boolean; title: string; onClose(): void; children: ReactNode; testId?: string }>;

/**
 * A modal `<dialog>`: the browser traps focus in it, closes it on Esc and gives focus back to
 * where it was; `onClose` hears every way it closes.
 */
export function ModalDialog({ isOpen, title, onClose, children, testId }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (isOpen && !dialog.open) {
      // happy-dom (unit tests) has no showModal; a plain open attribute shows it there.
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
    } else if (!isOpen && dialog.open) {
      dialog.close();
    }
  }, [isOpen]);
  return (
    <dialog ref={ref} className="modal" aria-labelledby={titleId} onClose={onClose} data-testid={testId}>
      <div className="modal-header">
        <h2 id={titleId}>{title}</h2>
        <button type="button" className="button-small" onClick={onClose}>
          Close
        </button>
      </div>
      {isOpen && children}
    </dialog>
  );
}
