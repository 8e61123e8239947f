import { afterEach, describe, expect, it } from 'vitest';
import { chosenCaFile, remoteEngineChosen, socketUrlOfEngineUrl, takeEngineFlags } from './remote-engine';

afterEach(() => takeEngineFlags([]));

describe('choosing an engine', () => {
  it('takes --engine and --ca off any command’s arguments, in either form', () => {
    expect(takeEngineFlags(['ls', '--engine', 'box', '--json', '--ca=/k/ca.pem'])).toEqual(['ls', '--json']);
    expect(remoteEngineChosen()).toBe(true);
    expect(chosenCaFile()).toBe('/k/ca.pem');
    expect(takeEngineFlags(['--engine=local', 'ls'])).toEqual(['ls']);
    expect(remoteEngineChosen()).toBe(false);
    expect(() => takeEngineFlags(['ls', '--engine'])).toThrow('--engine needs a value');
  });

  it('turns an engine’s address into its socket URL, refusing what is not http(s) or carries credentials', () => {
    expect(socketUrlOfEngineUrl('https://box.lan:4317')).toBe('wss://box.lan:4317/api');
    expect(socketUrlOfEngineUrl('http://127.0.0.1:4317/?token=x')).toBe('ws://127.0.0.1:4317/api');
    expect(socketUrlOfEngineUrl('ftp://box')).toBeNull();
    expect(socketUrlOfEngineUrl('https://me:secret@box')).toBeNull();
    expect(socketUrlOfEngineUrl('box')).toBeNull();
  });
});
