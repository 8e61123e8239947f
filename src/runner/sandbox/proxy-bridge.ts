import { PROXY_SOCKET_INSIDE } from './bwrap-args';

/** The loopback port inside a bubblewrap sandbox where the bridge to the filtering proxy listens (each command has its own network namespace). */
export const PROXY_PORT_INSIDE = 3128;

/**
 * Runs inside the sandbox, whose network namespace has only loopback: listens on 127.0.0.1:PORT, hands each
 * connection to the proxy's Unix socket, starts the command, and leaves with the command's status. Plain Node, so a
 * sandbox needs nothing installed (sandbox-runtime uses socat for this).
 */
const BRIDGE_SCRIPT = `
const net = require('node:net');
const { spawn } = require('node:child_process');
const [socketPath, port, file, ...args] = process.argv.slice(1);
const server = net.createServer((client) => {
  const upstream = net.connect(socketPath);
  client.pipe(upstream).on('error', () => upstream.destroy());
  upstream.pipe(client).on('error', () => client.destroy());
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
});
server.listen(Number(port), '127.0.0.1', () => {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(file, args, { stdio: 'inherit', env });
  child.on('error', (error) => { process.stderr.write('bash: ' + error.message + '\\n'); process.exit(127); });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 1)));
});
`;

/** The proxy's address for the variables tools read (curl, git, npm, pip, Node with NODE_USE_ENV_PROXY). */
export function proxyEnvironment(port: number): Record<string, string> {
  const url = `http://127.0.0.1:${port}`;
  return {
    HTTP_PROXY: url,
    HTTPS_PROXY: url,
    ALL_PROXY: url,
    http_proxy: url,
    https_proxy: url,
    all_proxy: url,
    NO_PROXY: '',
    no_proxy: '',
    NODE_USE_ENV_PROXY: '1',
  };
}

/** The command line that starts the bridge in front of `command` inside the sandbox. */
export function bridgedCommand(nodePath: string, command: ReadonlyArray<string>): string[] {
  return [nodePath, '-e', BRIDGE_SCRIPT, '--', PROXY_SOCKET_INSIDE, String(PROXY_PORT_INSIDE), ...command];
}
