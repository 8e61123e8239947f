import { describe, expect, it } from 'vitest';
import { choiceOfModel, choiceValue, modelForChoice, parseChoiceValue } from './model-choice';

const providers = ['anthropic', 'local'];

describe('model choice', () => {
  it('recognises the scripted demo, a configured provider, or anything else', () => {
    expect(choiceOfModel('scripted/demo-counter', 'scripted/demo-counter', providers)).toEqual({ kind: 'demo' });
    expect(choiceOfModel('anthropic/claude-sonnet-4-5', 'scripted/demo-counter', providers)).toEqual({ kind: 'provider', name: 'anthropic' });
    expect(choiceOfModel('scripted//tmp/script.json', 'scripted/demo-counter', providers)).toEqual({ kind: 'custom' });
    expect(choiceOfModel('anthropic', null, providers)).toEqual({ kind: 'custom' });
  });

  it('keeps the model part when switching providers, but not the demo script', () => {
    expect(modelForChoice({ kind: 'provider', name: 'local' }, 'anthropic/claude-x', null)).toBe('local/claude-x');
    expect(modelForChoice({ kind: 'provider', name: 'anthropic' }, 'scripted/demo-counter', 'scripted/demo-counter')).toBe('anthropic/');
    expect(modelForChoice({ kind: 'demo' }, 'anthropic/x', 'scripted/demo-counter')).toBe('scripted/demo-counter');
  });

  it('round-trips select values', () => {
    for (const choice of [{ kind: 'demo' }, { kind: 'custom' }, { kind: 'provider', name: 'a.b' }] as const) {
      expect(parseChoiceValue(choiceValue(choice))).toEqual(choice);
    }
  });
});
