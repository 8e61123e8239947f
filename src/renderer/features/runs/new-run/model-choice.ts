import { SCRIPTED_PROVIDER } from '../../../../shared/providers';

/** The provider select's value: the template's scripted demo, a configured provider, or a model typed in full. */
export type ModelChoice = Readonly<{ kind: 'demo' } | { kind: 'provider'; name: string } | { kind: 'custom' }>;

/** Pure: the select's value as a string (`demo`, `provider:<name>`, `custom`). */
export function choiceValue(choice: ModelChoice): string {
  return choice.kind === 'provider' ? `provider:${choice.name}` : choice.kind;
}

/** Pure: the choice a select value stands for. */
export function parseChoiceValue(value: string): ModelChoice {
  if (value === 'demo') return { kind: 'demo' };
  if (value.startsWith('provider:')) return { kind: 'provider', name: value.slice('provider:'.length) };
  return { kind: 'custom' };
}

/** Pure: which choice a model id (`provider/model`) belongs to. */
export function choiceOfModel(model: string, demoModel: string | null, providerNames: ReadonlyArray<string>): ModelChoice {
  const trimmed = model.trim();
  if (demoModel !== null && trimmed === demoModel) return { kind: 'demo' };
  const prefix = trimmed.split('/')[0] ?? '';
  if (trimmed.includes('/') && providerNames.includes(prefix)) return { kind: 'provider', name: prefix };
  return { kind: 'custom' };
}

/** Pure: the model id after choosing a provider; the model part typed so far is kept unless it was the scripted demo's. */
export function modelForChoice(choice: ModelChoice, current: string, demoModel: string | null): string {
  const [prefix = '', ...rest] = current.trim().split('/');
  const modelPart = current.includes('/') && prefix !== SCRIPTED_PROVIDER ? rest.join('/') : '';
  switch (choice.kind) {
    case 'demo':
      return demoModel ?? current;
    case 'provider':
      return `${choice.name}/${modelPart}`;
    case 'custom':
      return current;
  }
}
