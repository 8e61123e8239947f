import { type FormEvent, useEffect, useState } from 'react';
import { messageOf } from '../../../shared/errors';
import { McpServerConfig, McpServerName, type McpServerInfo, type McpTestResult, parsePairs, splitCommand } from '../../../shared/mcp';
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

function ServerRow({ server, onList }: Readonly<{ server: McpServerInfo; onList(servers: McpServerInfo[]): void }>) {
  const api = useApiClient();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<McpTestResult | null>(null);
  const test = async (): Promise<void> => {
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome(await api.call('mcp.test', { name: server.name }));
    } catch (failure) {
      setOutcome({ ok: false, message: `Could not test ${server.name}: ${messageOf(failure)}`, tools: [] });
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
      </div>
      <div className="run-buttons provider-buttons">
        <button type="button" className="button-small" onClick={() => void test()} disabled={busy} aria-label={`Test ${server.name}`}>
          Test
        </button>
        <button type="button" className="button-small button-danger" onClick={() => void remove()} disabled={busy} aria-label={`Remove ${server.name}`}>
          Remove
        </button>
      </div>
      {outcome && (
        <div role={outcome.ok ? 'status' : 'alert'} className={outcome.ok ? 'note' : 'alert'} data-testid={`mcp-test-${server.name}`}>
          <p>{outcome.message}</p>
          {outcome.tools.length > 0 && (
            <ul aria-label={`Tools of ${server.name}`}>
              {outcome.tools.map((tool) => (
                <li key={tool.name}>
                  <span className="mono">{`mcp__${server.name}__${tool.name}`}</span>
                  {tool.readOnly ? ' (read-only)' : ''} {tool.description}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </li>
  );
}

/** Settings → Tools: the MCP servers runs may use (`mcp:` in a template, MCP servers in the new-run form), each with Test and Remove, and a form to add one. */
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
