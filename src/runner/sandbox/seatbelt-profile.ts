import path from 'node:path';
import type { SandboxLayout } from './sandbox-layout';

/** The network a command gets under seatbelt: none, the host's, or only the filtering proxy on a loopback port. */
export type SeatbeltNetwork = Readonly<{ kind: 'none' } | { kind: 'all' } | { kind: 'proxy'; port: number }>;

/** A string literal in the profile language: backslashes and double quotes escaped. */
function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function subpath(folder: string): string {
  return `(subpath ${quoted(path.resolve(folder))})`;
}

function literal(file: string): string {
  return `(literal ${quoted(path.resolve(file))})`;
}

function networkRules(network: SeatbeltNetwork): string[] {
  switch (network.kind) {
    case 'none':
      return [];
    case 'all':
      return ['(allow network*)'];
    case 'proxy':
      return [`(allow network-outbound (remote ip ${quoted(`localhost:${network.port}`)}))`];
  }
}

/**
 * The macOS `sandbox-exec` profile for one run's commands (pure; the same policy as the bubblewrap arguments): every
 * file readable except the hidden paths, writable only in the workdir (unless read-only), the output folder and the
 * command's own temp folder, git folders read-only, no network unless allowed. In the profile language the last
 * matching rule wins, so the denials come after the allowances they carve out of.
 */
export function seatbeltProfile(layout: SandboxLayout, network: SeatbeltNetwork, tmpDir: string): string {
  const writable = [...(layout.readOnlyWorkdir ? [] : [layout.workdir]), layout.outputDir, tmpDir].map(subpath);
  const hidden = layout.hidden.map((entry) => (entry.kind === 'dir' ? subpath(entry.path) : literal(entry.path)));
  const lines = [
    '(version 1)',
    '(deny default)',
    '(allow process-exec process-fork)',
    '(allow signal (target same-sandbox))',
    '(allow sysctl-read)',
    '(allow mach-lookup)',
    '(allow ipc-posix-shm)',
    '(allow file-read*)',
    `(allow file-write* ${[...writable, literal('/dev/null'), literal('/dev/tty'), '(regex #"^/dev/fd/")'].join(' ')})`,
    '(allow file-ioctl (literal "/dev/null") (literal "/dev/tty"))',
  ];
  if (layout.readOnlyInside.length > 0) lines.push(`(deny file-write* ${layout.readOnlyInside.map(subpath).join(' ')})`);
  if (hidden.length > 0) lines.push(`(deny file-read* file-write* ${hidden.join(' ')})`);
  if (layout.sockets.length > 0) lines.push(`(allow file-read* file-write* network-outbound ${layout.sockets.map(literal).join(' ')})`);
  lines.push(...networkRules(network));
  return `${lines.join('\n')}\n`;
}
