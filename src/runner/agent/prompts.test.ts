import { describe, expect, it } from 'vitest';
import { NO_OUTPUT, SUMMARY_MAX_CHARS, buildIterationPrompt, buildSystemPrompt, summarizeIteration } from './prompts';

describe('buildIterationPrompt', () => {
  it('opens iteration 1 with its number and "Begin the program." and lists the params', () => {
    const prompt = buildIterationPrompt(1, { target: 'src/parser', retries: 3, flags: ['fast'] });
    expect(prompt.startsWith('This is iteration 1. Begin the program.')).toBe(true);
    expect(prompt).toContain('- target: src/parser');
    expect(prompt).toContain('- retries: 3');
    expect(prompt).toContain('- flags: ["fast"]');
  });

  it('says "(none)" on iteration 1 when there are no params', () => {
    expect(buildIterationPrompt(1, {})).toContain('(none)');
  });

  it.each([2, 3, 57])('tells iteration %i its number and to continue, without the params', (iteration) => {
    expect(buildIterationPrompt(iteration, { target: 'src/parser' })).toBe(`This is iteration ${iteration}. Continue with the next iteration of the program.`);
  });
});

describe('buildSystemPrompt', () => {
  const prompt = buildSystemPrompt({
    templateText: '\n# Fix the failing tests\n\nRun `npm test` and fix one failure per iteration.\n\n',
    workdir: '/home/ada/project',
    outputDir: '/home/ada/.autoloop/runs/r1/output',
    params: { target: 'src/parser', depth: 2 },
  });

  it('contains the template text', () => {
    expect(prompt).toContain('# Fix the failing tests\n\nRun `npm test` and fix one failure per iteration.');
  });

  it('tells the agent its working folder and output folder', () => {
    expect(prompt).toContain('/home/ada/project');
    expect(prompt).toContain('/home/ada/.autoloop/runs/r1/output');
  });

  it('carries nothing that changes between iterations (prompt caching needs the same bytes)', () => {
    expect(prompt).not.toMatch(/iteration \d/);
  });

  it('lists the params', () => {
    expect(prompt).toContain('- target: src/parser');
    expect(prompt).toContain('- depth: 2');
  });

  it('mentions the report and complete tools', () => {
    expect(prompt).toContain('`report`');
    expect(prompt).toContain('`complete`');
  });

  it('puts the program after the instructions', () => {
    expect(prompt.indexOf('`report`')).toBeLessThan(prompt.indexOf('# Fix the failing tests'));
  });
});

describe('summarizeIteration', () => {
  it('prefers the reported summary over the final text', () => {
    expect(summarizeIteration('Fixed test_parse.', 'Looking at the tests.\n\nAll green now.')).toBe('Fixed test_parse.');
  });

  it('trims the reported summary', () => {
    expect(summarizeIteration('  Fixed test_parse.\n', '')).toBe('Fixed test_parse.');
  });

  it('falls back to the last paragraph of the final text when nothing was reported', () => {
    expect(summarizeIteration(null, 'Looking at the tests.\n\nFixed the parser.\nAll green now.\n\n  \n')).toBe('Fixed the parser.\nAll green now.');
  });

  it('falls back to the final text when the reported summary is blank', () => {
    expect(summarizeIteration('   ', 'All green now.')).toBe('All green now.');
  });

  it(`caps the summary at ${SUMMARY_MAX_CHARS} characters`, () => {
    const long = 'x'.repeat(1_000);
    const fromReport = summarizeIteration(long, '');
    const fromText = summarizeIteration(null, `First.\n\n${long}`);
    expect(fromReport).toHaveLength(SUMMARY_MAX_CHARS);
    expect(fromText).toHaveLength(SUMMARY_MAX_CHARS);
    expect(fromReport.endsWith('…')).toBe(true);
  });

  it(`keeps a summary of exactly ${SUMMARY_MAX_CHARS} characters whole`, () => {
    const exact = 'y'.repeat(SUMMARY_MAX_CHARS);
    expect(summarizeIteration(exact, '')).toBe(exact);
  });

  it.each([
    [null, ''],
    [null, '   \n\n\t  '],
    ['', ''],
    ['  ', ' \n '],
  ])('returns "(no output)" when the report is %j and the text is %j', (reported, finalText) => {
    expect(summarizeIteration(reported, finalText)).toBe(NO_OUTPUT);
    expect(NO_OUTPUT).toBe('(no output)');
  });
});
