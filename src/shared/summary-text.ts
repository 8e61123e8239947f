/**
 * Approval summaries are cut to one short line; a cut one says how much is hidden, so a person never allows what
 * they could not read, and surfaces with no room for the rest (tray, notifications) offer no one-click Allow for it.
 */
const CUT_MARKER = /… \[(\d+) more characters hidden\]$/;

/** Text flattened to one line and cut to about `max` characters, saying how many were left out. Pure. */
export function cutSummary(text: string, max: number): string {
  const flat = text.replace(/\s*\n\s*/g, ' ⏎ ');
  if (flat.length <= max) return flat;
  return `${flat.slice(0, max)}… [${flat.length - max} more characters hidden]`;
}

/** Whether a summary was cut by `cutSummary`, or is longer than `shown` characters where it will be shown. Pure. */
export function isCutSummary(summary: string, shown = Number.POSITIVE_INFINITY): boolean {
  return CUT_MARKER.test(summary) || summary.length > shown;
}

/** C0 and C1 control characters (tab and newline kept), DEL, and the bidirectional overrides that reorder what a terminal shows. */
function isUnsafe(code: number): boolean {
  if (code === 0x09 || code === 0x0a) return false;
  return code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/**
 * Model or tool text made safe for a terminal: every control character is shown as `\\u{…}` instead of acting
 * (an escape sequence could recolour, move the cursor, retitle the window or hide text). Pure, linear.
 */
export function escapeControlCharacters(text: string): string {
  let result = '';
  let from = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (!isUnsafe(code)) continue;
    result += `${text.slice(from, index)}\\u{${code.toString(16)}}`;
    from = index + 1;
  }
  return from === 0 ? text : result + text.slice(from);
}

/**
 * Model or tool text made safe for one terminal line (an approval prompt, a table cell): control characters
 * escaped as by `escapeControlCharacters`, and a newline or tab too, so the text cannot draw a line of its own
 * (a fake "Allow it?" or a fake answer) under the real one. Pure, linear.
 */
export function escapeForOneLine(text: string): string {
  return escapeControlCharacters(text).replace(/\n/g, '\\n').replace(/\t/g, '\\t');
}
