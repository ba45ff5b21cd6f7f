import { defaultViewColumns, type SavedView, type ViewColumn, type ViewFilters, type ViewSort } from '@vigil/shared';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../app/session';
import { useErrorText } from '../../lib/error-text';
import { Button, EmptyState, Notice, Page, PageSpinner, useToast } from '../../ui';
import { BulkBar } from './bulk-bar';
import { ColumnPicker } from './column-picker';
import { FilterChips } from './filter-chips';
import { FiltersPanel } from './filters-panel';
import { IncidentList, type IncidentListHandle } from './incident-list';
import { KeyboardHelp, useQueueKeys } from './keyboard';
import { updateView } from './queue.api';
import { useViews, viewsKey } from './queue-data';
import { defaultSort, parseQueueSearch, queueSearch, sameFilters, sameSort } from './queue-query';
import { KeysButton, LiveIndicator, SearchBox, searchFieldId, SortSelect, TotalCount } from './queue-toolbar';
import { useIncidentRows } from './use-incident-rows';
import { useLiveEvents } from './use-live-events';
import { ViewsBar } from './views-bar';
import styles from './queue.module.css';

const filtersPanelId = 'queue-filters';

/**
 * The queue: saved views as tabs, filters and search in the address bar, a virtualised list kept
 * current by live events, keyboard navigation and bulk assign / transition. Auditors read only.
 */
export function QueuePage() {
  const { t } = useTranslation('queue');
  const { role, user } = useSession();
  const [params, setParams] = useSearchParams();
  const parsed = useMemo(() => parseQueueSearch(params), [params]);
  const empty = params.toString() === '';
  const views = useViews();
  const viewItems = useMemo(() => views.data?.items ?? [], [views.data]);
  const activeView = parsed.viewId ? (viewItems.find((v) => v.id === parsed.viewId) ?? null) : null;

  // The address decides what is shown; fill it in when it names no list yet (first visit, a view link without its filters).
  useEffect(() => {
    if (!views.data && !views.isError) return;
    const items = views.data?.items ?? [];
    const of = (v: SavedView | undefined | null) => (v ? { viewId: v.id, filters: v.filters, sort: v.sort } : null);
    if (empty) {
      setParams(queueSearch(of(items[0]) ?? { viewId: null, filters: {}, sort: defaultSort }), { replace: true });
    } else if (parsed.viewId && views.data && !items.some((v) => v.id === parsed.viewId)) {
      setParams(queueSearch({ viewId: null, filters: parsed.filters, sort: parsed.sort ?? defaultSort }), { replace: true });
    } else if (!parsed.sort) {
      setParams(queueSearch(of(items.find((v) => v.id === parsed.viewId)) ?? { viewId: null, filters: parsed.filters, sort: defaultSort }), { replace: true });
    }
  }, [views.data, views.isError, empty, parsed, setParams]);

  const ready = !empty && parsed.sort !== null;
  const filters = parsed.filters;
  const sort = parsed.sort ?? defaultSort;
  const [localColumns, setLocalColumns] = useState<ViewColumn[]>(defaultViewColumns);
  const columns = activeView?.columns ?? localColumns;
  const modified = activeView ? !sameFilters(activeView.filters, filters) || !sameSort(activeView.sort, sort) : false;

  const go = useCallback(
    (next: { viewId?: string | null; filters?: ViewFilters; sort?: ViewSort }, replace = false) =>
      // flushSync: a checkbox or select shows its new state at once rather than after the navigation's transition.
      setParams(queueSearch({ viewId: next.viewId !== undefined ? next.viewId : parsed.viewId, filters: next.filters ?? filters, sort: next.sort ?? sort }), { replace, flushSync: true }),
    [setParams, parsed.viewId, filters, sort],
  );
  const onFilters = useCallback((next: ViewFilters, replace = false) => go({ filters: next }, replace), [go]);

  const listRef = useRef<IncidentListHandle>(null);
  const aboveRef = useRef<HTMLDivElement>(null);
  const [announce, setAnnounce] = useState('');
  const rowsState = useIncidentRows(filters, sort, {
    userId: user.id,
    enabled: ready,
    onInsertedAtTop: (n) => {
      listRef.current?.noteInsertedAtTop(n);
      setAnnounce(t('live.arrived', { count: n }));
    },
  });
  const { query, rows, total, marks, gone, refresh, reload } = rowsState;
  const live = useLiveEvents({ onIncident: (e) => refresh([e.id]), onResync: reload });

  const listKey = queueSearch({ viewId: null, filters, sort });
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({ key: listKey, ids: new Set() });
  const selected = useMemo(() => (selection.key === listKey ? selection.ids : new Set<string>()), [selection, listKey]);
  const [bulkErrors, setBulkErrors] = useState<{ key: string; byId: Map<string, string> }>({ key: listKey, byId: new Map() });
  const errors = bulkErrors.key === listKey ? bulkErrors.byId : undefined;
  const selectable = role === 'agent' || role === 'manager' || role === 'admin';
  const selectedRows = useMemo(() => rows.filter((r) => selected.has(r.id)), [rows, selected]);

  const [filtersOpen, setFiltersOpen] = useState(false);
  const [help, setHelp] = useState(false);
  const [columnsOpen, setColumnsOpen] = useState(false);

  useQueueKeys({
    move: (d) => listRef.current?.move(d),
    open: () => listRef.current?.openActive(),
    ...(selectable ? { toggle: () => listRef.current?.toggleActive() } : {}),
    search: () => document.getElementById(searchFieldId)?.focus(),
    help: () => setHelp(true),
  });

  const queryClient = useQueryClient();
  const toast = useToast();
  const errorText = useErrorText();
  const saveColumns = useMutation({
    mutationFn: async (next: ViewColumn[]) => {
      if (!activeView) {
        setLocalColumns(next);
        return null;
      }
      return updateView(activeView.id, { columns: next });
    },
    onSuccess: (saved) => {
      if (saved) queryClient.setQueryData<{ items: SavedView[] }>(viewsKey, (old) => (old ? { items: old.items.map((v) => (v.id === saved.id ? saved : v)) } : old));
      setColumnsOpen(false);
    },
    onError: (err) => toast.error(errorText(err)),
  });

  const filterCount = Object.keys(filters).filter((k) => k !== 'q').length;

  return (
    <Page title={t('title')} width="full">
      <div ref={aboveRef} className={styles.above}>
        <ViewsBar
          views={viewItems}
          active={activeView}
          current={{ filters, sort, columns }}
          modified={modified}
          onOpenView={(v) => setParams(queueSearch(v ? { viewId: v.id, filters: v.filters, sort: v.sort } : { viewId: null, filters: {}, sort: defaultSort }))}
          onOpenColumns={() => setColumnsOpen(true)}
        />
        {views.isError ? <Notice tone="warning">{t('views.loadFailed')}</Notice> : null}
        <div className={styles.toolbar}>
          <SearchBox filters={filters} onChange={onFilters} />
          <Button size="sm" aria-expanded={filtersOpen} aria-controls={filtersPanelId} onClick={() => setFiltersOpen((o) => !o)}>
            {filterCount > 0 ? t('filters.buttonCount', { count: filterCount }) : t('filters.button')}
          </Button>
          <SortSelect sort={sort} onChange={(s) => go({ sort: s })} />
          <div className={styles.toolbarEnd}>
            <LiveIndicator status={live} />
            <TotalCount total={total} loading={!ready || query.isPending} />
            <KeysButton onClick={() => setHelp(true)} />
          </div>
        </div>
        {filtersOpen ? <FiltersPanel id={filtersPanelId} filters={filters} onChange={(f) => onFilters(f)} /> : <div id={filtersPanelId} hidden />}
        <FilterChips filters={filters} onChange={(f) => onFilters(f)} />
        {selectable ? (
          <BulkBar
            selectedRows={selectedRows}
            onClear={() => setSelection({ key: listKey, ids: new Set() })}
            onResult={(errs, changed) => {
              setBulkErrors({ key: listKey, byId: errs });
              setSelection({ key: listKey, ids: new Set([...selected].filter((id) => errs.has(id))) });
              refresh(changed);
            }}
          />
        ) : null}
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
      ) : !ready || query.isPending ? (
        <PageSpinner />
      ) : rows.length === 0 ? (
        <EmptyState
          title={t('empty.title')}
          description={Object.keys(filters).length > 0 ? t('empty.filtered') : t('empty.none')}
          action={Object.keys(filters).length > 0 ? <Button onClick={() => onFilters({})}>{t('filters.clear')}</Button> : undefined}
        />
      ) : (
        <IncidentList
          key={listKey}
          ref={listRef}
          label={activeView ? t('gridLabelView', { name: activeView.name }) : t('gridLabel')}
          rows={rows}
          total={total}
          columns={columns}
          sort={sort}
          onSort={(s) => go({ sort: s })}
          selectable={selectable}
          selected={selected}
          onSelectedChange={(ids) => setSelection({ key: listKey, ids })}
          marks={marks}
          gone={gone}
          errors={errors}
          hasNextPage={query.hasNextPage}
          isFetchingNextPage={query.isFetchingNextPage}
          fetchNextPage={() => void query.fetchNextPage()}
          aboveRef={aboveRef}
        />
      )}
      <KeyboardHelp open={help} onClose={() => setHelp(false)} selectable={selectable} />
      {columnsOpen ? <ColumnPicker columns={columns} viewName={activeView?.name ?? null} saving={saveColumns.isPending} onClose={() => setColumnsOpen(false)} onSave={(c) => saveColumns.mutate(c)} /> : null}
    </Page>
  );
}
