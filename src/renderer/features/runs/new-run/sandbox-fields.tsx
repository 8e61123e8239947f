import type { Isolation, PermissionProfile } from '../../../../shared/records';
import type { TemplateRunSettings } from '../../../../shared/templates';
import { Field } from '../../../ui/field';
import { inheritedIsolation, inheritedText } from './inherited-settings';
import { McpToolsPreview } from './mcp-tools-preview';
import { type DraftErrors, type NewRunDraft, listEntries } from './new-run-draft';

/** The draft's isolation, hosts and environment names, the template's own, and where changes go. */
export type SandboxFieldsProps = Readonly<{
  draft: NewRunDraft;
  errors: DraftErrors;
  template: TemplateRunSettings | null;
  /** The profile the run will have (the form's, else the inherited one), for the MCP tools preview. */
  profile: PermissionProfile;
  onChange(patch: Partial<NewRunDraft>): void;
}>;

/** What the template already lets through, said after a list field's help. */
function fromTemplate(entries: ReadonlyArray<string> | undefined, what: string): string {
  return entries && entries.length > 0 ? ` The template already allows ${what}: ${entries.join(', ')}.` : '';
}

/** Where the run works (its own git worktree or the folder itself), which hosts its commands may reach, and which variables its tools see. */
export function SandboxFields({ draft, errors, template, profile, onChange }: SandboxFieldsProps) {
  const isolation = inheritedIsolation(template);
  const typedMcp = listEntries(draft.mcp);
  const templateMcp = template?.mcp ?? [];
  return (
    <>
      <Field
        id="run-isolation"
        label="Isolation"
        error={errors.isolation}
        help="Worktree: the run works on its own git branch in a separate folder, and you review and merge its changes. None: it changes the folder itself."
      >
        {(control) => (
          <select {...control} value={draft.isolation} onChange={(event) => onChange({ isolation: event.target.value as Isolation | '' })}>
            <option value="">{inheritedText(isolation)}</option>
            <option value="worktree">Worktree (needs a folder in a git repository)</option>
            <option value="none">None: work in the folder itself</option>
          </select>
        )}
      </Field>
      <Field
        id="run-network"
        label="Allowed hosts"
        error={errors.network}
        help={`Hosts the run’s commands may reach, such as api.github.com or *.npmjs.org; every other host is blocked (Trusted reaches all).${fromTemplate(template?.network, 'these')}`}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            value={draft.network}
            placeholder={template && template.network.length > 0 ? `${template.network.join(', ')} (from template)` : 'None: no network'}
            spellCheck={false}
            onChange={(event) => onChange({ network: event.target.value })}
          />
        )}
      </Field>
      <Field
        id="run-env"
        label="Pass environment variables"
        error={errors.env}
        help={`Names of variables the run’s tools may see besides PATH, HOME and the like, such as SSH_AUTH_SOCK.${fromTemplate(template?.env, 'these')}`}
      >
        {(control) => (
          <input
            {...control}
            type="text"
            value={draft.env}
            placeholder={template && template.env.length > 0 ? `${template.env.join(', ')} (from template)` : 'None'}
            spellCheck={false}
            onChange={(event) => onChange({ env: event.target.value })}
          />
        )}
      </Field>
      <Field
        id="run-mcp"
        label="MCP servers"
        error={errors.mcp}
        help="Servers from Settings → Tools whose tools the run gets (mcp__server__tool), behind its permissions. Empty: the template's mcp: list."
      >
        {(control) => (
          <input
            {...control}
            type="text"
            value={draft.mcp}
            placeholder={templateMcp.length > 0 ? `${templateMcp.join(', ')} (from template)` : 'None'}
            spellCheck={false}
            onChange={(event) => onChange({ mcp: event.target.value })}
          />
        )}
      </Field>
      <McpToolsPreview names={typedMcp.length > 0 ? typedMcp : templateMcp} fromTemplate={typedMcp.length === 0} profile={profile} />
      <Field
        id="run-notify"
        label="Notifiers"
        error={errors.notify}
        help="Notifiers from Settings → Notifiers this run's events go to, by name; none: no notifier. Empty: the template's notify: list, else every notifier."
      >
        {(control) => (
          <input
            {...control}
            type="text"
            value={draft.notify}
            placeholder="All"
            spellCheck={false}
            onChange={(event) => onChange({ notify: event.target.value })}
          />
        )}
      </Field>
    </>
  );
}
