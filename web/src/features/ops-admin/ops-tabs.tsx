import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import styles from './ops-admin.module.css';

/** Links between the operations setup pages. */
export function OpsTabs() {
  const { t } = useTranslation('opsadmin');
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
    </nav>
  );
}
