import { useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import { useApiClient } from '../../../api/api-context';
import { hrefFor } from '../../../app/routes';
import { navigate } from '../../../app/use-route';
import { receiveRunFetched, runsStore } from '../runs-store';

/** The demo template: a whole run without an API key. */
export const DEMO_TEMPLATE = 'demo-counter';
/** The scripted model that plays the demo template. */
export const DEMO_MODEL = 'scripted/demo-counter';

/** For a first start (no runs, no provider with a key): add a provider, or watch the scripted demo run. */
export function FirstRunGuide() {
  const api = useApiClient();
  const [isStarting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const startDemo = async (): Promise<void> => {
    setStarting(true);
    setError(null);
    const askedAt = runsStore.getState().pushCount;
    try {
      const run = await api.call('runs.start', { template: DEMO_TEMPLATE, model: DEMO_MODEL });
      receiveRunFetched(run, askedAt);
      navigate({ page: 'run', runId: run.id });
    } catch (failure) {
      setError(`Could not start the demo: ${messageOf(failure)}`);
      setStarting(false);
    }
  };

  return (
    <section className="first-run" aria-labelledby="first-run-heading" data-testid="first-run-guide">
      <h2 id="first-run-heading">Welcome to Autoloop</h2>
      <p>Autoloop runs an agent again and again on a Markdown program, asks you before risky steps, and keeps every step.</p>
      <div className="first-run-steps">
        <div className="first-run-step">
          <h3>Add a provider</h3>
          <p>Give Autoloop an API key for Anthropic, OpenAI or a local OpenAI-compatible server.</p>
          <a className="button-link" href={hrefFor({ page: 'settings' })}>
            Add a provider
          </a>
        </div>
        <div className="first-run-step">
          <h3>Try the scripted demo</h3>
          <p>A built-in scripted model counts to five, one number per iteration. No key, no cost.</p>
          <button type="button" className="button-primary" disabled={isStarting} onClick={() => void startDemo()}>
            {isStarting ? 'Starting…' : 'Try the scripted demo'}
          </button>
        </div>
      </div>
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </section>
  );
}
