import { randomBytes } from 'node:crypto';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StartRunParams } from '../../shared/api';
import { makeSelfSignedCert } from '../testing/self-signed-cert';
import { type TempEngine, createTempEngine } from '../testing/temp-engine';
import { detectSandbox } from './detect-sandbox';

const sandboxHere = detectSandbox();
if (sandboxHere !== 'bwrap') console.warn(`Skipping the sandbox TLS tests: bwrap is not installed or cannot create namespaces here (found: ${sandboxHere}).`);

// An https host reached from inside the sandbox, which has no network of its own: through the filtering proxy's
// CONNECT tunnel when the run's allowlist names the host, refused when it does not.
describe.skipIf(sandboxHere !== 'bwrap')('https from a sandboxed command', { timeout: 90_000 }, () => {
  const workdir = realpathSync(mkdtempSync(join(tmpdir(), 'autoloop-sandbox-tls-')));
  const tls = makeSelfSignedCert(workdir);
  const hits: string[] = [];
  const server = createServer({ key: tls.key, cert: tls.cert }, (request, response) => {
    hits.push(request.url ?? '');
    response.end('hello over tls\n');
  });
  let port = 0;
  let engine: TempEngine;

  beforeAll(async () => {
    engine = createTempEngine();
    await engine.api['templates.import']({ text: '---\nname: plain\ndescription: Runs what the script says.\n---\n# Plain\nDo it.\n' });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await engine.dispose();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(workdir, { recursive: true, force: true });
  });

  /** Runs `node` with the test's certificate trusted, fetching one https URL, in a real run under `network`. */
  async function fetchInSandbox(path: string, network: string[]): Promise<string> {
    const script = `fetch('https://localhost:${port}${path}').then((r) => r.text()).then((t) => console.log('status-ok', t)).catch((e) => console.log('failed', e.cause?.message ?? e.message))`;
    // The assignment makes the gate ask; the test allows it below: it is about the network, not the gate.
    const command = `NODE_EXTRA_CA_CERTS=${tls.certPath} node -e "${script}"`;
    const model = engine.writeScript(`tls-${randomBytes(4).toString('hex')}`, {
      responses: [{ toolCalls: [{ tool: 'bash', input: { command } }] }, { toolCalls: [{ tool: 'complete', input: { reason: 'done' } }] }],
    });
    const run = await engine.api['runs.start'](
      StartRunParams.parse({ template: 'plain', model, workdir, network, permissions: { profile: 'workspace-write' } }),
    );
    engine.bus.subscribe((event) => {
      if (event.type === 'approval.requested' && event.approval.runId === run.id)
        void engine.api['approvals.decide']({ id: event.approval.id, decision: 'allow', scope: 'once' });
    });
    await engine.supervisor.finished(run.id);
    const { events } = await engine.api['runs.events']({ id: run.id, afterSeq: 0, limit: 1_000 });
    return events
      .filter((event) => event.kind === 'tool_result' && event.data.tool === 'bash')
      .map((event) => String(event.data.output))
      .join('\n');
  }

  it('reaches an allowlisted https host through the CONNECT tunnel, the certificate checked end to end', async () => {
    const output = await fetchInSandbox('/allowed', ['localhost']);
    expect(output).toContain('status-ok hello over tls');
    expect(hits).toEqual(['/allowed']);
  });

  it('cannot reach the same https server when the allowlist names another host', async () => {
    const output = await fetchInSandbox('/refused', ['127.0.0.1']);
    expect(output).toMatch(/^failed /m);
    expect(hits).not.toContain('/refused');
  });
});
