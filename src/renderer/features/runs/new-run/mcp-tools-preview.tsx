import { useEffect, useState } from 'react';
import { messageOf } from '../../../../shared/errors';
import { type McpServerInfo, mcpToolName } from '../../../../shared/mcp';
import { type PermissionAction, mcpToolProfileAction } from '../../../../shared/profile-action';
import type { PermissionProfile } from '../../../../shared/records';
import { useApiClient } from '../../../api/api-context';

/** What the run's profile does with one MCP tool's calls, before any rule of the run. */
export type McpToolVerdict = 'allowed' | 'asks' | 'refused';

const VERDICT_OF_ACTION: Readonly<Record<PermissionAction, McpToolVerdict>> = { allow: 'allowed', ask: 'asks', deny: 'refused' };

/**
 * Pure: the profile's answer to a call of an MCP tool, as the runner's gate gives it: the same `mcpToolProfileAction`
 * (src/shared/profile-action.ts). The run's rules (`mcp__server__*`) may say otherwise.
 */
export function mcpToolVerdict(profile: PermissionProfile, readOnly: boolean): McpToolVerdict {
  return VERDICT_OF_ACTION[mcpToolProfileAction(profile, readOnly)];
}

const VERDICT_WORDS: Readonly<Record<McpToolVerdict, string>> = {
  allowed: 'runs without asking',
  asks: 'asks for approval',
  refused: 'refused by this profile',
};

export type McpToolsPreviewProps = Readonly<{
  /** The servers the run gets: the form's, else the template's. */
  names: ReadonlyArray<string>;
  /** Whether `names` came from the template (the form's field left empty). */
  fromTemplate: boolean;
  /** The profile the run will have. */
  profile: PermissionProfile;
}>;

function ServerTools({ name, server, profile }: Readonly<{ name: string; server: McpServerInfo | undefined; profile: PermissionProfile }>) {
  if (server === undefined) return <p className="muted">{`${name}: there is no MCP server by that name in Settings → Tools.`}</p>;
  if (!server.enabled) return <p className="muted">{`${name}: turned off in Settings → Tools; a run cannot use it.`}</p>;
  if (server.tools === null) return <p className="muted">{`${name}: Not tested yet — Test it in Settings → Tools to see its tools here.`}</p>;
  if (server.tools.length === 0) return <p className="muted">{`${name}: it listed no tools when tested.`}</p>;
  return (
    <ul aria-label={`Tools of ${name} for this run`}>
      {server.tools.map((tool) => {
        const verdict = mcpToolVerdict(profile, tool.readOnly);
        return (
          <li key={tool.name} data-verdict={verdict}>
            <span className="mono">{mcpToolName(name, tool.name)}</span>
            {tool.readOnly ? ' (read-only)' : ''} <span className={verdict === 'allowed' ? 'muted' : 'badge'}>{VERDICT_WORDS[verdict]}</span>
          </li>
        );
      })}
    </ul>
  );
}

/**
 * Under the new-run form's MCP servers field: per chosen server, the tools it listed when last tested in Settings →
 * Tools (`mcp.list`), which are read-only, and which the run's profile asks about or refuses.
 */
export function McpToolsPreview({ names, fromTemplate, profile }: McpToolsPreviewProps) {
  const api = useApiClient();
  const [servers, setServers] = useState<McpServerInfo[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const wanted = names.length > 0;
  useEffect(() => {
    if (!wanted) return;
    let current = true;
    api.call('mcp.list', {}).then(
      (listed) => {
        if (current) setServers(listed);
      },
      (failure: unknown) => {
        if (current) setLoadError(`Could not load the MCP servers: ${messageOf(failure)}`);
      },
    );
    return () => {
      current = false;
    };
  }, [api, wanted]);

  if (!wanted) return null;
  return (
    <div className="mcp-tools-preview" data-testid="mcp-tools-preview" aria-live="polite">
      <p className="muted">{`Tools the run gets${fromTemplate ? ' (servers from the template)' : ''}, under the ${profile} profile:`}</p>
      {loadError !== null && <p className="muted">{loadError}</p>}
      {servers !== null &&
        [...new Set(names)].map((name) => <ServerTools key={name} name={name} server={servers.find((server) => server.name === name)} profile={profile} />)}
    </div>
  );
}
