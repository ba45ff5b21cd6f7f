import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useSession } from '../../app/session';
import styles from './ops-admin.module.css';

/** Links between the operations setup pages. */
export function OpsTabs() {
  const { t } = useTranslation('opsadmin');
  const { hasRole } = useSession();
  return (
    <nav aria-label={t('tabs.label')} className={styles.tabs}>
      <NavLink to="/ops/routing-rules" className={({ isActive }) => (isActive ? styles.activeTab : styles.tab)}>
        {t('rules.title')}
      </NavLink>
      <NavLink to="/ops/escalation-policies" className={({ isActive }) => (isActive ? styles.activeTab : styles.tab)}>
        {t('policies.title')}
      </NavLink>
      <NavLink to="/ops/sla" className={({ isActive }) => (isActive ? styles.activeTab : styles.tab)}>
        {t('sla.title')}
      </NavLink>
      {hasRole('admin', 'auditor') ? (
        <>
          <NavLink to="/ops/integrations" className={({ isActive }) => (isActive ? styles.activeTab : styles.tab)}>
            {t('integrations.title')}
          </NavLink>
          {hasRole('admin') ? (
            <NavLink to="/ops/destinations" className={({ isActive }) => (isActive ? styles.activeTab : styles.tab)}>
              {t('destinations.title')}
            </NavLink>
          ) : null}
          <NavLink to="/ops/deliveries" className={({ isActive }) => (isActive ? styles.activeTab : styles.tab)}>
            {t('deliveries.title')}
          </NavLink>
          {hasRole('admin') ? (
            <NavLink to="/ops/inbound-mails" className={({ isActive }) => (isActive ? styles.activeTab : styles.tab)}>
              {t('mails.title')}
            </NavLink>
          ) : null}
        </>
      ) : null}
    </nav>
  );
}
