import type { Notification, NotificationKind } from '@vigil/shared';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, EmptyState, Notice, Page, PageSpinner, useToast, type BadgeTone } from '../../ui';
import { acknowledgeIncident, getUnreadCount, inboxKeys, listNotifications, markAllRead, markRead } from './inbox.api';
import { useNotificationEvents } from './use-notification-events';
import styles from './inbox.module.css';

const kindTone: Record<NotificationKind, BadgeTone> = {
  paged: 'danger',
  escalated: 'danger',
  clock_breached: 'danger',
  clock_warning: 'warning',
  deadline: 'warning',
  assigned: 'info',
  routed: 'info',
  mentioned: 'info',
  acknowledged: 'success',
  resolved: 'success',
  info: 'neutral',
};

/** Kinds that ask the recipient to take the incident in hand. */
const ackKinds: readonly NotificationKind[] = ['paged', 'escalated'];

/** The caller's notifications, newest first, with unread filter, mark read and acknowledge; live. */
export function InboxPage() {
  const { t } = useTranslation('inbox');
  const { format } = useSession();
  const errorText = useErrorText();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [unreadOnly, setUnreadOnly] = useState(false);

  const count = useQuery({ queryKey: inboxKeys.count, queryFn: ({ signal }) => getUnreadCount(signal) });
  const list = useInfiniteQuery({
    queryKey: [...inboxKeys.all, 'list', { unreadOnly }],
    queryFn: ({ pageParam, signal }) => listNotifications({ unread: unreadOnly, cursor: pageParam, limit: 50 }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const refresh = () => void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
  useNotificationEvents({ onNotification: refresh, onResync: refresh });

  const read = useMutation({ mutationFn: markRead, onSuccess: refresh, onError: (e) => toast.show(errorText(e), 'error') });
  const readAll = useMutation({
    mutationFn: markAllRead,
    onSuccess: (r) => {
      toast.show(t('readAllDone', { count: r.updated }), 'success');
      refresh();
    },
    onError: (e) => toast.show(errorText(e), 'error'),
  });
  const ack = useMutation({
    mutationFn: async (n: Notification) => {
      if (!n.incident) return;
      await acknowledgeIncident(n.incident.id);
      if (!n.readAt) await markRead(n.id);
    },
    onSuccess: (_r, n) => {
      toast.show(t('acknowledged', { number: n.incident?.number ?? '' }), 'success');
      refresh();
    },
    onError: (e) => toast.show(errorText(e), 'error'),
  });

  const unread = count.data?.count ?? 0;
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Page
      title={unread > 0 ? t('titleUnread', { count: unread }) : t('title')}
      description={t('description')}
      actions={
        <Button onClick={() => readAll.mutate()} loading={readAll.isPending} disabled={unread === 0}>
          {t('readAll')}
        </Button>
      }
    >
      <div className={styles.filters} role="group" aria-label={t('filter.label')}>
        <Button size="sm" variant={unreadOnly ? 'ghost' : 'primary'} aria-pressed={!unreadOnly} onClick={() => setUnreadOnly(false)}>
          {t('filter.all')}
        </Button>
        <Button size="sm" variant={unreadOnly ? 'primary' : 'ghost'} aria-pressed={unreadOnly} onClick={() => setUnreadOnly(true)}>
          {t('filter.unread', { count: unread })}
        </Button>
      </div>

      {list.isPending ? (
        <PageSpinner />
      ) : list.isError ? (
        <Notice tone="error" title={t('loadFailed')}>
          {errorText(list.error)}
        </Notice>
      ) : items.length === 0 ? (
        <EmptyState title={unreadOnly ? t('emptyUnread') : t('empty')} description={t('emptyHint')} />
      ) : (
        <ul className={styles.list} aria-label={t('listLabel')}>
          {items.map((n) => (
            <li key={n.id} className={`${styles.item} ${n.readAt ? '' : styles.unread}`} aria-label={n.readAt ? undefined : t('unreadItem', { title: n.title })}>
              <div className={styles.head}>
                <Badge tone={kindTone[n.kind]}>{t(`kind.${n.kind}`)}</Badge>
                {n.urgency === 'high' ? <Badge tone="danger">{t('urgent')}</Badge> : null}
                {n.readAt ? null : <span className={styles.dot}>{t('unread')}</span>}
                <time className={styles.time} dateTime={n.createdAt} title={format.dateTime(n.createdAt)}>
                  {format.relative(n.createdAt)}
                </time>
              </div>
              <p className={styles.title}>{n.title}</p>
              {n.body ? <p className={styles.body}>{n.body}</p> : null}
              <div className={styles.actions}>
                {n.incident ? (
                  <Link className={styles.link} to={`/incidents/${encodeURIComponent(n.incident.number)}`} onClick={() => (n.readAt ? undefined : read.mutate(n.id))}>
                    {t('openIncident', { number: n.incident.number, title: n.incident.title })}
                  </Link>
                ) : null}
                {n.incident && ackKinds.includes(n.kind) ? (
                  <Button size="sm" variant="primary" loading={ack.isPending && ack.variables?.id === n.id} onClick={() => ack.mutate(n)}>
                    {t('acknowledge')}
                  </Button>
                ) : null}
                {n.readAt ? null : (
                  <Button size="sm" variant="ghost" loading={read.isPending && read.variables === n.id} onClick={() => read.mutate(n.id)}>
                    {t('markRead')}
                  </Button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.hasNextPage ? (
        <div className={styles.more}>
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('loadMore')}
          </Button>
        </div>
      ) : null}
    </Page>
  );
}
