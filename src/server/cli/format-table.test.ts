import { describe, expect, it } from 'vitest';
import { formatTable } from './format-table';
import { createPalette } from './terminal-output';

type Row = { id: string; name: string; cost: string };
const rows: Row[] = [
  { id: 'r1', name: 'test-fixer', cost: '$0.12' },
  { id: 'r22222', name: 'demo', cost: '$10.50' },
];

describe('formatTable', () => {
  it('aligns columns under their headers, numbers to the right, with no trailing spaces', () => {
    const lines = formatTable(rows, [
      { header: 'ID', value: (row) => row.id },
      { header: 'COST', value: (row) => row.cost, align: 'right' },
      { header: 'NAME', value: (row) => row.name },
    ]);
    expect(lines).toEqual(['ID        COST  NAME', 'r1       $0.12  test-fixer', 'r22222  $10.50  demo']);
  });

  it('cuts long values with an ellipsis and keeps every cell on one line', () => {
    const lines = formatTable(
      [{ id: 'x', name: 'a very long name\nwith a newline', cost: '' }],
      [
        { header: 'NAME', value: (row) => row.name, maxWidth: 10 },
        { header: 'ID', value: (row) => row.id },
      ],
    );
    expect(lines).toEqual(['NAME        ID', 'a very lo…  x']);
  });

  it('measures widths before colouring, so colour never breaks the alignment', () => {
    const paint = createPalette(true);
    const lines = formatTable(
      rows,
      [
        { header: 'NAME', value: (row) => row.name, paint: (text) => paint.green(text) },
        { header: 'ID', value: (row) => row.id },
      ],
      paint.bold,
    );
    const plain = lines.map((line) => line.replaceAll(/\[\d+m/g, '').replaceAll('\u001b', ''));
    expect(plain).toEqual(['NAME        ID', 'test-fixer  r1', 'demo        r22222']);
    expect(lines[1]).toContain('\u001b[32mtest-fixer\u001b[39m');
  });

  it('prints just the header for no rows', () => {
    expect(formatTable([], [{ header: 'ID', value: (row: Row) => row.id }])).toEqual(['ID']);
  });
});
