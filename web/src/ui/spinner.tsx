import { useTranslation } from 'react-i18next';
import styles from './spinner.module.css';

/** A busy indicator; announced as "Loading…" unless `label` is null (when the surrounding control says it). */
export function Spinner({ size = 'md', label }: { size?: 'sm' | 'md' | 'lg'; label?: string | null }) {
  const { t } = useTranslation('common');
  const text = label === undefined ? t('status.loading') : label;
  return (
    <span className={styles.wrap} role={text ? 'status' : undefined}>
      <span className={`${styles.spinner} ${styles[size]}`} aria-hidden="true" />
      {text ? <span className="visually-hidden">{text}</span> : null}
    </span>
  );
}

/** A spinner centred in the space a page or panel will fill. */
export function PageSpinner() {
  return (
    <div className={styles.page}>
      <Spinner size="lg" />
    </div>
  );
}
