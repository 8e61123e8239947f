import { type Diagnostic, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { type Ref, useEffect, useImperativeHandle, useRef } from 'react';
import { templateEditorExtensions } from './editor-setup';
import type { EditorDiagnostic } from './lint-diagnostics';

const readOnlyExtensions = (isReadOnly: boolean): Extension[] => [
  EditorState.readOnly.of(isReadOnly),
  EditorView.editable.of(!isReadOnly),
  EditorView.contentAttributes.of({ 'aria-readonly': String(isReadOnly) }),
];

/** What the page can ask of the editor. */
export type CodeEditorHandle = Readonly<{ goTo(offset: number): void }>;

/** The text, whether it may change, its diagnostics and where changes go. */
export type CodeEditorProps = Readonly<{
  value: string;
  isReadOnly: boolean;
  diagnostics: ReadonlyArray<EditorDiagnostic>;
  label: string;
  onChange(text: string): void;
  ref?: Ref<CodeEditorHandle>;
}>;

/**
 * CodeMirror 6 behind a React component. The editor owns its text while a person types; a new
 * `value` from outside (a loaded revision) replaces it only when it differs.
 */
export function CodeEditor({ value, isReadOnly, diagnostics, label, onChange, ref }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const readOnly = useRef(new Compartment());
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  useEffect(() => {
    if (!host.current) return;
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          ...templateEditorExtensions(label),
          readOnly.current.of(readOnlyExtensions(isReadOnly)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // Created once; later changes of value, read-only and diagnostics are dispatched below.
  }, []);

  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnly.current.reconfigure(readOnlyExtensions(isReadOnly)) });
  }, [isReadOnly]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const length = editor.state.doc.length;
    const inside: Diagnostic[] = diagnostics.map((diagnostic) => ({ ...diagnostic, from: Math.min(diagnostic.from, length), to: Math.min(diagnostic.to, length) }));
    editor.dispatch(setDiagnostics(editor.state, inside));
  }, [diagnostics]);

  useImperativeHandle(ref, () => ({
    goTo(offset) {
      const editor = view.current;
      if (!editor) return;
      const at = Math.min(offset, editor.state.doc.length);
      editor.dispatch({ selection: { anchor: at }, scrollIntoView: true });
      editor.focus();
    },
  }));

  return <div ref={host} className="code-editor" data-testid="template-editor" />;
}
