import type { ViewColumn, ViewFilters, ViewSort } from '@vigil/shared';
import { useCallback, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Button, EmptyState, Notice, Page, PageSpinner } from '../../ui';
import { FilterChips } from './filter-chips';
import { FiltersPanel } from './filters-panel';
import { IncidentList, type IncidentListHandle } from './incident-list';
import { KeyboardHelp, useQueueKeys } from './keyboard';
import { parseQueueSearch, queueSearch, sameFilters } from './queue-query';
import { KeysButton, LiveIndicator, SearchBox, searchFieldId, SortSelect, TotalCount } from './queue-toolbar';
import { useIncidentRows } from './use-incident-rows';
import { useLiveEvents } from './use-live-events';
import styles from './queue.module.css';

const columns: ViewColumn[] = ['number', 'title', 'type', 'state', 'updatedAt'];
const openFilters: ViewFilters = { stateCategory: ['new', 'active', 'waiting'] };
const defaultMySort: ViewSort = { key: 'updated', order: 'desc' };
const filtersPanelId = 'my-reports-filters';

/** A reporter's own incidents: the queue's list with fewer columns, open or all, search and status, kept current live. */
export function MyReportsPage() {
  const { t } = useTranslation('queue');
  const errorText = useErrorText();
  const { user } = useSession();
  const [params, setParams] = useSearchParams();
  const parsed = useMemo(() => parseQueueSearch(params), [params]);
  const empty = params.toString() === '';
  const filters = empty ? openFilters : parsed.filters;
  const sort = empty ? defaultMySort : (parsed.sort ?? defaultMySort);
  // The list is always the caller's own reports; the address carries only what they chose.
  const shownFilters = useMemo(() => {
    const { reporterId: _own, ...rest } = filters;
    return rest;
  }, [filters]);
  const apiFilters = useMemo(() => ({ ...shownFilters, reporterId: 'me' }), [shownFilters]);

  const go = useCallback((next: { filters?: ViewFilters; sort?: ViewSort }, replace = false) => setParams(queueSearch({ viewId: null, filters: next.filters ?? shownFilters, sort: next.sort ?? sort }), { replace, flushSync: true }), [setParams, shownFilters, sort]);
  const onFilters = useCallback((f: ViewFilters, replace = false) => go({ filters: f }, replace), [go]);

  const listRef = useRef<IncidentListHandle>(null);
  const aboveRef = useRef<HTMLDivElement>(null);
  const [announce, setAnnounce] = useState('');
  const { query, rows, total, marks, gone, refresh, reload } = useIncidentRows(apiFilters, sort, {
    userId: user.id,
    onInsertedAtTop: (n) => {
      listRef.current?.noteInsertedAtTop(n);
      setAnnounce(t('live.arrived', { count: n }));
    },
  });
  const live = useLiveEvents({ onIncident: (e) => refresh([e.id]), onResync: reload });
  const [filtersOpen, setFiltersOpen] = useState(false);
  const [help, setHelp] = useState(false);
  useQueueKeys({
    move: (d) => listRef.current?.move(d),
    open: () => listRef.current?.openActive(),
    search: () => document.getElementById(searchFieldId)?.focus(),
    help: () => setHelp(true),
  });

  const showingOpen = sameFilters(shownFilters, openFilters);
  const showingAll = Object.keys(shownFilters).length === 0;
  const listKey = queueSearch({ viewId: null, filters: apiFilters, sort });

  return (
    <Page title={t('myReports.title')} width="full" description={t('myReports.description')}>
      <div ref={aboveRef} className={styles.above}>
        <nav aria-label={t('myReports.which')} className={styles.tabsNav}>
          <ul className={styles.tabs}>
            <li>
              <Link to={`?${queueSearch({ viewId: null, filters: openFilters, sort })}`} className={`${styles.tab} ${showingOpen ? styles.tabActive : ''}`} aria-current={showingOpen ? 'page' : undefined}>
                {t('myReports.open')}
              </Link>
            </li>
            <li>
              <Link to={`?${queueSearch({ viewId: null, filters: {}, sort })}`} className={`${styles.tab} ${showingAll ? styles.tabActive : ''}`} aria-current={showingAll ? 'page' : undefined}>
                {t('myReports.all')}
              </Link>
            </li>
          </ul>
        </nav>
        <div className={styles.toolbar}>
          <SearchBox filters={shownFilters} onChange={onFilters} />
          <Button size="sm" aria-expanded={filtersOpen} aria-controls={filtersPanelId} onClick={() => setFiltersOpen((o) => !o)}>
            {t('filters.button')}
          </Button>
          <SortSelect sort={sort} onChange={(s) => go({ sort: s })} />
          <div className={styles.toolbarEnd}>
            <LiveIndicator status={live} />
            <TotalCount total={total} loading={query.isPending} />
            <KeysButton onClick={() => setHelp(true)} />
          </div>
        </div>
        {filtersOpen ? <FiltersPanel id={filtersPanelId} filters={shownFilters} onChange={(f) => onFilters(f)} simple /> : <div id={filtersPanelId} hidden />}
        <FilterChips filters={shownFilters} onChange={(f) => onFilters(f)} lookups={false} />
        <div role="status" className="visually-hidden">
          {announce}
        </div>
      </div>
      {query.isError ? (
        <Notice tone="error" title={t('loadFailed')}>
          <p>{errorText(query.error)}</p>
          <Button size="sm" onClick={() => void query.refetch()}>
            {t('common:action.reload')}
          </Button>
        </Notice>
      ) : query.isPending ? (
        <PageSpinner />
      ) : rows.length === 0 ? (
        <EmptyState
          title={t('myReports.emptyTitle')}
          description={t('myReports.emptyText')}
          action={
            <Link to="/report" className={styles.linkButton}>
              {t('myReports.report')}
            </Link>
          }
        />
      ) : (
        <IncidentList
          key={listKey}
          ref={listRef}
          label={t('myReports.gridLabel')}
          rows={rows}
          total={total}
          columns={columns}
          sort={sort}
          onSort={(s) => go({ sort: s })}
          marks={marks}
          gone={gone}
          hasNextPage={query.hasNextPage}
          isFetchingNextPage={query.isFetchingNextPage}
          fetchNextPage={() => void query.fetchNextPage()}
          aboveRef={aboveRef}
        />
      )}
      <KeyboardHelp open={help} onClose={() => setHelp(false)} selectable={false} />
    </Page>
  );
}
