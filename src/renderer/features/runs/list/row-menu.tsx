import { type ReactNode, useEffect, useRef } from 'react';

type RowMenuProps = Readonly<{
  /** The accessible name of the ⋯ button ("More actions for nightly"). */
  label: string;
  isOpen: boolean;
  onOpenChange(isOpen: boolean): void;
  children: ReactNode;
}>;

/**
 * A row's ⋯ button and the panel it opens over the list (so a row never grows wider): the rare and
 * destructive actions, and their confirmations. A click outside or Escape closes it.
 */
export function RowMenu({ label, isOpen, onOpenChange, children }: RowMenuProps) {
  const root = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!isOpen) return;
    const onPointerDown = (event: PointerEvent): void => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) onOpenChange(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [isOpen, onOpenChange]);
  return (
    <div
      className="row-menu"
      ref={root}
      onKeyDown={(event) => {
        if (event.key !== 'Escape' || !isOpen) return;
        event.stopPropagation();
        onOpenChange(false);
        toggle.current?.focus();
      }}
    >
      <button
        ref={toggle}
        type="button"
        className="button-small row-menu-toggle"
        aria-label={label}
        aria-expanded={isOpen}
        title={label}
        onClick={() => onOpenChange(!isOpen)}
      >
        ⋯
      </button>
      {isOpen && <div className="row-menu-panel">{children}</div>}
    </div>
  );
}
