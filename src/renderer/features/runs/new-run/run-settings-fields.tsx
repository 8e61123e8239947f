import type { LimitKey } from '../../../../shared/limit-text';
import type { ProviderInfo } from '../../../../shared/providers-api';
import { Field } from '../../../ui/field';
import { AGENT_LABELS, AgentKind } from '../../../../shared/agents';
import { ContextField } from './context-field';
import {
  type InheritanceSources,
  inheritedAgent,
  inheritedContext,
  inheritedInterval,
  inheritedLimit,
  inheritedProfile,
  inheritedText,
} from './inherited-settings';
import { ModelPicker } from './model-picker';
import type { DraftErrors, NewRunDraft } from './new-run-draft';
import { ProfileField } from './profile-field';
import { SandboxFields } from './sandbox-fields';

type TextSetting = 'name' | 'workdir' | 'maxIterations' | 'maxTokens' | 'maxCostUsd' | 'maxDuration' | 'interval';

/** The run settings of the new-run form, what they inherit when left empty, and where changes go. */
export type RunSettingsFieldsProps = Readonly<{
  draft: NewRunDraft;
  errors: DraftErrors;
  demoModel: string | null;
  providers: ReadonlyArray<ProviderInfo> | null;
  sources: InheritanceSources;
  onChange(patch: Partial<NewRunDraft>): void;
  /** What the Name field says it names (the schedule form names the schedule). */
  nameHelp?: string;
}>;

type TextOptions = Readonly<{ help?: string; placeholder?: string; inputMode?: 'numeric' | 'decimal' }>;

/** The verification gate: commands, one a line, that must pass before the agent's `complete` ends the run. */
function VerifyField({
  value,
  error,
  inherited,
  onChange,
}: Readonly<{ value: string; error: string | undefined; inherited: ReadonlyArray<string>; onChange(verify: string): void }>) {
  return (
    <Field
      id="run-verify"
      label="Verify commands"
      help="One command a line, run in the working folder like the agent’s bash. The run completes only when every one exits 0; a failure goes back to the agent, and 3 in a row end the run. Empty: the template’s."
      error={error}
    >
      {(control) => (
        <textarea
          {...control}
          rows={2}
          value={value}
          placeholder={inherited.length > 0 ? `${inherited.join('; ')} (from template)` : 'None, e.g. npm test'}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

/** "Choose…" beside the folder field: the native folder dialog, in the Electron window only (a browser types the path). */
function FolderPickerButton({ current, onPicked }: Readonly<{ current: string; onPicked(folder: string): void }>) {
  const pickFolder = window.autoloop?.pickFolder;
  if (!pickFolder) return null;
  const choose = (): void => {
    void pickFolder(current).then((folder) => folder && onPicked(folder));
  };
  return (
    <button type="button" className="folder-picker" onClick={choose}>
      Choose folder…
    </button>
  );
}

const LIMIT_OF: Readonly<Record<'maxIterations' | 'maxTokens' | 'maxCostUsd' | 'maxDuration', LimitKey>> = {
  maxIterations: 'maxIterations',
  maxTokens: 'maxTokens',
  maxCostUsd: 'maxCostUsd',
  maxDuration: 'maxDurationMs',
};

/**
 * The run settings below the params: name, folder, model, interval, permissions, isolation, context, network, verify commands
 * and limits. An empty field shows what the run inherits instead ("25 (from template)").
 */
export function RunSettingsFields({ draft, errors, demoModel, providers, sources, onChange, nameHelp }: RunSettingsFieldsProps) {
  const text = (key: TextSetting, label: string, options: TextOptions = {}) => (
    <Field id={`run-${key}`} label={label} help={options.help} error={errors[key]}>
      {(control) => (
        <input
          {...control}
          type="text"
          value={draft[key]}
          placeholder={options.placeholder}
          inputMode={options.inputMode}
          onChange={(event) => onChange({ [key]: event.target.value })}
        />
      )}
    </Field>
  );
  const limit = (key: keyof typeof LIMIT_OF, label: string, options: TextOptions = {}) =>
    text(key, label, { ...options, placeholder: inheritedText(inheritedLimit(LIMIT_OF[key], sources)) });
  return (
    <>
      <fieldset className="run-settings">
        <legend>Run</legend>
        {text('name', 'Name', { help: nameHelp ?? 'Shown in the run list. Defaults to the template name.' })}
        {text('workdir', 'Working folder', {
          placeholder: 'Empty: a fresh folder is made for this run',
          help: 'The folder the agent works in; its file tools are confined to it.',
        })}
        <FolderPickerButton current={draft.workdir} onPicked={(workdir) => onChange({ workdir })} />
        <Field
          id="run-agent"
          label="Agent"
          error={errors.agent}
          help="Who takes each iteration’s turn. Claude Code uses your installed claude and its login, or the key of an Anthropic provider chosen as the model; Codex likewise with codex and an OpenAI provider (its commands run in its own sandbox, and what it asks goes through the run’s approvals); Autoloop keeps the loop, limits, approvals and log either way."
        >
          {(control) => (
            <select {...control} value={draft.agent} onChange={(event) => onChange({ agent: event.target.value as AgentKind | '' })}>
              <option value="">{inheritedText(inheritedAgent(sources.template))}</option>
              {AgentKind.options.map((agent) => (
                <option key={agent} value={agent}>
                  {AGENT_LABELS[agent]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ModelPicker model={draft.model} demoModel={demoModel} providers={providers} error={errors.model} onChange={(model) => onChange({ model })} />
        {text('interval', 'Interval', {
          placeholder: inheritedText(inheritedInterval(sources.template)),
          help: 'Wait between iterations, such as 500ms, 2s or 1m.',
        })}
        <ProfileField profile={draft.profile} inherited={inheritedProfile(sources)} error={errors.profile} onChange={(profile) => onChange({ profile })} />
        <SandboxFields
          draft={draft}
          errors={errors}
          template={sources.template}
          profile={draft.profile === '' ? inheritedProfile(sources).profile : draft.profile}
          onChange={onChange}
        />
        <ContextField
          context={draft.context}
          inherited={inheritedContext(sources.template)}
          error={errors.context}
          onChange={(context) => onChange({ context })}
        />
        <VerifyField value={draft.verify} error={errors.verify} inherited={sources.template?.verify ?? []} onChange={(verify) => onChange({ verify })} />
      </fieldset>
      <fieldset className="run-limits">
        <legend>Limits</legend>
        <p className="field-help">
          An empty field uses the template’s limit, else your default in Settings, else none. The run pauses when it reaches a token or cost limit.
        </p>
        <div className="limit-fields">
          {limit('maxIterations', 'Max iterations', { inputMode: 'numeric' })}
          {limit('maxTokens', 'Max tokens', { inputMode: 'numeric' })}
          {limit('maxCostUsd', 'Max cost (USD)', { inputMode: 'decimal' })}
          {limit('maxDuration', 'Max duration', { help: 'Such as 30m, 2h or 1h30m; a bare number is minutes.' })}
        </div>
      </fieldset>
    </>
  );
}
