import { describe, expect, it } from 'vitest';
import { type KeyValueStorage, chooseEngine, chosenEngine, engineProblem, engineSocketUrl, loadEngines, saveEngines } from './engine-choice';

function memoryStorage(): KeyValueStorage {
  const values = new Map<string, string>();
  return { getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value), removeItem: (key) => void values.delete(key) };
}

describe('engine choice', () => {
  it('keeps engines, and the tab’s choice of one, falling back to the serving engine for an unknown name', () => {
    const local = memoryStorage();
    const session = memoryStorage();
    saveEngines(local, [{ name: 'box', url: 'https://box.lan:4317', token: 'alt_x', approverCode: 'abcde' }]);
    expect(chosenEngine(session, local)).toBeNull();
    chooseEngine(session, 'box');
    expect(chosenEngine(session, local)?.name).toBe('box');
    chooseEngine(session, 'gone');
    expect(chosenEngine(session, local)).toBeNull();
    chooseEngine(session, null);
    expect(chosenEngine(session, local)).toBeNull();
    local.setItem('autoloop.engines', '{not json');
    expect(loadEngines(local)).toEqual([]);
  });

  it('connects over wss for https with the token and approver code in the URL', () => {
    expect(engineSocketUrl({ name: 'box', url: 'https://box.lan:4317/', token: 'alt_x+y', approverCode: 'ab-cd' })).toBe(
      'wss://box.lan:4317/api?token=alt_x%2By&approver=ab-cd',
    );
    expect(engineSocketUrl({ name: 'box', url: 'http://127.0.0.1:9', token: 't' })).toBe('ws://127.0.0.1:9/api?token=t');
    expect(engineSocketUrl({ name: 'box', url: 'ftp://box', token: 't' })).toBeNull();
  });

  it('says what is wrong with an engine typed in', () => {
    const box = { name: 'box', url: 'https://box.lan:4317', token: 'alt_x' };
    expect(engineProblem(box, [])).toBeNull();
    expect(engineProblem(box, [box])).toContain('already an engine called box');
    expect(engineProblem({ ...box, url: 'box.lan' }, [])).toContain('https://host:port');
    expect(engineProblem({ ...box, token: ' ' }, [])).toContain('autoloop tokens create');
    expect(engineProblem({ ...box, name: '' }, [])).toContain('Name it');
  });
});
