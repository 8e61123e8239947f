import { createStore, useStore } from 'zustand';
import type { TemplateSummary } from '../../../shared/templates';

/** The templates the engine offers, for the new-run form. */
export type TemplatesState = Readonly<{
  byName: Readonly<Record<string, TemplateSummary>>;
  /** Built-in templates first, then the person's own; each group by name. */
  names: ReadonlyArray<string>;
  loaded: boolean;
}>;

/** Before `templates.list` has answered. */
export const emptyTemplatesState: TemplatesState = { byName: {}, names: [], loaded: false };

const sourceRank = (template: TemplateSummary): number => (template.source === 'builtin' ? 0 : 1);

/** Pure: the state after `templates.list`, which is always the whole list. */
export function applyTemplatesListed(state: TemplatesState, templates: ReadonlyArray<TemplateSummary>): TemplatesState {
  const byName: Record<string, TemplateSummary> = {};
  for (const template of templates) byName[template.name] = template;
  const names = Object.values(byName)
    .sort((a, b) => sourceRank(a) - sourceRank(b) || a.name.localeCompare(b.name))
    .map((template) => template.name);
  return { ...state, byName, names, loaded: true };
}

/** The templates feature store (vanilla zustand, STYLE R17). */
export const templatesStore = createStore<TemplatesState>()(() => emptyTemplatesState);

/** Records the result of `templates.list`. */
export function receiveTemplatesListed(templates: ReadonlyArray<TemplateSummary>): void {
  templatesStore.setState((state) => applyTemplatesListed(state, templates), true);
}

/** Subscribe a component to the smallest slice it needs. */
export function useTemplatesStore<T>(selector: (state: TemplatesState) => T): T {
  return useStore(templatesStore, selector);
}
