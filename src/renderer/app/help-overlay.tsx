import { Fragment } from 'react';
import { ModalDialog } from '../ui/modal-dialog';
import { SHORTCUT_HELP } from './global-shortcuts';

/** The keyboard shortcuts, opened with `?`. */
export function HelpOverlay({ isOpen, onClose }: Readonly<{ isOpen: boolean; onClose(): void }>) {
  return (
    <ModalDialog isOpen={isOpen} title="Keyboard shortcuts" onClose={onClose} testId="help-overlay">
      <dl className="shortcut-list">
        {SHORTCUT_HELP.map(({ keys, what }) => (
          <div key={what}>
            <dt>
              {keys.map((key, index) => (
                <Fragment key={key}>
                  {index > 0 && ' then '}
                  <kbd>{key}</kbd>
                </Fragment>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="muted">
        On the Approvals page: <kbd>a</kbd> allow once, <kbd>r</kbd> allow for the run, <kbd>d</kbd> deny, <kbd>j</kbd>/<kbd>k</kbd> move.
      </p>
    </ModalDialog>
  );
}
