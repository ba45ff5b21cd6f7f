import type { Delivery } from '@vigil/shared';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, EmptyState, Field, Input, Notice, Page, PageSpinner, Select, Table, useToast, type BadgeTone, type Column } from '../../ui';
import { listDeliveries, resendDelivery, type DeliveryFilter } from './integrations.api';
import { OpsTabs } from './ops-tabs';
import styles from './ops-admin.module.css';

const channels = ['email', 'slack', 'mattermost', 'teams', 'webhook'] as const;
const statuses = ['pending', 'sending', 'delivered', 'failed', 'dead', 'disabled'] as const;
const tone: Record<Delivery['status'], BadgeTone> = { pending: 'info', sending: 'info', delivered: 'success', failed: 'danger', dead: 'danger', disabled: 'neutral' };

/** The outbound delivery log (email, chat, webhooks) with filters and manual resend. */
export function DeliveriesPage() {
  const { t } = useTranslation('opsadmin');
  const { format, hasRole } = useSession();
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const [target, setTarget] = useState('');
  const list = useInfiniteQuery({
    queryKey: ['deliveries', filter],
    queryFn: ({ pageParam, signal }) => listDeliveries(filter, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const resend = useMutation({
    mutationFn: resendDelivery,
    onSuccess: () => {
      toast.success(t('deliveries.resent'));
      void queryClient.invalidateQueries({ queryKey: ['deliveries'] });
    },
    onError: (e) => toast.error(errorText(e)),
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const columns: Column<Delivery>[] = [
    { key: 'at', header: t('deliveries.created'), cell: (d) => <time dateTime={d.createdAt}>{format.dateTime(d.createdAt)}</time> },
    {
      key: 'target',
      header: t('deliveries.target'),
      cell: (d) => (
        <span className={styles.stack}>
          <span>{d.target}</span>
          <span className={styles.muted}>
            {t(`deliveries.channel.${d.channel}`)} · {d.eventKind}
          </span>
        </span>
      ),
    },
    {
      key: 'status',
      header: t('rules.state'),
      cell: (d) => (
        <span className={styles.stack}>
          <Badge tone={tone[d.status]}>{t(`deliveries.status.${d.status}`)}</Badge>
          <span className={styles.muted}>{t('deliveries.attempts', { count: d.attempts, max: d.maxAttempts })}</span>
          {d.nextAttemptAt && d.status === 'pending' ? <span className={styles.muted}>{t('deliveries.next', { time: format.relative(d.nextAttemptAt) })}</span> : null}
        </span>
      ),
    },
    { key: 'error', header: t('deliveries.lastError'), cell: (d) => (d.lastError ? `${d.responseCode ? `${d.responseCode} · ` : ''}${d.lastError}` : '—') },
    ...(hasRole('admin')
      ? [
          {
            key: 'resend',
            header: <span className="visually-hidden">{t('rules.actions')}</span>,
            cell: (d: Delivery) =>
              d.status === 'failed' || d.status === 'dead' || d.status === 'delivered' ? (
                <Button size="sm" loading={resend.isPending && resend.variables === d.id} onClick={() => resend.mutate(d.id)} aria-label={t('deliveries.resendTo', { target: d.target })}>
                  {t('deliveries.resend')}
                </Button>
              ) : null,
          },
        ]
      : []),
  ];
  return (
    <Page title={t('deliveries.title')} description={t('deliveries.description')} width="full">
      <OpsTabs />
      <form
        className={styles.builderRow}
        onSubmit={(e) => {
          e.preventDefault();
          setFilter({ ...filter, target: target.trim() || undefined });
        }}
      >
        <Field label={t('deliveries.channelLabel')}>
          <Select value={filter.channel ?? ''} onChange={(e) => setFilter({ ...filter, channel: e.target.value || undefined })} options={[{ value: '', label: t('deliveries.any') }, ...channels.map((c) => ({ value: c, label: t(`deliveries.channel.${c}`) }))]} />
        </Field>
        <Field label={t('deliveries.statusLabel')}>
          <Select value={filter.status ?? ''} onChange={(e) => setFilter({ ...filter, status: e.target.value || undefined })} options={[{ value: '', label: t('deliveries.any') }, ...statuses.map((s) => ({ value: s, label: t(`deliveries.status.${s}`) }))]} />
        </Field>
        <Field label={t('deliveries.target')}>
          <Input type="search" value={target} onChange={(e) => setTarget(e.target.value)} />
        </Field>
        <Button type="submit">{t('deliveries.filter')}</Button>
      </form>
      {list.isPending ? (
        <PageSpinner />
      ) : list.isError ? (
        <Notice tone="error">{errorText(list.error)}</Notice>
      ) : (
        <Table caption={t('deliveries.title')} columns={columns} rows={items} rowKey={(d) => d.id} empty={<EmptyState title={t('deliveries.empty')} />} />
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
