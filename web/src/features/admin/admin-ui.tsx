import { useCallback, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Role } from '@vigil/shared';
import type { IssueText } from './server-errors';
import styles from './admin.module.css';

/** Every role, in the order pickers show them. */
export const allRoleValues: readonly Role[] = ['admin', 'manager', 'agent', 'reporter', 'auditor'];

/** "Administration › Teams › IT operations": where a page sits in the admin area; the last item is the page itself. */
export function AdminCrumbs({ items }: { items: ReadonlyArray<{ label: string; to?: string }> }) {
  const { t } = useTranslation('admin');
  return (
    <nav aria-label={t('crumbs.label')} className={styles.crumbs}>
      <ol>
        <li>
          <Link to="/admin">{t('title')}</Link>
        </li>
        {items.map((item, i) => (
          <li key={`${i}-${item.label}`}>
            {item.to ? (
              <Link to={item.to}>{item.label}</Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Says an IssueText (server-errors.ts) in the user's language. */
export function useIssueText(): (issue: IssueText | undefined) => string | undefined {
  const { t } = useTranslation('admin');
  return useCallback((issue) => (issue ? t(`validation.${issue.key}`, issue.params ?? {}) : undefined), [t]);
}

/** A row of filters above a table; wraps on phones. */
export function Toolbar({ children }: { children: ReactNode }) {
  return <div className={styles.toolbar}>{children}</div>;
}
