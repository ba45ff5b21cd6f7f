import type { ViewFilters, ViewSort } from '@vigil/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { Button, Select } from '../../ui';
import { withFilter } from './queue-query';
import type { LiveStatus } from './use-live-events';
import styles from './queue.module.css';

export const searchFieldId = 'queue-search';

/** Full-text search over number, title, description and comments; applied while typing (after a pause) and on Enter. */
export function SearchBox({ filters, onChange }: { filters: ViewFilters; onChange: (filters: ViewFilters, replace: boolean) => void }) {
  const { t } = useTranslation('queue');
  const q = typeof filters.q === 'string' ? filters.q : '';
  const [text, setText] = useState(q);
  const [shown, setShown] = useState(q);
  if (q !== shown) {
    // The address changed (another view, back button): show its search.
    setShown(q);
    setText(q);
  }
  useEffect(() => {
    if (text.trim() === q) return;
    const id = window.setTimeout(() => onChange(withFilter(filters, 'q', text.trim() || null), true), 400);
    return () => window.clearTimeout(id);
  }, [text, q, filters, onChange]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== q) onChange(withFilter(filters, 'q', text.trim() || null), false);
  };
  return (
    <form role="search" className={styles.search} onSubmit={submit}>
      <label htmlFor={searchFieldId} className="visually-hidden">
        {t('search.label')}
      </label>
      <span className={styles.searchIcon} aria-hidden="true">
        ⌕
      </span>
      <input
        id={searchFieldId}
        type="search"
        className={styles.searchInput}
        value={text}
        placeholder={t('search.placeholder')}
        maxLength={500}
        onChange={(e) => setText(e.target.value)}
        aria-keyshortcuts="/"
      />
    </form>
  );
}

const sortChoices: ViewSort[] = [
  { key: 'created', order: 'desc' },
  { key: 'created', order: 'asc' },
  { key: 'updated', order: 'desc' },
  { key: 'priority', order: 'desc' },
  { key: 'priority', order: 'asc' },
  { key: 'dueAt', order: 'asc' },
];

/** The sort as a select (on phones the column headers are not shown). */
export function SortSelect({ sort, onChange }: { sort: ViewSort; onChange: (sort: ViewSort) => void }) {
  const { t } = useTranslation('queue');
  const choices = sortChoices.some((s) => s.key === sort.key && s.order === sort.order) ? sortChoices : [...sortChoices, sort];
  return (
    <Select
      aria-label={t('sort.label')}
      className={styles.sortSelect}
      value={`${sort.key}:${sort.order}`}
      onChange={(e) => {
        const [key, order] = e.target.value.split(':') as [ViewSort['key'], ViewSort['order']];
        onChange({ key, order });
      }}
      options={choices.map((s) => ({ value: `${s.key}:${s.order}`, label: t(`sort.${s.key}_${s.order}`) }))}
    />
  );
}

/** A dot and a word: whether changes arrive live. */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const { t } = useTranslation('queue');
  return (
    <span className={`${styles.live} ${styles[`live_${status}`]}`} data-live={status} title={t(`live.status.${status}Hint`)}>
      <span className={styles.liveDot} aria-hidden="true" />
      {t(`live.status.${status}`)}
    </span>
  );
}

/** The count of matching incidents. */
export function TotalCount({ total, loading }: { total: number; loading: boolean }) {
  const { t } = useTranslation('queue');
  const { format } = useSession();
  return (
    <span className={styles.total} aria-live="polite" aria-atomic="true">
      {loading ? t('counting') : t('total', { count: total, formatted: format.number(total) })}
    </span>
  );
}

/** The button that shows the keyboard keys. */
export function KeysButton({ onClick }: { onClick: () => void }) {
  const { t } = useTranslation('queue');
  return (
    <Button size="sm" variant="ghost" onClick={onClick} aria-keyshortcuts="?" title={t('keys.title')}>
      <span aria-hidden="true">?</span>
      <span className="visually-hidden">{t('keys.title')}</span>
    </Button>
  );
}
