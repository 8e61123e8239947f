import { describe, expect, it } from 'vitest';
import { createOutputCollector } from './output-cap';

function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

describe('createOutputCollector', () => {
  it('keeps everything when the output fits', () => {
    const collector = createOutputCollector(10, 10);
    collector.push(bytes('hello '));
    collector.push(bytes('world'));
    expect(collector.text()).toBe('hello world');
    expect(collector.total()).toBe(11);
  });

  it('keeps everything up to head plus tail without a marker', () => {
    const collector = createOutputCollector(4, 4);
    collector.push(bytes('abcdefgh'));
    expect(collector.text()).toBe('abcdefgh');
  });

  it('keeps the head and the tail and says how much was dropped', () => {
    const collector = createOutputCollector(4, 3);
    collector.push(bytes('abcd'));
    for (let index = 0; index < 100; index += 1) collector.push(bytes('x'));
    collector.push(bytes('xyz'));
    expect(collector.text()).toBe('abcd\n[… 100 bytes omitted …]\nxyz');
    expect(collector.total()).toBe(107);
  });

  it('splits a chunk that crosses the end of the head', () => {
    const collector = createOutputCollector(3, 2);
    collector.push(bytes('0123456789'));
    expect(collector.text()).toBe('012\n[… 5 bytes omitted …]\n89');
  });
});
