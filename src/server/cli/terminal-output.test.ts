import { describe, expect, it } from 'vitest';
import { createOutput, shouldUseColor } from './terminal-output';

function capture(isTTY: boolean) {
  const written: string[] = [];
  return { written, streams: { stdout: { isTTY, columns: 80, write: (text: string) => written.push(text) }, stderr: { write: () => true } } };
}

describe('colour', () => {
  it('is used only on a terminal, never with NO_COLOR or TERM=dumb', () => {
    expect(shouldUseColor(true, {})).toBe(true);
    expect(shouldUseColor(false, {})).toBe(false);
    expect(shouldUseColor(true, { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(true, { NO_COLOR: '' })).toBe(true);
    expect(shouldUseColor(true, { TERM: 'dumb' })).toBe(false);
  });

  it('never reaches piped output or JSON lines', () => {
    const piped = capture(false);
    createOutput({ json: false }, piped.streams, {}).line(createOutput({ json: false }, piped.streams, {}).paint.red('x'));
    expect(piped.written).toEqual(['x\n']);
    const json = capture(true);
    const output = createOutput({ json: true }, json.streams, {});
    output.jsonLine({ label: output.paint.green('ok') });
    expect(json.written).toEqual(['{"label":"ok"}\n']);
  });
});
