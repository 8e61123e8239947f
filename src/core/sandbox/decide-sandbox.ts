import type { PermissionProfile } from '../../shared/records';
import type { SandboxKind } from '../../shared/sandbox';

/** The sandbox a run gets, or why it cannot start. */
export type SandboxDecision = Readonly<{ kind: SandboxKind } | { refused: string }>;

/** What to install or change so that a sandbox is available, per platform. */
function howToGetOne(platform: NodeJS.Platform): string {
  if (platform === 'linux')
    return 'install bubblewrap (Debian/Ubuntu: `sudo apt install bubblewrap`; Fedora: `sudo dnf install bubblewrap`) and make sure the kernel allows user namespaces';
  if (platform === 'darwin') return 'macOS ships /usr/bin/sandbox-exec; it was not found or did not work on this machine';
  return `${platform === 'win32' ? 'Windows' : platform} has no sandbox Autoloop can use`;
}

/**
 * Which OS sandbox confines a run's processes (pure). A `trusted` run runs unsandboxed (and says so); every other
 * profile needs the machine's sandbox, and without one it is refused with what to do.
 */
export function decideSandbox(input: Readonly<{ profile: PermissionProfile; available: SandboxKind; platform: NodeJS.Platform }>): SandboxDecision {
  if (input.profile === 'trusted') return { kind: 'none' };
  if (input.available !== 'none') return { kind: input.available };
  return {
    refused:
      `This run's profile is "${input.profile}", which runs its commands inside an OS sandbox, but no sandbox is available here: ` +
      `${howToGetOne(input.platform)}. To run without one, choose the "trusted" profile: its commands then run with your full access.`,
  };
}
