/** The longest run name or approval summary a native menu item shows before it is cut with "…". */
export const MENU_TEXT_MAX = 48;

/**
 * Text safe for a native menu label: cut to `max` characters, and `&` doubled because Windows and
 * Linux read a single `&` as a keyboard mnemonic (a run called "R&D" would show as "RD").
 */
export function menuText(text: string, max = MENU_TEXT_MAX): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return cut.replaceAll('&', '&&');
}
