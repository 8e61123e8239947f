/** Pure: a value as a person reads it in the details of a tool call: strings as they are, JSON indented. */
export function prettyValue(text: string): string {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? JSON.stringify(parsed, null, 2) : text;
  } catch {
    return text;
  }
}
