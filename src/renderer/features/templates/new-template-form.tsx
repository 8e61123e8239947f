import { type FormEvent, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { TEMPLATE_NAME_PATTERN } from '../../../shared/templates';
import { useApiClient } from '../../api/api-context';
import { navigate } from '../../app/use-route';
import { Field } from '../../ui/field';
import { refreshTemplates } from './use-templates-loader';

/** Pure: the text a new template starts with: the front-matter keys people need first, and a program to replace. */
export function newTemplateText(name: string): string {
  return [
    '---',
    `name: ${name}`,
    'description: What this program does, in one sentence.',
    'params:',
    '  goal: { type: string, required: true, description: "what the agent should achieve" }',
    'limits: { maxIterations: 20 }',
    'permissions: { profile: ask }',
    '---',
    `# ${name}`,
    '',
    'Each iteration, take the next step towards {{goal}}.',
    '',
    '1. Look at what was done so far.',
    '2. Do one step, then call `report` with a one-line summary.',
    '3. When the goal is reached, call `complete`.',
    '',
  ].join('\n');
}

/** "New template": a name, then the editor on a fresh user template. */
export function NewTemplateForm({ onCancel }: Readonly<{ onCancel(): void }>) {
  const api = useApiClient();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  const create = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!TEMPLATE_NAME_PATTERN.test(trimmed)) {
      setError('Use 1–64 lower-case letters, digits and dashes, starting with a letter or digit');
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const existing = await api.call('templates.list', {});
      if (existing.some((template) => template.name === trimmed)) throw new Error(`A template called "${trimmed}" already exists; choose another name`);
      await api.call('templates.save', { name: trimmed, text: newTemplateText(trimmed) });
      await refreshTemplates(api);
      navigate({ page: 'template', name: trimmed });
    } catch (failure) {
      setError(messageOf(failure));
      setSaving(false);
    }
  };

  return (
    <form className="form inline-form panel" onSubmit={(event) => void create(event)} noValidate>
      <Field id="new-template-name" label="New template name" error={error ?? undefined} help="Also its file name: my-program becomes my-program.md.">
        {(control) => <input {...control} type="text" value={name} autoFocus onChange={(event) => setName(event.target.value)} />}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={isSaving}>
          Create
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
