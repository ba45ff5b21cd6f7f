import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Button, Notice } from '../../ui';
import type { OutboxItem } from './outbox';
import { issueTranslation, localized } from './report-values';
import { flushOutbox } from './use-outbox';
import { useOnline } from './use-online';
import styles from './report.module.css';

/** After sending: the reference number and the way to the incident, or that the report waits on this device and will be sent. */
export function ReportResult({ item, onAnother, onReopen }: { item: OutboxItem; onAnother: () => void; onReopen: () => void }) {
  const { t, i18n } = useTranslation('report');
  const { format } = useSession();
  const online = useOnline();
  const heading = useRef<HTMLHeadingElement>(null);
  const waiting = item.state === 'queued' || item.state === 'created';
  useEffect(() => {
    heading.current?.focus();
  }, [item.state]);
  const failedFiles = item.files.filter((f) => f.state === 'failed');
  const uploading = item.state === 'created' ? item.files.filter((f) => f.state !== 'done' && f.state !== 'failed').length : 0;

  if (item.state === 'rejected') {
    return (
      <div className={styles.result}>
        <h2 ref={heading} tabIndex={-1} className={styles.resultTitle}>
          {t('result.rejectedTitle')}
        </h2>
        <Notice tone="error" title={t('result.rejectedText', { title: item.title })}>
          {item.error?.issues.length ? (
            <ul className={styles.issueList}>
              {item.error.issues.map((i) => {
                const known = issueTranslation(i.message);
                return <li key={i.path}>{`${i.path}: ${known ? t(known.key, known.values) : i.message}`}</li>;
              })}
            </ul>
          ) : null}
        </Notice>
        <div className={styles.resultActions}>
          <Button variant="primary" onClick={onReopen}>
            {t('result.reopen')}
          </Button>
        </div>
      </div>
    );
  }

  return (
    <div className={styles.result}>
      {waiting ? (
        <div className={styles.queued} role="status" data-testid="report-queued">
          <h2 ref={heading} tabIndex={-1} className={styles.resultTitle}>
            {item.incident ? t('result.uploadingTitle') : t('result.queuedTitle')}
          </h2>
          <p>{item.incident ? t('result.uploadingText', { count: uploading, number: item.incident.number }) : online ? t('result.queuedRetrying') : t('result.queuedText')}</p>
          <p className={styles.queuedMeta}>
            {t('result.queuedMeta', { type: localized(item.typeName, i18n.language), title: item.title, time: format.time(item.createdAt) })}
            {item.files.length > 0 && !item.incident ? ` ${t('result.queuedFiles', { count: item.files.length })}` : null}
          </p>
          <div className={styles.resultActions}>
            {online ? <Button onClick={flushOutbox}>{t('result.tryNow')}</Button> : null}
            <Button variant="ghost" onClick={onAnother}>
              {t('result.another')}
            </Button>
          </div>
        </div>
      ) : (
        <div className={styles.success} data-testid="report-sent">
          <span className={styles.check} aria-hidden="true">
            <svg viewBox="0 0 24 24" width="28" height="28">
              <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </span>
          <h2 ref={heading} tabIndex={-1} className={styles.resultTitle}>
            {t('result.sentTitle')}
          </h2>
          <p>{item.waited ? t('result.sentAfterWait') : t('result.sentText')}</p>
          <p className={styles.referenceLabel}>{t('result.reference')}</p>
          <p className={styles.reference} data-testid="report-number">
            {item.incident?.number}
          </p>
          {failedFiles.length > 0 ? (
            <Notice tone="warning" title={t('result.filesFailed', { count: failedFiles.length })}>
              <ul className={styles.issueList}>
                {failedFiles.map((f) => (
                  <li key={f.id}>{`${f.name}: ${t(`common:errors.${f.error ?? 'unexpected'}`, { defaultValue: t('common:errors.unexpected') })}`}</li>
                ))}
              </ul>
            </Notice>
          ) : null}
          <div className={styles.resultActions}>
            {item.incident ? (
              <Link className={styles.primaryLink} to={`/incidents/${encodeURIComponent(item.incident.number)}`}>
                {t('result.open')}
              </Link>
            ) : null}
            <Button onClick={onAnother}>{t('result.another')}</Button>
          </div>
        </div>
      )}
    </div>
  );
}
