import type { Deadline } from '@vigil/shared';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Badge, Button, EmptyState, Notice, Page, PageSpinner, PriorityBadge, Table, type Column } from '../../ui';
import { listDeadlines, type DeadlineFilter } from './deadlines.api';
import { deadlineStatus, statusTone } from './deadline-state';
import styles from './deadlines.module.css';

type Kind = 'all' | 'legal' | 'sla';
const ranges = { day: 86_400_000, week: 7 * 86_400_000, month: 30 * 86_400_000 } as const;
type Range = keyof typeof ranges;

/** A clock that ticks every second while the page is shown. */
function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(id);
  }, []);
  return now;
}

/** Running SLA and legal clocks on the incidents the user can see, by due time, with live countdowns. */
export function DeadlinesPage() {
  const { t, i18n } = useTranslation('deadlines');
  const { format } = useSession();
  const errorText = useErrorText();
  const [kind, setKind] = useState<Kind>('all');
  const [range, setRange] = useState<Range>('month');
  const [loadedAt] = useState(() => Date.now());
  const now = useNow();
  const filter: DeadlineFilter = { legal: kind === 'all' ? undefined : kind === 'legal' ? 'true' : 'false', to: new Date(Math.floor(loadedAt / 60_000) * 60_000 + ranges[range]).toISOString() };
  const list = useInfiniteQuery({
    queryKey: ['deadlines', kind, range],
    queryFn: ({ pageParam, signal }) => listDeadlines({ ...filter, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: 60_000,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const locale = i18n.language === 'de' ? 'de' : 'en';

  const countdown = (d: Deadline) => {
    const status = deadlineStatus(d, now);
    if (d.state === 'paused') return t('countdown.paused', { time: format.duration(d.remainingMs ?? 0) });
    if (!d.dueAt) return '';
    const left = Date.parse(d.dueAt) - now;
    return left < 0 ? t('countdown.overdue', { time: format.duration(-left) }) : t(status === 'soon' ? 'countdown.soon' : 'countdown.dueIn', { time: format.duration(left) });
  };

  const columns: Column<Deadline>[] = [
    {
      key: 'due',
      header: t('column.due'),
      cell: (d) => {
        const status = deadlineStatus(d, now);
        return (
          <div className={styles.due}>
            <Badge tone={statusTone[status]}>{t(`status.${status}`)}</Badge>
            <span className={`${styles.countdown} ${styles[status]}`}>{countdown(d)}</span>
            {d.dueAt ? (
              <time className={styles.muted} dateTime={d.dueAt}>
                {format.dateTime(d.dueAt)}
              </time>
            ) : null}
          </div>
        );
      },
    },
    {
      key: 'clock',
      header: t('column.clock'),
      cell: (d) => (
        <span className={styles.clock}>
          {t(`kind.${d.kind}`)}
          {d.legal ? <Badge tone="info">{t('legal')}</Badge> : null}
        </span>
      ),
    },
    {
      key: 'incident',
      header: t('column.incident'),
      cell: (d) => (
        <div className={styles.incident}>
          <Link to={`/incidents/${encodeURIComponent(d.incident.number)}`}>
            {d.incident.number}: {d.incident.title}
          </Link>
          <span className={styles.muted}>{d.incident.type.name[locale] ?? d.incident.type.name.en}</span>
        </div>
      ),
    },
    { key: 'priority', header: t('column.priority'), cell: (d) => <PriorityBadge priority={d.incident.priority} /> },
    {
      key: 'who',
      header: t('column.who'),
      cell: (d) => (
        <div className={styles.incident}>
          <span>{d.incident.assignee?.name ?? t('unassigned')}</span>
          {d.incident.team ? <span className={styles.muted}>{d.incident.team.name}</span> : null}
        </div>
      ),
    },
  ];

  return (
    <Page title={t('title')} description={t('description')} width="full">
      <div className={styles.filters}>
        <div role="group" aria-label={t('filter.kind')} className={styles.group}>
          {(['all', 'legal', 'sla'] as const).map((k) => (
            <Button key={k} size="sm" variant={kind === k ? 'primary' : 'ghost'} aria-pressed={kind === k} onClick={() => setKind(k)}>
              {t(`filter.${k}`)}
            </Button>
          ))}
        </div>
        <div role="group" aria-label={t('filter.range')} className={styles.group}>
          {(Object.keys(ranges) as Range[]).map((r) => (
            <Button key={r} size="sm" variant={range === r ? 'primary' : 'ghost'} aria-pressed={range === r} onClick={() => setRange(r)}>
              {t(`filter.${r}`)}
            </Button>
          ))}
        </div>
      </div>
      {list.isPending ? (
        <PageSpinner />
      ) : list.isError ? (
        <Notice tone="error" title={t('loadFailed')}>
          {errorText(list.error)}
        </Notice>
      ) : (
        <Table caption={t('caption')} columns={columns} rows={items} rowKey={(d) => d.id} empty={<EmptyState title={t('empty')} description={t('emptyHint')} />} />
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
