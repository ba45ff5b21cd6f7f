import { useTranslation } from 'react-i18next';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { Button, EmptyState, Page } from '../ui';
import { isApiError } from '../lib/api';
import { useErrorText } from '../lib/error-text';
import styles from './error-pages.module.css';

/** Any path inside the app that no page answers. */
export function NotFoundPage() {
  const { t } = useTranslation('common');
  return (
    <Page title={t('notFound.title')} width="narrow">
      <EmptyState title={t('notFound.title')} description={t('notFound.description')} action={<Link to="/">{t('notFound.home')}</Link>} />
    </Page>
  );
}

/** A page the user's role does not include. */
export function ForbiddenPage() {
  const { t } = useTranslation('common');
  return (
    <Page title={t('forbidden.title')} width="narrow">
      <EmptyState title={t('forbidden.title')} description={t('forbidden.description')} action={<Link to="/">{t('notFound.home')}</Link>} />
    </Page>
  );
}

/** A chunk that no longer exists on the server: the app was updated while this tab was open. */
function isStaleBuild(error: unknown): boolean {
  return error instanceof TypeError && /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(error.message);
}

/** What a route shows when its page fails to load or throws. */
export function RouteError({ inShell = false }: { inShell?: boolean }) {
  const error = useRouteError();
  const { t } = useTranslation('common');
  const errorText = useErrorText();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFoundPage />;
  if (isApiError(error, 'not_found')) return <NotFoundPage />;
  if (isApiError(error, 'forbidden')) return <ForbiddenPage />;
  const stale = isStaleBuild(error);
  const body = (
    <EmptyState
      title={stale ? t('routeError.updated') : t('routeError.title')}
      description={stale ? t('routeError.reloadHint') : errorText(error)}
      action={
        <Button variant="primary" onClick={() => window.location.reload()}>
          {t('action.reload')}
        </Button>
      }
    />
  );
  if (inShell) return <Page title={t('routeError.title')} width="narrow">{body}</Page>;
  return (
    <main id="main" className={styles.standalone}>
      <h1>{t('routeError.title')}</h1>
      {body}
    </main>
  );
}
