import { createAccessToken } from '../serving/access-token';
import { type HttpServerOptions, type RunningServer, startHttpServer } from '../serving/http-server';
import { type TempEngine, createTempEngine } from './temp-engine';

/** The approver code of a test server: tests that answer approvals over the socket send it. */
export const TEST_APPROVER_CODE = 'test-approver-code';

/** A temp engine serving its API on a free loopback port, in this process (an unhandled 'error' fails the test). */
export type ServedTempEngine = Readonly<{ engine: TempEngine; server: RunningServer; token: string; close(): Promise<void> }>;

/** Starts a temp engine and serves it; `close` stops the server, then disposes the engine. */
export async function startServedTempEngine(
  options: Partial<Pick<HttpServerOptions, 'tls' | 'publicUrl' | 'failedAttempts' | 'trustedProxies'>> = {},
): Promise<ServedTempEngine> {
  const engine = createTempEngine();
  const token = createAccessToken();
  const server = await startHttpServer({
    engine,
    host: '127.0.0.1',
    port: 0,
    token,
    approverCode: TEST_APPROVER_CODE,
    rendererDir: engine.dataDir,
    log: engine.log,
    ...options,
  });
  return {
    engine,
    server,
    token,
    async close() {
      await server.close();
      await engine.dispose();
    },
  };
}
