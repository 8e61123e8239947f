import type { PermissionProfile } from '../../../shared/records';

/** Every profile, least trusting first, with its name for people. */
export const PERMISSION_PROFILES: ReadonlyArray<Readonly<{ profile: PermissionProfile; label: string }>> = [
  { profile: 'read-only', label: 'Read only' },
  { profile: 'ask', label: 'Ask (default)' },
  { profile: 'workspace-write', label: 'Workspace write' },
  { profile: 'trusted', label: 'Trusted' },
];

/** What holds whatever the profile says (DESIGN §7). */
export const ALWAYS_ON_GUARDS =
  'Always, whatever the profile: files only inside the working folder, no credentials (~/.ssh, ~/.aws, .env files outside it), no destructive ' +
  'commands, and no API keys in the tools’ environment.';

/** Pure: in plain words, what a run with this profile may do without asking a person. */
export function describePermissionProfile(profile: PermissionProfile): string {
  switch (profile) {
    case 'read-only':
      return 'Reads files in the working folder. Everything else (writing, commands, network) is refused.';
    case 'ask':
      return 'Reads files in the working folder. Asks you before it writes a file, runs a command or uses the network.';
    case 'workspace-write':
      return 'Reads and writes files in the working folder. Asks you before it runs a command or uses the network.';
    case 'trusted':
      return 'Does everything inside the working folder without asking: files, commands and the network.';
  }
}
