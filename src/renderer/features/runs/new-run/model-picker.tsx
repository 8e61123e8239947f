import type { ProviderInfo } from '../../../../shared/providers-api';
import { needsApiKey } from '../../../../shared/providers';
import { Field } from '../../../ui/field';
import { choiceOfModel, choiceValue, modelForChoice, parseChoiceValue } from './model-choice';

/** The model of a new run, the template's demo model, the configured providers, and where changes go. */
export type ModelPickerProps = Readonly<{
  model: string;
  demoModel: string | null;
  providers: ReadonlyArray<ProviderInfo> | null;
  error: string | undefined;
  onChange(model: string): void;
}>;

const providerLabel = (provider: ProviderInfo): string =>
  `${provider.name} (${provider.type}${!provider.apiKeySet && needsApiKey(provider.type) ? ', no key yet' : ''})`;

/** A provider select (the scripted demo, each configured provider, or a custom id) and the model id itself as text. */
export function ModelPicker({ model, demoModel, providers, error, onChange }: ModelPickerProps) {
  const names = (providers ?? []).map((provider) => provider.name);
  const choice = choiceOfModel(model, demoModel, names);
  return (
    <div className="model-picker">
      <Field id="run-provider" label="Provider" help="Pick where the model runs; the model id below can be edited.">
        {(control) => (
          <select
            {...control}
            value={choiceValue(choice)}
            onChange={(event) => onChange(modelForChoice(parseChoiceValue(event.target.value), model, demoModel))}
          >
            {demoModel !== null && <option value="demo">Scripted demo ({demoModel}), no key, no cost</option>}
            {(providers ?? []).map((provider) => (
              <option key={provider.name} value={choiceValue({ kind: 'provider', name: provider.name })}>
                {providerLabel(provider)}
              </option>
            ))}
            <option value="custom">Other: type provider/model</option>
          </select>
        )}
      </Field>
      <Field id="run-model" label="Model" error={error} help="For example scripted/demo-counter or anthropic/claude-sonnet-4-5.">
        {(control) => <input {...control} type="text" value={model} placeholder="provider/model" onChange={(event) => onChange(event.target.value)} />}
      </Field>
    </div>
  );
}
