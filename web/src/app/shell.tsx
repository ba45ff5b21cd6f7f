import { Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { PageSpinner } from '../ui';
import type { Feature } from './feature';
import { isNavActive, visibleNav } from './navigation';
import { useSession } from './session';
import { UserMenu } from './user-menu';
import styles from './shell.module.css';

/** Header with brand, navigation by role and user menu; the page below. Landmarks: banner, navigation, main. */
export function Shell({ features }: { features: readonly Feature[] }) {
  const { role } = useSession();
  const nav = useMemo(() => visibleNav(features, role), [features, role]);
  const namespaces = useMemo(() => ['common', ...new Set(nav.map((n) => n.label.split(':')[0] ?? 'common'))], [nav]);
  const { t } = useTranslation(namespaces);
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    // After in-app navigation, move focus to the new page so screen readers start there.
    if (firstRender.current) firstRender.current = false;
    else main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <div className={styles.shell}>
      <a className={styles.skip} href="#main">
        {t('common:shell.skipToContent')}
      </a>
      <header className={styles.header}>
        <div className={styles.bar}>
          <NavLink to="/" className={styles.brand}>
            <svg className={styles.logo} viewBox="0 0 32 32" aria-hidden="true">
              <rect width="32" height="32" rx="7" />
              <path d="M8 9l8 15 8-15" />
            </svg>
            <span>Vigil</span>
          </NavLink>
          <button
            type="button"
            className={styles.menuToggle}
            aria-expanded={menuOpen}
            aria-controls="main-nav"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <span className={styles.burger} aria-hidden="true" />
            <span className="visually-hidden">{t('common:shell.menu')}</span>
          </button>
          <nav id="main-nav" aria-label={t('common:shell.navigation')} className={`${styles.nav} ${menuOpen ? styles.navOpen : ''}`}>
            <ul className={styles.navList}>
              {nav.map((item) => (
                <li key={item.to}>
                  <NavLink
                    to={item.to}
                    onClick={() => setMenuOpen(false)}
                    className={[styles.navLink, isNavActive(item, location.pathname) ? styles.active : ''].join(' ')}
                  >
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <UserMenu />
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className={styles.main}>
        <Suspense fallback={<PageSpinner />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
