import { type ChildProcess, spawn } from 'node:child_process';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { type JSONRPCMessage, JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Launch } from '../sandbox/command-launcher';
import { stopProcessGroup, trackProcessGroup } from '../tools/process-group';

/** The largest message a server may send (a tool result of 50 MB is refused, and the server stopped). */
export const MCP_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** How much of a server's stderr is kept for the notice when it fails. */
const STDERR_TAIL_CHARS = 2_000;

/**
 * The stdio transport of an MCP server the runner starts: the process runs in its own process group, tracked like a
 * bash command's, so a stop or a crash of the runner ends it (and the supervisor kills what a SIGKILLed runner leaves).
 * Lines that are not JSON-RPC are counted and skipped; a message over `MCP_MAX_MESSAGE_BYTES` stops the server.
 */
export class SandboxedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private child: ChildProcess | null = null;
  private untrack: (() => void) | null = null;
  private chunks: Buffer[] = [];
  private pending = 0;
  private stderr = '';
  private closed = false;
  /** Lines on stdout that were not JSON-RPC messages. */
  garbageLines = 0;
  /** Why the process ended, once it did. */
  exitDescription: string | null = null;

  constructor(
    private readonly launch: Launch,
    private readonly cwd: string,
  ) {}

  /** The last of what the server wrote on stderr. */
  stderrTail(): string {
    return this.stderr.trim();
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.launch.file, [...this.launch.args], { cwd: this.cwd, env: this.launch.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
      this.child = child;
      child.once('error', (error) => {
        this.exitDescription = error.message;
        reject(error);
        this.finish();
      });
      child.once('spawn', () => {
        if (child.pid !== undefined) this.untrack = trackProcessGroup(child.pid);
        resolve();
      });
      child.stdout?.on('data', (chunk: Buffer) => this.read(chunk));
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderr = (this.stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
      });
      child.stdin?.on('error', () => undefined); // a server gone mid-write: its exit says why
      child.once('exit', (code, signal) => {
        this.exitDescription = signal ? `ended by ${signal}` : `exited with code ${code}`;
        void this.close(); // what it left running in its group goes with it
      });
    });
  }

  private read(chunk: Buffer): void {
    for (let newline = chunk.indexOf(0x0a); newline !== -1; newline = chunk.indexOf(0x0a)) {
      this.chunks.push(chunk.subarray(0, newline));
      chunk = chunk.subarray(newline + 1);
      const line = Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, '');
      this.chunks = [];
      this.pending = 0;
      this.deliver(line);
    }
    if (chunk.length === 0) return;
    this.pending += chunk.length;
    this.chunks.push(chunk);
    if (this.pending > MCP_MAX_MESSAGE_BYTES) {
      this.chunks = [];
      this.pending = 0;
      this.onerror?.(new Error(`the server sent a message over ${MCP_MAX_MESSAGE_BYTES / 1024 / 1024} MiB; it was stopped`));
      void this.close();
    }
  }

  private deliver(line: string): void {
    if (line.trim() === '') return;
    let message: JSONRPCMessage;
    try {
      message = JSONRPCMessageSchema.parse(JSON.parse(line));
    } catch {
      this.garbageLines += 1;
      return;
    }
    this.onmessage?.(message);
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || this.closed) return reject(new Error('the server is not running'));
      stdin.write(`${JSON.stringify(message)}\n`, (error) => (error ? reject(error) : resolve()));
    });
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.onclose?.();
  }

  /** Stops the server's whole process group (SIGTERM, then SIGKILL) and forgets it. */
  async close(): Promise<void> {
    const pid = this.child?.pid;
    this.child?.stdin?.end();
    if (pid !== undefined) await stopProcessGroup(pid).catch(() => 'gone');
    this.untrack?.();
    this.untrack = null;
    this.finish();
  }
}
