import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Page } from '../../ui';
import { adminGroups, sectionHref, sectionsFor } from './admin-sections';
import styles from './admin.module.css';

/** /admin: the sections of the administration area this role may open, by group. */
export function AdminHomePage() {
  const { role } = useSession();
  const sections = useMemo(() => sectionsFor(role), [role]);
  const namespaces = useMemo(() => ['admin', ...new Set(sections.flatMap((s) => [s.label, s.description]).map((k) => k.split(':')[0] ?? 'admin'))], [sections]);
  const { t } = useTranslation(namespaces);
  return (
    <Page title={t('admin:title')} description={role === 'admin' ? t('admin:home.description') : t('admin:home.managerDescription')}>
      {adminGroups.map((group) => {
        const inGroup = sections.filter((s) => s.group === group);
        if (inGroup.length === 0) return null;
        return (
          <section key={group} className={styles.group} aria-labelledby={`admin-group-${group}`}>
            <h2 id={`admin-group-${group}`} className={styles.groupTitle}>
              {t(`admin:groups.${group}`)}
            </h2>
            <ul className={styles.cards}>
              {inGroup.map((s) => (
                <li key={s.id} className={styles.card}>
                  <Link to={sectionHref(s)} className={styles.cardLink}>
                    {t(s.label)}
                  </Link>
                  <p className={styles.cardText}>{t(s.description)}</p>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </Page>
  );
}
