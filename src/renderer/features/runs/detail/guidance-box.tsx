import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { Run } from '../../../../shared/records';
import { canGuide } from '../../../../shared/run-actions';
import { GUIDANCE_MAX_CHARS } from '../../../../shared/verify';
import { useApiClient } from '../../../api/api-context';
import { Field } from '../../../ui/field';

/** When the agent reads a note sent now, in words. */
function whenRead(run: Pick<Run, 'status'>): string {
  return run.status === 'paused' ? 'The agent reads it first when the run is resumed.' : 'The agent reads it at the start of its next iteration.';
}

/**
 * A note to the agent of a running or paused run: stored at once, shown in the log, and put at the top
 * of the next iteration's prompt. Ctrl+Enter (⌘+Enter) sends; the engine's refusal is shown below.
 */
export function GuidanceBox({ run }: Readonly<{ run: Run }>) {
  const api = useApiClient();
  const [text, setText] = useState('');
  const [isSending, setSending] = useState(false);
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!canGuide(run)) return null;

  const send = async (): Promise<void> => {
    const note = text.trim();
    if (note === '' || isSending) return;
    setSending(true);
    setError(null);
    setSent(null);
    try {
      await api.call('runs.guide', { id: run.id, text: note });
      setText('');
      setSent(`Sent. ${whenRead(run)}`);
    } catch (failure) {
      setError(`Could not send the guidance: ${messageOf(failure)}`);
    } finally {
      setSending(false);
    }
  };
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    void send();
  };
  const sendOnCtrlEnter = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void send();
    }
  };

  return (
    <form className="guidance-box" aria-label="Steer the run" noValidate onSubmit={submit}>
      <Field id="run-guidance" label="Guidance for the agent" help={`Steer the run without stopping it. ${whenRead(run)} Ctrl+Enter sends.`}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            value={text}
            maxLength={GUIDANCE_MAX_CHARS}
            placeholder="e.g. Skip the flaky test in auth.spec.ts; fix the parser first."
            onChange={(event) => {
              setText(event.target.value);
              setSent(null);
            }}
            onKeyDown={sendOnCtrlEnter}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" disabled={isSending || text.trim() === ''}>
          Send guidance
        </button>
        {sent && (
          <span className="muted" role="status" data-testid="guidance-sent">
            {sent}
          </span>
        )}
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </form>
  );
}
