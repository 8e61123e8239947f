import { type FormEvent, useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import {
  McpServerConfig,
  McpServerName,
  type McpServerInfo,
  type McpServerPatch,
  type McpTestResult,
  type McpToolInfo,
  parsePairs,
  splitCommand,
} from '../../../shared/mcp';
import { useApiClient } from '../../api/api-context';
import { Field } from '../../ui/field';
import { TextField } from '../../ui/text-field';

type Draft = { name: string; transport: 'stdio' | 'http'; target: string; secrets: string };
const EMPTY: Draft = { name: '', transport: 'stdio', target: '', secrets: '' };

/** The draft as a server's config, or the first problem in words. Pure. */
export function mcpConfigOf(draft: Draft): { name: string; config: McpServerConfig } | { error: string } {
  const name = McpServerName.safeParse(draft.name.trim());
  if (!name.success) return { error: name.error.issues[0]?.message ?? 'Name the server' };
  const lines = draft.secrets
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const pairs = parsePairs(lines);
  if (typeof pairs === 'string') return { error: `Each line of ${draft.transport === 'stdio' ? 'environment variables' : 'headers'} ${pairs}` };
  const words = splitCommand(draft.target);
  const raw =
    draft.transport === 'stdio'
      ? { transport: 'stdio', command: words[0], args: words.slice(1), ...(lines.length > 0 ? { env: pairs } : {}), enabled: true }
      : { transport: 'http', url: draft.target.trim(), ...(lines.length > 0 ? { headers: pairs } : {}), enabled: true };
  const config = McpServerConfig.safeParse(raw);
  if (!config.success) return { error: config.error.issues.map((issue) => issue.message).join('; ') };
  return { name: name.data, config: config.data };
}

/** An edit of a server as a patch: the command or URL as typed, only the secret lines given (others kept), and the names to remove. Pure. */
export function mcpPatchOf(
  server: McpServerInfo,
  edit: Readonly<{ target: string; secrets: string; removed: ReadonlyArray<string> }>,
): { patch: McpServerPatch } | { error: string } {
  const lines = edit.secrets
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const pairs = parsePairs(lines);
  if (typeof pairs === 'string') return { error: `Each line of ${server.transport === 'stdio' ? 'environment variables' : 'headers'} ${pairs}` };
  const secrets = { ...Object.fromEntries(edit.removed.map((name) => [name, null])), ...pairs };
  const words = splitCommand(edit.target);
  if (server.transport === 'stdio' && words.length === 0) return { error: 'a stdio MCP server needs a command' };
  const patch: McpServerPatch =
    server.transport === 'stdio'
      ? { command: words[0] ?? '', args: words.slice(1), ...(Object.keys(secrets).length > 0 ? { env: secrets } : {}) }
      : { url: edit.target.trim(), ...(Object.keys(secrets).length > 0 ? { headers: secrets } : {}) };
  return { patch };
}

function ToolList({ server, tools }: Readonly<{ server: string; tools: ReadonlyArray<McpToolInfo> }>) {
  return (
    <ul aria-label={`Tools of ${server}`}>
      {tools.map((tool) => (
        <li key={tool.name}>
          <span className="mono">{`mcp__${server}__${tool.name}`}</span>
          {tool.readOnly ? ' (read-only)' : ''} {tool.description}
        </li>
      ))}
    </ul>
  );
}

/** The Edit form of one server: secret values are never shown; a name not given again keeps its value. */
function EditServer({ server, onDone }: Readonly<{ server: McpServerInfo; onDone(servers: McpServerInfo[] | null): void }>) {
  const api = useApiClient();
  const [target, setTarget] = useState(
    server.url ?? [server.command ?? '', ...server.args].map((word) => (/[\s"']/.test(word) ? `"${word}"` : word)).join(' '),
  );
  const [secrets, setSecrets] = useState('');
  const [removed, setRemoved] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const stored = server.transport === 'stdio' ? server.envNames : server.headerNames;
  const what = server.transport === 'stdio' ? 'Environment variables' : 'Headers';
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const checked = mcpPatchOf(server, { target, secrets, removed });
    if ('error' in checked) return setError(checked.error);
    try {
      onDone(await api.call('mcp.update', { name: server.name, patch: checked.patch }));
    } catch (failure) {
      setError(`Could not save ${server.name}: ${messageOf(failure)}`);
    }
  };
  return (
    <form className="form provider-form" noValidate onSubmit={(event) => void submit(event)} aria-label={`Edit ${server.name}`}>
      <TextField id={`mcp-edit-target-${server.name}`} label={server.transport === 'stdio' ? 'Command' : 'URL'} value={target} onChange={setTarget} />
      <Field
        id={`mcp-edit-secrets-${server.name}`}
        label={`${what} to set`}
        help={`One NAME=VALUE per line, new or changed ones only. ${stored.length > 0 ? `${stored.join(', ')} keep their values unless given here.` : ''}`}
      >
        {(control) => <textarea {...control} rows={2} value={secrets} onChange={(event) => setSecrets(event.target.value)} />}
      </Field>
      {stored.map((name) => (
        <label key={name} className="checkbox-row">
          <input
            type="checkbox"
            checked={removed.includes(name)}
            onChange={(event) => setRemoved(event.target.checked ? [...removed, name] : removed.filter((other) => other !== name))}
          />{' '}
          {`Remove ${name}`}
        </label>
      ))}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
      <div>
        <button type="submit">Save</button>{' '}
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ServerRow({ server, onList }: Readonly<{ server: McpServerInfo; onList(servers: McpServerInfo[]): void }>) {
  const api = useApiClient();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<McpTestResult | null>(null);
  const [isEditing, setEditing] = useState(false);
  const test = async (): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    try {
      const result = await api.call('mcp.test', { name: server.name });
      setOutcome(result);
      // The engine keeps the tools of a test that worked; the list shows them from now on.
      if (result.ok) onList(await api.call('mcp.list', {}));
    } catch (failure) {
      setOutcome({ ok: false, message: `Could not test ${server.name}: ${messageOf(failure)}`, tools: [] });
    } finally {
      setBusy(false);
    }
  };
  const turn = async (enabled: boolean): Promise<void> => {
    setBusy(true);
    try {
      onList(await api.call('mcp.update', { name: server.name, patch: { enabled } }));
    } catch (failure) {
      setOutcome({ ok: false, message: `Could not turn ${server.name} ${enabled ? 'on' : 'off'}: ${messageOf(failure)}`, tools: [] });
    } finally {
      setBusy(false);
    }
  };
  const remove = async (): Promise<void> => {
    setBusy(true);
    try {
      onList(await api.call('mcp.remove', { name: server.name }));
    } catch (failure) {
      setOutcome({ ok: false, message: `Could not remove ${server.name}: ${messageOf(failure)}`, tools: [] });
      setBusy(false);
    }
  };
  const secretNames = [...server.envNames, ...server.headerNames];
  return (
    <li className="provider-row" data-testid={`mcp-server-${server.name}`}>
      <div className="provider-head">
        <h3>{server.name}</h3>
        <span className="muted">{server.transport}</span>
        <span className="mono muted provider-url">{server.url ?? [server.command ?? '', ...server.args].join(' ')}</span>
        {secretNames.length > 0 && <span className="badge badge-user">{`${secretNames.join(', ')} set`}</span>}
        {!server.enabled && <span className="badge">disabled</span>}
      </div>
      <div className="run-buttons provider-buttons">
        <label className="checkbox-row">
          <input
            type="checkbox"
            checked={server.enabled}
            disabled={busy}
            onChange={(event) => void turn(event.target.checked)}
            aria-label={`Use ${server.name} in runs`}
          />{' '}
          On
        </label>
        <button type="button" className="button-small" onClick={() => setEditing(true)} disabled={busy || isEditing} aria-label={`Edit ${server.name}`}>
          Edit
        </button>
        <button type="button" className="button-small" onClick={() => void test()} disabled={busy} aria-label={`Test ${server.name}`}>
          Test
        </button>
        <button type="button" className="button-small button-danger" onClick={() => void remove()} disabled={busy} aria-label={`Remove ${server.name}`}>
          Remove
        </button>
      </div>
      {isEditing && (
        <EditServer
          server={server}
          onDone={(servers) => {
            if (servers) onList(servers);
            setEditing(false);
          }}
        />
      )}
      {outcome && (
        <div role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'note' : 'alert'} data-testid={`mcp-test-${server.name}`}>
          <p>{outcome.message}</p>
        </div>
      )}
      {server.tools !== null && (
        <div data-testid={`mcp-tools-${server.name}`}>
          <p className="muted">{`Tools when tested ${server.testedAt === null ? '' : new Date(server.testedAt).toLocaleString()}:${server.tools.length === 0 ? ' none' : ''}`}</p>
          <ToolList server={server.name} tools={server.tools} />
        </div>
      )}
      {server.tools === null && outcome?.ok === true && <ToolList server={server.name} tools={outcome.tools} />}
    </li>
  );
}

/** Settings → Tools: the MCP servers runs may use (`mcp:` in a template, MCP servers in the new-run form), each with its tools as last tested, On, Edit, Test and Remove, and a form to add one. */
export function ToolsSection() {
  const api = useApiClient();
  const [servers, setServers] = useState<McpServerInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [isAdding, setAdding] = useState(false);
  useEffect(() => {
    api.call('mcp.list', {}).then(setServers, (failure: unknown) => setLoadError(`Could not load the MCP servers: ${messageOf(failure)}`));
  }, [api]);
  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const checked = mcpConfigOf(draft);
    if ('error' in checked) return setError(checked.error);
    setError(null);
    try {
      setServers(await api.call('mcp.add', checked));
      setDraft(EMPTY);
      setAdding(false);
    } catch (failure) {
      setError(`Could not add the server: ${messageOf(failure)}`);
    }
  };
  const change = (patch: Partial<Draft>): void => setDraft({ ...draft, ...patch });
  return (
    <section className="panel settings-section" aria-labelledby="settings-tools-heading" id="settings-tools">
      <h2 id="settings-tools-heading">Tools</h2>
      <p className="muted">
        MCP servers a run may use: their tools reach the model as mcp__server__tool, behind the run&apos;s permissions. Values of environment variables and
        headers are kept by the engine and never shown again; env:NAME reads the engine&apos;s variable NAME when a run starts.
      </p>
      {loadError && (
        <p role="alert" className="alert">
          {loadError}
        </p>
      )}
      {servers !== null && servers.length === 0 && <p className="muted">No MCP servers yet.</p>}
      {servers !== null && servers.length > 0 && (
        <ul className="provider-list" aria-label="MCP servers">
          {servers.map((server) => (
            <ServerRow key={server.name} server={server} onList={setServers} />
          ))}
        </ul>
      )}
      {!isAdding && (
        <div>
          <button type="button" onClick={() => setAdding(true)}>
            Add an MCP server
          </button>
        </div>
      )}
      {isAdding && (
        <form className="form provider-form" noValidate onSubmit={(event) => void submit(event)} aria-label="Add an MCP server">
          <TextField id="mcp-name" label="Name" value={draft.name} help="Letters, digits and dashes." onChange={(name) => change({ name })} />
          <Field id="mcp-transport" label="Transport">
            {(control) => (
              <select {...control} value={draft.transport} onChange={(event) => change({ transport: event.target.value === 'http' ? 'http' : 'stdio' })}>
                <option value="stdio">Command (stdio)</option>
                <option value="http">URL (Streamable HTTP)</option>
              </select>
            )}
          </Field>
          <TextField
            id="mcp-target"
            label={draft.transport === 'stdio' ? 'Command' : 'URL'}
            value={draft.target}
            help={draft.transport === 'stdio' ? 'The program and its arguments, e.g. npx -y @modelcontextprotocol/server-github' : 'https://…/mcp'}
            onChange={(target) => change({ target })}
          />
          <Field id="mcp-secrets" label={draft.transport === 'stdio' ? 'Environment variables' : 'Headers'} help="One NAME=VALUE per line.">
            {(control) => <textarea {...control} rows={2} value={draft.secrets} onChange={(event) => change({ secrets: event.target.value })} />}
          </Field>
          {error && (
            <p role="alert" className="alert">
              {error}
            </p>
          )}
          <div>
            <button type="submit">Add the server</button>{' '}
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
