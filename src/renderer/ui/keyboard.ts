/** The parts of a `KeyboardEvent` a shortcut decision needs, so it can be tested without a DOM. */
export type KeyPress = Readonly<{ key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; repeat: boolean; target: unknown; isComposing?: boolean }>;

/** Inputs that are buttons; every other input (text, number, checkbox, radio, range…) is a field a key must not leave by surprise. */
const BUTTON_INPUT_TYPES = new Set(['button', 'submit', 'reset', 'image']);
/** Widgets that take typed text without being a native field (e.g. a custom editor or combobox). */
const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

type TargetLike = Partial<Pick<HTMLElement, 'tagName' | 'isContentEditable'>> &
  Partial<Pick<HTMLInputElement, 'type'>> & { getAttribute?: (name: string) => string | null; closest?: (selector: string) => Element | null };

/**
 * Pure: whether a key press goes into a field the person is filling in (then it is never a shortcut): any input but a
 * button (a text field, a checkbox or radio of a form), a textarea, a select, anything editable (the template editor is
 * a contenteditable), or a text widget.
 */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const element = target as TargetLike;
  if (element.isContentEditable === true) return true;
  // An element inside an editor (happy-dom and some widgets do not report isContentEditable on descendants).
  if (typeof element.closest === 'function' && element.closest('[contenteditable]:not([contenteditable="false"])') !== null) return true;
  const role = typeof element.getAttribute === 'function' ? element.getAttribute('role') : null;
  if (role !== null && TEXT_ROLES.has(role)) return true;
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && !BUTTON_INPUT_TYPES.has((element.type ?? 'text').toLowerCase());
}

/** Pure: whether a key press may be a single-key shortcut at all: no modifier, not mid-composition (IME), not typing. */
export function isShortcutPress(press: KeyPress): boolean {
  return !press.ctrlKey && !press.metaKey && !press.altKey && press.isComposing !== true && !isTypingTarget(press.target);
}
