import { useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, EmptyState, Field, Notice, Page, PageSpinner, Select, Table, type BadgeTone, type Column } from '../../ui';
import { listInboundMails, type InboundMail } from './destinations.api';
import { OpsTabs } from './ops-tabs';
import styles from './ops-admin.module.css';

const statuses = ['received', 'processed', 'dropped', 'failed'] as const;
const tone: Record<string, BadgeTone> = { received: 'info', processed: 'success', dropped: 'neutral', failed: 'danger' };

/** The inbound mail log: what the SMTP listener accepted and what became of it. */
export function InboundMailsPage() {
  const { t } = useTranslation('opsadmin');
  const { format } = useSession();
  const errorText = useErrorText();
  const [status, setStatus] = useState<string>('');
  const list = useInfiniteQuery({
    queryKey: ['inbound-mails', status],
    queryFn: ({ pageParam, signal }) => listInboundMails(status || undefined, pageParam, signal),
    initialPageParam: undefined as number | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<InboundMail>[] = [
    { key: 'at', header: t('mails.received'), cell: (m) => <time dateTime={m.receivedAt}>{format.dateTime(m.receivedAt)}</time> },
    {
      key: 'mail',
      header: t('mails.message'),
      cell: (m) => (
        <span className={styles.stack}>
          <strong>{m.subject ?? t('mails.noSubject')}</strong>
          <span className={styles.muted}>
            {m.from ?? m.envelopeFrom} → {m.envelopeTo.join(', ')}
          </span>
        </span>
      ),
    },
    { key: 'status', header: t('deliveries.statusLabel'), cell: (m) => <Badge tone={tone[m.status] ?? 'neutral'}>{t(`mails.status.${m.status}`, { defaultValue: m.status })}</Badge> },
    {
      key: 'outcome',
      header: t('mails.outcome'),
      cell: (m) => (
        <span className={styles.stack}>
          {m.incident ? <Link to={`/incidents/${encodeURIComponent(m.incident.number)}`}>{m.incident.number}</Link> : null}
          <span>{m.outcome ?? '—'}</span>
          {m.detail ? <span className={styles.muted}>{m.detail}</span> : null}
        </span>
      ),
    },
  ];
  return (
    <Page title={t('mails.title')} description={t('mails.description')} width="full">
      <OpsTabs />
      <div className={styles.builderRow}>
        <Field label={t('deliveries.statusLabel')}>
          <Select value={status} onChange={(e) => setStatus(e.target.value)} options={[{ value: '', label: t('deliveries.any') }, ...statuses.map((s) => ({ value: s, label: t(`mails.status.${s}`) }))]} />
        </Field>
      </div>
      {list.isPending ? (
        <PageSpinner />
      ) : list.isError ? (
        <Notice tone="error">{errorText(list.error)}</Notice>
      ) : (
        <Table caption={t('mails.title')} columns={columns} rows={items} rowKey={(m) => m.id} empty={<EmptyState title={t('mails.empty')} />} />
      )}
      {list.hasNextPage ? (
        <div className={styles.footer}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('deliveries.more')}
          </Button>
        </div>
      ) : null}
    </Page>
  );
}
