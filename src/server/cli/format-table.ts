/** One column of a table: its header, its plain text per row, and how it is shown. */
export type TableColumn<Row> = Readonly<{
  header: string;
  value(row: Row): string;
  align?: 'left' | 'right';
  /** Longer values are cut with an ellipsis. */
  maxWidth?: number;
  /** Colours the cell's text after widths are measured, so colour never breaks alignment. */
  paint?(text: string, row: Row): string;
}>;

const GAP = '  ';

function width(text: string): number {
  return [...text].length;
}

function clip(text: string, max: number | undefined): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  if (max === undefined || width(oneLine) <= max) return oneLine;
  return `${[...oneLine].slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Lays rows out as aligned text lines, a header line first; no trailing spaces. Pure. */
export function formatTable<Row>(
  rows: ReadonlyArray<Row>,
  columns: ReadonlyArray<TableColumn<Row>>,
  header: (text: string) => string = (text) => text,
): string[] {
  const cells = rows.map((row) => columns.map((column) => clip(column.value(row), column.maxWidth)));
  const widths = columns.map((column, index) => Math.max(width(column.header), ...cells.map((line) => width(line[index] ?? ''))));
  const layout = (texts: ReadonlyArray<string>, paintCell: (text: string, index: number) => string): string =>
    texts
      .map((text, index) => {
        const padding = ' '.repeat((widths[index] ?? 0) - width(text));
        const shown = paintCell(text, index);
        if (columns[index]?.align === 'right') return `${padding}${shown}`;
        return index === texts.length - 1 ? shown : `${shown}${padding}`;
      })
      .join(GAP)
      .trimEnd();
  return [
    layout(
      columns.map((column) => column.header),
      (text) => header(text),
    ),
    ...cells.map((line, rowIndex) =>
      layout(line, (text, index) => {
        const paint = columns[index]?.paint;
        const row = rows[rowIndex];
        return paint && row !== undefined ? paint(text, row) : text;
      }),
    ),
  ];
}
