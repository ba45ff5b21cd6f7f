import { useEffect, type ReactNode } from 'react';
import styles from './page.module.css';

export type PageProps = {
  /** The page's h1 and document title ("<title> · Vigil"). */
  title: string;
  /** Buttons beside the title. */
  actions?: ReactNode;
  /** A line under the title. */
  description?: ReactNode;
  width?: 'narrow' | 'wide' | 'full';
  children: ReactNode;
};

/** The frame of every page: one h1, the document title, optional actions. */
export function Page({ title, actions, description, width = 'wide', children }: PageProps) {
  useEffect(() => {
    document.title = `${title} · Vigil`;
  }, [title]);
  return (
    <div className={`${styles.page} ${styles[width]}`}>
      <div className={styles.header}>
        <div className={styles.heading}>
          <h1 className={styles.title}>{title}</h1>
          {description ? <p className={styles.description}>{description}</p> : null}
        </div>
        {actions ? <div className={styles.actions}>{actions}</div> : null}
      </div>
      {children}
    </div>
  );
}

/** A titled box that groups part of a page. */
export function Section({ title, children, actions }: { title: ReactNode; children: ReactNode; actions?: ReactNode }) {
  return (
    <section className={styles.section}>
      <div className={styles.sectionHeader}>
        <h2 className={styles.sectionTitle}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
