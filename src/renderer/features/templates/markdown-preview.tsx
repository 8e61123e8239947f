import type { ReactNode } from 'react';
import { type Block, type Inline, parseMarkdown, stripFrontMatter } from './markdown-blocks';

function InlineView({ pieces }: Readonly<{ pieces: ReadonlyArray<Inline> }>): ReactNode {
  return pieces.map((piece, index) => {
    switch (piece.type) {
      case 'text':
        return piece.text;
      case 'code':
        return <code key={index}>{piece.text}</code>;
      case 'placeholder':
        return (
          <code key={index} className="md-placeholder">
            {piece.text}
          </code>
        );
      case 'strong':
        return (
          <strong key={index}>
            <InlineView pieces={piece.children} />
          </strong>
        );
      case 'em':
        return (
          <em key={index}>
            <InlineView pieces={piece.children} />
          </em>
        );
      case 'link':
        return piece.href === null ? (
          <span key={index} className="md-link">
            <InlineView pieces={piece.children} />
          </span>
        ) : (
          <a key={index} href={piece.href} target="_blank" rel="noopener noreferrer">
            <InlineView pieces={piece.children} />
          </a>
        );
    }
  });
}

function BlockView({ block }: Readonly<{ block: Block }>) {
  switch (block.type) {
    case 'heading': {
      // Page headings are h1 and the panel's h2; the program's headings sit below them.
      const Tag = `h${Math.min(block.level + 2, 6)}` as 'h3' | 'h4' | 'h5' | 'h6';
      return (
        <Tag className={`md-h${block.level}`}>
          <InlineView pieces={block.content} />
        </Tag>
      );
    }
    case 'paragraph':
      return (
        <p>
          <InlineView pieces={block.content} />
        </p>
      );
    case 'code':
      return (
        <pre className="md-code" tabIndex={0}>
          <code>{block.text}</code>
        </pre>
      );
    case 'list': {
      const items = block.items.map((item, index) => (
        <li key={index}>
          <InlineView pieces={item} />
        </li>
      ));
      return block.isOrdered ? <ol start={block.start}>{items}</ol> : <ul>{items}</ul>;
    }
    case 'quote':
      return (
        <blockquote>
          <InlineView pieces={block.content} />
        </blockquote>
      );
    case 'rule':
      return <hr />;
  }
}

/** The template's program rendered as Markdown, front-matter left out. Built from React elements only: no HTML is ever injected. */
export function MarkdownPreview({ text }: Readonly<{ text: string }>) {
  const blocks = parseMarkdown(stripFrontMatter(text));
  return (
    <div className="markdown-preview" data-testid="template-preview" role="region" aria-label="Preview of the program" tabIndex={0}>
      {blocks.length === 0 ? <p className="muted">Nothing to preview yet.</p> : blocks.map((block, index) => <BlockView key={index} block={block} />)}
    </div>
  );
}
