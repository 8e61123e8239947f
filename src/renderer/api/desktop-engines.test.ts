import { describe, expect, it } from 'vitest';
import type { DesktopEngineView, DesktopEnginesList } from '../../shared/desktop-engines';
import { engineStatusWords } from '../../shared/desktop-engines';
import { createFakeEnginesBridge } from '../testing/fake-engines-bridge';
import { type ConnectionState, initialConnectionState } from './connection-store';
import { desktopConnectionState, enginesAnswer, followDesktopConnection } from './desktop-engines';

const box: DesktopEngineView = { name: 'box', url: 'https://box:1', ca: null, hasApproverCode: false, status: 'connected', reason: null, retryInMs: null };
const listWith = (engine: Partial<DesktopEngineView>, shown: string | null = 'box'): DesktopEnginesList => ({ shown, engines: [{ ...box, ...engine }] });
const open: ConnectionState = { status: 'open', retryInMs: null, reconnects: 0 };

describe('the desktop window’s connection state', () => {
  it('is open while the window shows this computer’s engine, whatever the remote links do', () => {
    expect(desktopConnectionState(listWith({ status: 'lost' }, null), open)).toEqual(open);
  });

  it('follows the shown engine’s link: lost is reconnecting with main’s wait, and coming back counts a reconnect', () => {
    const lost = desktopConnectionState(listWith({ status: 'lost', retryInMs: 4_000, reason: 'closed' }), open);
    expect(lost).toEqual({ status: 'reconnecting', retryInMs: 4_000, reconnects: 0 });
    expect(desktopConnectionState(listWith({ status: 'connected' }), lost)).toEqual({ status: 'open', retryInMs: null, reconnects: 1 });
    expect(desktopConnectionState(listWith({ status: 'connecting' }), initialConnectionState).status).toBe('connecting');
    // Refused is said by the switcher with its reason; the banner's "reconnecting" would be untrue.
    expect(desktopConnectionState(listWith({ status: 'refused', reason: 'revoked' }), lost)).toEqual({ status: 'open', retryInMs: null, reconnects: 1 });
  });

  it('is kept in step with main’s pushes', async () => {
    const bridge = createFakeEnginesBridge([box], 'box');
    let state: ConnectionState = initialConnectionState;
    const seen: string[] = [];
    const stop = followDesktopConnection(
      bridge,
      () => state,
      (next) => {
        state = next;
        seen.push(next.status);
      },
    );
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    bridge.setState('box', { status: 'lost', reason: 'x', retryInMs: 1_000 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    bridge.setState('box', { status: 'connected', reason: null, retryInMs: null });
    await new Promise((resolve) => setTimeout(resolve, 0));
    stop();
    expect(seen).toEqual(['open', 'reconnecting', 'open']);
    expect(state.reconnects).toBe(1);
  });

  it('turns a malformed or failed answer from main into a refusal that says so', async () => {
    expect(await enginesAnswer(Promise.resolve({ nope: true }))).toEqual({
      ok: false,
      message: 'Autoloop answered the engines call with something unexpected',
    });
    expect(await enginesAnswer(Promise.reject(new Error('no handler')))).toEqual({
      ok: false,
      message: 'Autoloop could not answer the engines call: no handler',
    });
  });

  it('says each state in words', () => {
    expect(engineStatusWords({ status: 'connecting', reason: null, retryInMs: null })).toBe('Connecting…');
    expect(engineStatusWords({ status: 'lost', reason: null, retryInMs: null })).toBe('Connection lost');
  });
});
