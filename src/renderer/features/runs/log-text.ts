/** Pure: any value as text for the log: strings as they are, everything else as JSON. */
export function stringifyValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Pure: a value as a person reads it in the details of a tool call: strings as they are, JSON indented. */
export function prettyValue(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : text;
  } catch {
    return text;
  }
}

/** Pure: text cut at `maxChars`, saying how much was left out. */
export function clipText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… (${text.length - maxChars} more characters)`;
}

/** Pure: the first line of a text cut at `maxChars`, saying how many lines follow. */
export function firstLine(text: string, maxChars: number): string {
  const end = text.indexOf('\n');
  if (end === -1) return clipText(text, maxChars);
  let more = 0;
  for (let at = end; at !== -1; at = text.indexOf('\n', at + 1)) more += 1;
  return `${clipText(text.slice(0, end), maxChars)} … (${more} more ${more === 1 ? 'line' : 'lines'})`;
}
