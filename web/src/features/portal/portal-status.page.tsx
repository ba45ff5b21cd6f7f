import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { isApiError } from '../../lib/api';
import { useErrorText } from '../../lib/error-text';
import { browserTimeZone, createFormatter } from '../../lib/format';
import { Button, EmptyState, PageSpinner, StatusBadge } from '../../ui';
import { localized } from '../report/report-values';
import { getPortalStatus } from './portal.api';
import { PortalFrame } from './portal-frame';
import styles from './portal.module.css';

/** The status of a guest's report (/report/status/:token): number, title, state and the public comments. */
export function PortalStatusPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation('portal');
  const lang = i18n.language;
  const errorText = useErrorText();
  const format = useMemo(() => createFormatter({ locale: lang === 'de' ? 'de' : 'en', timeZone: browserTimeZone() }), [lang]);
  const status = useQuery({
    queryKey: ['portal', 'status', token],
    queryFn: ({ signal }) => getPortalStatus(token, signal),
    retry: (n, err) => n < 2 && !isApiError(err, 'not_found', 'validation_failed', 'rate_limited'),
    refetchInterval: 60_000,
  });

  if (status.isPending) return <PageSpinner />;
  if (status.isError) {
    const gone = isApiError(status.error, 'not_found', 'validation_failed');
    return (
      <PortalFrame title={t('status.pageTitle')}>
        <h1 className={styles.title}>{t('status.pageTitle')}</h1>
        <EmptyState title={gone ? t('status.unknown') : errorText(status.error)} action={gone ? undefined : <Button onClick={() => void status.refetch()}>{t('common:action.reload')}</Button>} />
      </PortalFrame>
    );
  }
  const s = status.data;
  return (
    <PortalFrame title={t('status.title', { number: s.number })}>
      <p className={styles.eyebrow}>{localized(s.type.name, lang)}</p>
      <h1 className={styles.title}>
        <span className={styles.number} data-testid="portal-status-number">
          {s.number}
        </span>{' '}
        {s.title}
      </h1>
      <dl className={styles.facts}>
        <div>
          <dt>{t('status.state')}</dt>
          <dd>
            <StatusBadge label={localized(s.state.label, lang)} category={s.state.category} />
          </dd>
        </div>
        <div>
          <dt>{t('status.reported')}</dt>
          <dd>{format.dateTime(s.createdAt)}</dd>
        </div>
        <div>
          <dt>{t('status.updated')}</dt>
          <dd>{format.dateTime(s.updatedAt)}</dd>
        </div>
      </dl>
      <p className={styles.hint}>{t(`status.meaning.${s.state.category}`)}</p>
      <section className={styles.block} aria-labelledby="portal-comments">
        <h2 id="portal-comments" className={styles.blockTitle}>
          {t('status.comments')}
        </h2>
        {s.comments.length === 0 ? (
          <p className={styles.hint}>{t('status.noComments')}</p>
        ) : (
          <ol className={styles.comments}>
            {s.comments.map((c) => (
              <li key={c.id} className={styles.comment}>
                <p className={styles.commentMeta}>
                  <time dateTime={c.createdAt}>{format.dateTime(c.createdAt)}</time>
                </p>
                <p className={styles.commentBody}>{c.body}</p>
              </li>
            ))}
          </ol>
        )}
      </section>
      <Button onClick={() => void status.refetch()} loading={status.isFetching}>
        {t('status.refresh')}
      </Button>
    </PortalFrame>
  );
}
