import type { IncidentType } from '@vigil/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { Badge } from '../../ui';
import type { OutboxItem } from './outbox';
import { localized } from './report-values';
import styles from './report.module.css';

/** Step 1: the kind of incident, as large cards with name and description in the reader's language. */
export function TypePicker({ types, drafts }: { types: IncidentType[]; drafts: ReadonlyArray<{ typeKey: string; updatedAt: string }> }) {
  const { t, i18n } = useTranslation('report');
  const { format } = useSession();
  const lang = i18n.language;
  const sorted = [...types].sort((a, b) => localized(a.name, lang).localeCompare(localized(b.name, lang), lang));
  return (
    <ul className={styles.typeList} aria-label={t('picker.listLabel')}>
      {sorted.map((type) => {
        const draft = drafts.find((d) => d.typeKey === type.key);
        const description = localized(type.description, lang);
        return (
          <li key={type.id}>
            <Link to={`?type=${encodeURIComponent(type.key)}`} className={styles.typeCard} data-type={type.key}>
              <span className={styles.typeName}>{localized(type.name, lang)}</span>
              {description ? <span className={styles.typeDescription}>{description}</span> : null}
              {draft ? (
                <span className={styles.typeDraft}>
                  <Badge tone="info">{t('picker.draft', { time: format.relative(draft.updatedAt) })}</Badge>
                </span>
              ) : null}
              <span className={styles.chevron} aria-hidden="true">
                ›
              </span>
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

/** Reports on this device: waiting to be sent, refused, or sent lately (with their numbers). */
export function DeviceReports({ items, onOpen }: { items: readonly OutboxItem[]; onOpen: (id: string) => void }) {
  const { t, i18n } = useTranslation('report');
  const { format } = useSession();
  if (items.length === 0) return null;
  const waiting = items.filter((i) => i.state === 'queued' || i.state === 'created');
  return (
    <section className={styles.deviceReports} aria-labelledby="report-device">
      <h2 id="report-device" className={styles.blockTitle}>
        {t('device.title')}
      </h2>
      {waiting.length > 0 ? (
        <p className={styles.queuedBanner} role="status">
          {t('device.waiting', { count: waiting.length })}
        </p>
      ) : null}
      <ul className={styles.deviceList}>
        {items.slice(0, 10).map((item) => (
          <li key={item.id} className={styles.deviceItem}>
            <span className={styles.deviceTitle}>{item.title}</span>
            <span className={styles.deviceMeta}>
              {localized(item.typeName, i18n.language)} · {format.relative(item.sentAt ?? item.createdAt)}
            </span>
            <span className={styles.deviceState}>
              {item.state === 'sent' ? (
                <Badge tone="success">{item.incident?.number}</Badge>
              ) : item.state === 'rejected' ? (
                <Badge tone="danger">{t('device.rejected')}</Badge>
              ) : (
                <Badge tone="warning">{t('device.queued')}</Badge>
              )}
              <button type="button" className={styles.linkButton} onClick={() => onOpen(item.id)} aria-label={t('device.openLabel', { title: item.title })}>
                {t('device.open')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
