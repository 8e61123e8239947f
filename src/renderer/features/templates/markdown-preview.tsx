import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { type MdBlock, type MdInline, type MdListItem, parseMarkdownDocument, stripFrontMatter } from './markdown-document';

/** The `{{params}}` the program uses but does not declare (from lint), marked in the preview. */
const UnknownParams = createContext<ReadonlySet<string>>(new Set());

/** A `{{param}}`; one that is not declared is marked, with words for screen readers and a tooltip saying what to do. */
function Placeholder({ text }: Readonly<{ text: string }>) {
  const unknown = useContext(UnknownParams);
  const name = /^\{\{\s*(.*?)\s*\}\}$/.exec(text)?.[1] ?? text;
  if (!unknown.has(name)) return <code className="md-placeholder">{text}</code>;
  return (
    <code className="md-placeholder md-placeholder-unknown" title={`{{${name}}} is not declared: add it under params:`} data-testid="unknown-placeholder">
      {text}
      <span className="visually-hidden"> (not a declared param)</span>
    </code>
  );
}

function Inline({ pieces }: Readonly<{ pieces: ReadonlyArray<MdInline> }>): ReactNode {
  return pieces.map((piece, index) => {
    switch (piece.type) {
      case 'text':
        return piece.text;
      case 'placeholder':
        return <Placeholder key={index} text={piece.text} />;
      case 'code':
        return <code key={index}>{piece.text}</code>;
      case 'break':
        return <br key={index} />;
      case 'strong':
        return (
          <strong key={index}>
            <Inline pieces={piece.children} />
          </strong>
        );
      case 'em':
        return (
          <em key={index}>
            <Inline pieces={piece.children} />
          </em>
        );
      case 'del':
        return (
          <del key={index}>
            <Inline pieces={piece.children} />
          </del>
        );
      case 'link':
        return piece.href === null ? (
          <span key={index} className="md-link">
            <Inline pieces={piece.children} />
          </span>
        ) : (
          <a key={index} href={piece.href} target="_blank" rel="noopener noreferrer">
            <Inline pieces={piece.children} />
          </a>
        );
      case 'image':
        return (
          <span key={index} className="md-image" title="Images are not loaded in the preview">
            {piece.alt || 'image'}
          </span>
        );
    }
  });
}

/** A list item's blocks; in a tight list a paragraph is its bare text, as CommonMark renders it. */
function ListItem({ item, isTight }: Readonly<{ item: MdListItem; isTight: boolean }>) {
  const blocks = item.blocks.map((block, index) =>
    isTight && block.type === 'paragraph' ? <Inline key={index} pieces={block.content} /> : <Block key={index} block={block} />,
  );
  if (item.checked === null) return <li>{blocks}</li>;
  return (
    <li className="md-task">
      <input type="checkbox" checked={item.checked} disabled aria-label={item.checked ? 'done' : 'not done'} /> {blocks}
    </li>
  );
}

function Block({ block }: Readonly<{ block: MdBlock }>): ReactNode {
  switch (block.type) {
    case 'heading': {
      // Page headings are h1 and the panel's h2; the program's headings sit below them.
      const Tag = `h${Math.min(block.level + 2, 6)}` as 'h3' | 'h4' | 'h5' | 'h6';
      return (
        <Tag className={`md-h${block.level}`}>
          <Inline pieces={block.content} />
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p>
          <Inline pieces={block.content} />
        </p>
      );
    case 'code':
      return (
        <pre className="md-code" tabIndex={0} data-language={block.language || undefined}>
          <code>{block.text}</code>
        </pre>
      );
    case 'quote':
      return (
        <blockquote>
          {block.blocks.map((inner, index) => (
            <Block key={index} block={inner} />
          ))}
        </blockquote>
      );
    case 'list': {
      const items = block.items.map((item, index) => <ListItem key={index} item={item} isTight={block.isTight} />);
      return block.isOrdered ? <ol start={block.start === 1 ? undefined : block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'table':
      return (
        <div className="md-table-scroll">
          <table className="md-table">
            <thead>
              <tr>
                {block.head.map((cell, index) => (
                  <th key={index} scope="col" style={{ textAlign: block.align[index] ?? undefined }}>
                    <Inline pieces={cell} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row, rowIndex) => (
                <tr key={rowIndex}>
                  {row.map((cell, index) => (
                    <td key={index} style={{ textAlign: block.align[index] ?? undefined }}>
                      <Inline pieces={cell} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    case 'rule':
      return <hr />;
  }
}

const NO_UNKNOWN: ReadonlySet<string> = new Set();

/**
 * The template's program rendered as Markdown (CommonMark with GitHub's tables, task lists and
 * strikethrough), front-matter left out. Built from React elements only: HTML in the program
 * shows as text and is never injected; images are not fetched. `unknownParams` (from lint) are marked.
 */
export function MarkdownPreview({ text, unknownParams = NO_UNKNOWN }: Readonly<{ text: string; unknownParams?: ReadonlySet<string> }>) {
  const blocks = useMemo(() => parseMarkdownDocument(stripFrontMatter(text)), [text]);
  return (
    <UnknownParams.Provider value={unknownParams}>
      <div className="markdown-preview" data-testid="template-preview" role="region" aria-label="Preview of the program" tabIndex={0}>
        {unknownParams.size > 0 && (
          <p className="alert alert-warning" data-testid="preview-unknown-params">
            Not declared under params: {[...unknownParams].map((name) => `{{${name}}}`).join(', ')}. A run cannot fill them.
          </p>
        )}
        {blocks.length === 0 ? <p className="muted">Nothing to preview yet.</p> : blocks.map((block, index) => <Block key={index} block={block} />)}
      </div>
    </UnknownParams.Provider>
  );
}
