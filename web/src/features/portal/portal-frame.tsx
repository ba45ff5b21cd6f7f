import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLocale, setLocale, uiLocales } from '../../i18n/i18n';
import styles from './portal.module.css';

/** The public pages' frame, outside the app's shell: the brand, a language choice, and the page. */
export function PortalFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t, i18n } = useTranslation('portal');
  useEffect(() => {
    document.title = `${title} · Vigil`;
  }, [title]);
  return (
    <div className={styles.screen}>
      <header className={styles.top}>
        <span className={styles.brand}>
          <svg className={styles.logo} viewBox="0 0 32 32" aria-hidden="true">
            <rect width="32" height="32" rx="7" />
            <path d="M8 9l8 15 8-15" />
          </svg>
          <span>Vigil</span>
        </span>
        <label className={styles.language}>
          <span>{t('language')}</span>
          <select value={isLocale(i18n.language) ? i18n.language : 'en'} onChange={(e) => isLocale(e.target.value) && void setLocale(e.target.value)}>
            {uiLocales.map((l) => (
              <option key={l} value={l}>
                {t(`common:languages.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main id="main" className={styles.main}>
        {children}
      </main>
    </div>
  );
}
