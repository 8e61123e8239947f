import { describe, expect, it } from 'vitest';
import { splitShellLine } from './shell-words';

function words(source: string): ReadonlyArray<ReadonlyArray<string>> {
  return splitShellLine(source).commands.map((command) => command.words);
}

describe('splitShellLine', () => {
  it('splits on the operators that end a command', () => {
    expect(words('a 1; b 2 && c || d & e\nf')).toEqual([['a', '1'], ['b', '2'], ['c'], ['d'], ['e'], ['f']]);
  });

  it('numbers the stages of a pipeline', () => {
    const { commands } = splitShellLine('curl x | tee y |& sh; ls');
    expect(commands.map((command) => [command.words[0], command.pipeline === commands[0]?.pipeline, command.stage])).toEqual([
      ['curl', true, 0],
      ['tee', true, 1],
      ['sh', true, 2],
      ['ls', false, 0],
    ]);
  });

  it('honours quotes and backslashes', () => {
    expect(words(`echo "a; b" 'c | d' e\\ f "x\\"y"`)).toEqual([['echo', 'a; b', 'c | d', 'e f', 'x"y']]);
  });

  it('keeps redirections such as 2>&1 and &> in the command', () => {
    expect(words('make 2>&1 &>log')).toEqual([['make', '2>&1', '&>log']]);
  });

  it('collects command substitutions, in quotes too', () => {
    expect(splitShellLine('echo $(date) "`whoami`" <(ls -l) "$(a $(b))"').substitutions).toEqual(['date', 'whoami', 'ls -l', 'a $(b)']);
  });

  it('skips comments', () => {
    expect(words('ls # rm -rf /')).toEqual([['ls']]);
  });

  it('survives unclosed quotes and parentheses', () => {
    expect(words('echo "abc')).toEqual([['echo', 'abc']]);
    expect(splitShellLine('echo $(date').substitutions).toEqual(['date']);
  });
});
