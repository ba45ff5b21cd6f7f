import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import styles from './queue.module.css';

/**
 * A button that opens a small panel of actions (a disclosure, not an ARIA menu: the actions are plain
 * buttons in the tab order). Escape or a click outside closes it and focus returns to the button.
 */
export function DisclosureMenu({ label, children, align = 'end' }: { label: ReactNode; children: (close: () => void) => ReactNode; align?: 'start' | 'end' }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttonId = `${id}-button`;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const close = () => {
    setOpen(false);
    document.getElementById(buttonId)?.focus();
  };

  return (
    <div className={styles.menuRoot} ref={root}>
      <button ref={button} id={buttonId} type="button" className={styles.menuButton} aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {label}
        <span aria-hidden="true" className={styles.caret}>
          ▾
        </span>
      </button>
      <div id={id} className={`${styles.menuPanel} ${align === 'start' ? styles.menuStart : ''}`} hidden={!open}>
        {open ? children(close) : null}
      </div>
    </div>
  );
}
