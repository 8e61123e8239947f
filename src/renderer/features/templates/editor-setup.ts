import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { yamlFrontmatter } from '@codemirror/lang-yaml';
import { defaultHighlightStyle, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';

/**
 * CodeMirror's default colours, each behind a CSS variable (`--syntax-<hex>`) so the dark theme
 * can brighten them in styles.css; the light theme falls back to the defaults themselves.
 */
const themedHighlightStyle = HighlightStyle.define(
  defaultHighlightStyle.specs.map((spec) => {
    const color = typeof spec.color === 'string' && /^#[0-9a-f]{3,8}$/i.test(spec.color) ? spec.color : null;
    return color === null ? spec : { ...spec, color: `var(--syntax-${color.slice(1).toLowerCase()}, ${color})` };
  }),
);

/** The editor's colours come from the app's own variables, so it follows the light and dark themes. */
const appTheme = EditorView.theme({
  '&': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '8px', fontSize: '13px' },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'var(--mono)', caretColor: 'var(--text)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface-muted)', color: 'var(--text-muted)', border: 'none', borderRadius: '8px 0 0 8px' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent) 7%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 12%, transparent)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent)' },
  '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border)' },
});

/**
 * Everything the template editor needs: Markdown with a YAML front-matter block, highlighting in
 * the app's colours, line numbers, history, the lint gutter, and an accessible name. Tab is left
 * to the browser so keyboard users can leave the editor.
 */
export function templateEditorExtensions(label: string): ReadonlyArray<Extension> {
  return [
    lineNumbers(),
    history(),
    drawSelection(),
    highlightActiveLine(),
    keymap.of([...defaultKeymap, ...historyKeymap]),
    yamlFrontmatter({ content: markdown() }),
    syntaxHighlighting(themedHighlightStyle),
    lintGutter(),
    EditorView.lineWrapping,
    appTheme,
    // Focusable even when read-only, so keyboard users can scroll and select a built-in's text.
    EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', tabindex: '0' }),
  ];
}
