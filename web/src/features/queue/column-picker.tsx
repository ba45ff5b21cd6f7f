import { viewColumns, type ViewColumn } from '@vigil/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Dialog, Notice } from '../../ui';
import styles from './queue.module.css';

/**
 * Which columns the view shows, and in which order: the shown ones first (movable up and down), then
 * the others. Saved with the view (or kept for this visit when no view is open).
 */
export function ColumnPicker({ columns, onClose, onSave, saving, viewName }: { columns: readonly ViewColumn[]; onClose: () => void; onSave: (columns: ViewColumn[]) => void; saving: boolean; viewName: string | null }) {
  const { t } = useTranslation('queue');
  const [shown, setShown] = useState<ViewColumn[]>([...columns]);
  const hidden = viewColumns.filter((c) => !shown.includes(c));
  const move = (index: number, delta: number) =>
    setShown((list) => {
      const next = [...list];
      const [item] = next.splice(index, 1);
      next.splice(index + delta, 0, item!);
      return next;
    });

  return (
    <Dialog
      open
      onClose={onClose}
      title={t('columnsPicker.title')}
      footer={
        <>
          <Button onClick={onClose}>{t('common:action.cancel')}</Button>
          <Button variant="primary" loading={saving} disabled={shown.length === 0} onClick={() => onSave(shown)}>
            {t('common:action.save')}
          </Button>
        </>
      }
    >
      <p className={styles.muted}>{viewName ? t('columnsPicker.forView', { name: viewName }) : t('columnsPicker.noView')}</p>
      {shown.length === 0 ? <Notice tone="warning">{t('columnsPicker.none')}</Notice> : null}
      <ol className={styles.columnList} aria-label={t('columnsPicker.shown')}>
        {shown.map((c, i) => (
          <li key={c} className={styles.columnItem}>
            <label className={styles.columnLabel}>
              <input type="checkbox" checked onChange={() => setShown((list) => list.filter((x) => x !== c))} />
              <span>{t(`columns.${c}`)}</span>
            </label>
            <span className={styles.columnMove}>
              <Button size="sm" variant="ghost" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('columnsPicker.up', { column: t(`columns.${c}`) })}>
                <span aria-hidden="true">↑</span>
              </Button>
              <Button size="sm" variant="ghost" disabled={i === shown.length - 1} onClick={() => move(i, 1)} aria-label={t('columnsPicker.down', { column: t(`columns.${c}`) })}>
                <span aria-hidden="true">↓</span>
              </Button>
            </span>
          </li>
        ))}
      </ol>
      {hidden.length > 0 ? (
        <ul className={styles.columnList} aria-label={t('columnsPicker.hidden')}>
          {hidden.map((c) => (
            <li key={c} className={styles.columnItem}>
              <label className={styles.columnLabel}>
                <input type="checkbox" checked={false} onChange={() => setShown((list) => [...list, c])} />
                <span>{t(`columns.${c}`)}</span>
              </label>
            </li>
          ))}
        </ul>
      ) : null}
    </Dialog>
  );
}
