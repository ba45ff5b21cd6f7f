import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './incident.module.css';

/**
 * A sheet that slides up from the bottom on phones, holding the page's actions. A modal native
 * <dialog>: focus stays inside, Escape and a tap on the backdrop close it, focus returns to the opener.
 */
export function ActionSheet({ open, onClose, title, children }: { open: boolean; onClose: () => void; title: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { t } = useTranslation('common');
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className={styles.sheet}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      {open ? (
        <div className={styles.sheetBody}>
          <div className={styles.sheetHeader}>
            <h2 id={titleId} className={styles.panelTitle}>
              {title}
            </h2>
            <button type="button" className={styles.sheetClose} onClick={onClose} aria-label={t('action.close')}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
