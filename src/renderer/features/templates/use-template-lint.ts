import { useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import type { LintFinding } from '../../../shared/templates';
import { useApiClient } from '../../api/api-context';

/** Lint waits for a pause in typing this long, so the engine is not asked on every key. */
export const LINT_DEBOUNCE_MS = 400;

/** The latest findings for a text, and why linting failed if it did. */
export type TemplateLint = Readonly<{ findings: ReadonlyArray<LintFinding>; error: string | null }>;

/**
 * Lints `text` with the engine (`templates.lint`) after each pause in typing, as the user template
 * `name` it will be saved as. Until the first answer, and while `isEnabled` is false, the findings
 * given are kept (those of the loaded text).
 */
export function useTemplateLint(text: string, name: string, initial: ReadonlyArray<LintFinding>, isEnabled: boolean): TemplateLint {
  const api = useApiClient();
  const [lint, setLint] = useState<TemplateLint>({ findings: initial, error: null });
  useEffect(() => setLint({ findings: initial, error: null }), [initial]);
  useEffect(() => {
    if (!isEnabled) return;
    let isCurrent = true;
    const timer = setTimeout(() => {
      api.call('templates.lint', { text, name }).then(
        (answer) => isCurrent && setLint({ findings: answer.findings, error: null }),
        (failure: unknown) => isCurrent && setLint((current) => ({ ...current, error: `Could not check the template: ${messageOf(failure)}` })),
      );
    }, LINT_DEBOUNCE_MS);
    return () => {
      isCurrent = false;
      clearTimeout(timer);
    };
  }, [api, text, name, isEnabled]);
  return lint;
}
