import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import type { TemplateSummary } from '../../../../shared/templates';
import { useApiClient } from '../../../api/api-context';
import { useSettingsStore } from '../../settings/settings-store';
import { useTemplatesStore } from '../../templates/templates-store';
import { draftFromRun, initialDraft, initialModel, initialTemplateName, readLastUsed } from './new-run-defaults';
import { draftForTemplate, type NewRunDraft } from './new-run-draft';

/** Where the form's first draft comes from: a template asked for (a card's Run button), a run to start again, or neither. */
export type DraftOrigin = Readonly<{ template: string | null; againRunId: string | null }>;

/** The draft, its template, and the ways the form changes it. */
export type NewRunDraftState = Readonly<{
  draft: NewRunDraft | null;
  template: TemplateSummary | undefined;
  /** Why the run to start again could not be loaded, or its template is gone. */
  originError: string | null;
  /** A template chosen in the select: its params' defaults, the run settings typed so far kept. */
  chooseTemplate(name: string): void;
  change(patch: Partial<NewRunDraft>): void;
}>;

/**
 * The new-run form's draft. It opens on the template asked for, else the last-used one, with the last-used model and
 * folder, or the scripted demo while no provider has a key; "Run again" opens on that run's settings instead. Until the
 * person touches the model, a late answer of `providers.list` picks the model again.
 */
export function useNewRunDraft(origin: DraftOrigin): NewRunDraftState {
  const api = useApiClient();
  const names = useTemplatesStore((state) => state.names);
  const byName = useTemplatesStore((state) => state.byName);
  const providers = useSettingsStore((state) => state.providers);
  const defaultModel = useSettingsStore((state) => state.settings?.runDefaults.model ?? null);
  const [draft, setDraft] = useState<NewRunDraft | null>(null);
  const [originError, setOriginError] = useState<string | null>(null);
  const isModelChosen = useRef(false);
  const template: TemplateSummary | undefined = draft ? byName[draft.template] : undefined;

  useEffect(() => {
    if (origin.againRunId === null || names.length === 0) return;
    let isCurrent = true;
    api.call('runs.get', { id: origin.againRunId }).then(
      (run) => {
        if (!isCurrent) return;
        const its = byName[run.template];
        if (!its) return setOriginError(`The template ${run.template} of that run is gone; choose another.`);
        isModelChosen.current = true;
        setDraft(draftFromRun(run, its));
      },
      (failure: unknown) => isCurrent && setOriginError(`Could not load the run to start again: ${messageOf(failure)}`),
    );
    return () => {
      isCurrent = false;
    };
    // Loaded once per run id, after the templates are there; later template pushes do not reset what the person typed.
  }, [api, origin.againRunId, names.length > 0]);

  useEffect(() => {
    if (draft !== null && draft.template in byName) return;
    if (origin.againRunId !== null && originError === null && draft === null) return;
    const name = draft === null ? initialTemplateName(names, origin.template, readLastUsed()) : names[0];
    const first = name === undefined || name === null ? undefined : byName[name];
    if (first) setDraft(draft === null ? initialDraft(first, providers, defaultModel, readLastUsed()) : draftForTemplate(first, draft));
  }, [names, byName, draft, origin, originError, providers, defaultModel]);

  useEffect(() => {
    if (isModelChosen.current || !template) return;
    const model = initialModel(template, providers, defaultModel, readLastUsed());
    setDraft((current) => (current === null || current.model === model ? current : { ...current, model }));
  }, [providers, defaultModel, template]);

  return {
    draft,
    template,
    originError,
    chooseTemplate(name) {
      const next = byName[name];
      if (!next || !draft) return;
      const model = isModelChosen.current ? draft.model : initialModel(next, providers, defaultModel, readLastUsed());
      setDraft({ ...draftForTemplate(next, draft), model });
    },
    change(patch) {
      if ('model' in patch) isModelChosen.current = true;
      setDraft((current) => (current === null ? current : { ...current, ...patch }));
    },
  };
}
