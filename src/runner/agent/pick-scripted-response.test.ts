import { describe, expect, it } from 'vitest';
import { ScriptedScript } from '../../shared/scripted-script';
import { pickScriptedResponse } from './scripted-model';

describe('pickScriptedResponse', () => {
  const first = { text: 'first' };
  const second = { text: 'second' };
  const script = (whenExhausted: ScriptedScript['whenExhausted']): ScriptedScript => ({ responses: [first, second], whenExhausted });

  it('plays the responses in order while they last', () => {
    expect([0, 1].map((index) => pickScriptedResponse(script('error'), index))).toEqual([first, second]);
  });

  it('repeats the last response with repeat-last', () => {
    expect([2, 3, 10].map((index) => pickScriptedResponse(script('repeat-last'), index))).toEqual([second, second, second]);
  });

  it('wraps around with loop', () => {
    expect([2, 3, 4].map((index) => pickScriptedResponse(script('loop'), index))).toEqual([first, second, first]);
  });

  it('gives an empty response with empty', () => {
    expect(pickScriptedResponse(script('empty'), 2)).toEqual({});
  });

  it('says exhausted with error', () => {
    expect(pickScriptedResponse(script('error'), 2)).toBe('exhausted');
  });
});
