import { type ChangeEvent, useRef, useState } from 'react';
import { messageOf } from '../../shared/errors';

export type FileImportButtonProps = Readonly<{
  label: string;
  accept: string;
  /** The hidden file input's accessible name, e.g. "Run bundle file to import". */
  inputLabel: string;
  testId: string;
  className: string;
  /** Imports the chosen file; a thrown error is shown under the button, prefixed by `describeError`. */
  importFile(file: File): Promise<void>;
  describeError?: (file: File, message: string) => string;
}>;

/** A button that picks one file and hands it to `importFile`, showing progress and the engine's error. */
export function FileImportButton(props: FileImportButtonProps) {
  const input = useRef<HTMLInputElement>(null);
  const [isImporting, setImporting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const importChosen = async (file: File): Promise<void> => {
    setError(null);
    setImporting(true);
    try {
      await props.importFile(file);
    } catch (failure) {
      const message = messageOf(failure);
      setError(props.describeError ? props.describeError(file, message) : message);
    } finally {
      setImporting(false);
    }
  };

  const onChange = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    // Cleared so that choosing the same file again (after fixing it) fires another change.
    event.target.value = '';
    if (file) void importChosen(file);
  };

  return (
    <div className={props.className}>
      <button type="button" onClick={() => input.current?.click()} disabled={isImporting}>
        {isImporting ? 'Importing…' : props.label}
      </button>
      <input
        ref={input}
        type="file"
        accept={props.accept}
        className="visually-hidden"
        tabIndex={-1}
        aria-label={props.inputLabel}
        data-testid={props.testId}
        onChange={onChange}
      />
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </div>
  );
}
