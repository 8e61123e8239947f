/** The parts of a `KeyboardEvent` a shortcut decision needs, so it can be tested without a DOM. */
export type KeyPress = Readonly<{ key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; repeat: boolean; target: unknown }>;

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'url', 'tel', 'password', 'number', 'date', 'time', 'datetime-local', 'month', 'week']);

/** Pure: whether a key press goes into something the person is typing in (then it is never a shortcut). */
export function isTypingTarget(target: unknown): boolean {
  if (typeof target !== 'object' || target === null) return false;
  const element = target as Partial<Pick<HTMLElement, 'tagName' | 'isContentEditable'>> & Partial<Pick<HTMLInputElement, 'type'>>;
  if (element.isContentEditable === true) return true;
  const tag = element.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && TEXT_INPUT_TYPES.has((element.type ?? 'text').toLowerCase());
}
