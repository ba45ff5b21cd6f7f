import type { Priority, StateCategory } from '@vigil/shared';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import styles from './badge.module.css';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** A short label with a tone; colour is never the only signal (the text says it). */
export function Badge({ tone = 'neutral', children, title }: { tone?: BadgeTone; children: ReactNode; title?: string }) {
  return (
    <span className={`${styles.badge} ${styles[tone]}`} title={title}>
      {children}
    </span>
  );
}

/** P1..P5 with its colour; screen readers hear "Priority P1". */
export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation('common');
  return (
    <span className={`${styles.badge} ${styles.priority} ${styles[priority.toLowerCase()]}`}>
      <span className="visually-hidden">{t('priority.label')} </span>
      {priority}
    </span>
  );
}

const categoryTone: Record<StateCategory, BadgeTone> = { new: 'info', active: 'warning', waiting: 'neutral', resolved: 'success', closed: 'neutral' };

/** A workflow state: its (localised) label, coloured by its category. */
export function StatusBadge({ label, category }: { label: string; category: StateCategory }) {
  return (
    <span className={`${styles.badge} ${styles[categoryTone[category]]} ${styles.status}`} data-category={category}>
      <span className={styles.dot} aria-hidden="true" />
      {label}
    </span>
  );
}
