import type { ReactNode } from 'react';
import styles from './notice.module.css';

/** A message inside the page (form errors, warnings). Errors are announced as alerts. */
export function Notice({ tone = 'info', title, children }: { tone?: 'info' | 'success' | 'warning' | 'error'; title?: ReactNode; children?: ReactNode }) {
  return (
    <div className={`${styles.notice} ${styles[tone]}`} role={tone === 'error' ? 'alert' : 'status'}>
      {title ? <p className={styles.title}>{title}</p> : null}
      {children ? <div>{children}</div> : null}
    </div>
  );
}
