import type { IncidentSummary, LocalizedText, ViewColumn, ViewSort } from '@vigil/shared';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode, type Ref, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useSession } from '../../app/session';
import { Spinner } from '../../ui';
import { columnDefs, incidentPath, type CellContext } from './columns';
import { nextSort, rangeIds, sortOfColumn } from './queue-query';
import type { RowMark } from './use-incident-rows';
import { useFillHeight, useMediaQuery, useNow } from './use-media';
import styles from './queue.module.css';

export type IncidentListHandle = {
  /** Moves the active row by `delta` (j/k), scrolling it into view and focusing it. */
  move: (delta: number) => void;
  /** Opens the active incident (Enter). */
  openActive: () => void;
  /** Selects or unselects the active row (x). */
  toggleActive: () => void;
  /** New rows were put at the top: keep what the reader looks at in place unless they are at the top. */
  noteInsertedAtTop: (count: number) => void;
};

export type IncidentListProps = {
  ref?: Ref<IncidentListHandle>;
  /** Names the grid for screen readers. */
  label: string;
  rows: readonly IncidentSummary[];
  total: number;
  columns: readonly ViewColumn[];
  sort: ViewSort;
  onSort?: (sort: ViewSort) => void;
  /** With checkboxes for bulk actions. */
  selectable?: boolean;
  selected?: ReadonlySet<string>;
  onSelectedChange?: (next: Set<string>) => void;
  marks?: ReadonlyMap<string, RowMark>;
  gone?: ReadonlySet<string>;
  /** Per-row errors of the last bulk action. */
  errors?: ReadonlyMap<string, string>;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => void;
  /** What stands above the list (its size changes move the list). */
  aboveRef: RefObject<HTMLElement | null>;
};

const rowHeight = { table: 44, card: 120 } as const;
const remOf = (width: string) => Number(/([\d.]+)rem/.exec(width)?.[1] ?? 8);
const loadAheadRows = 25;

/**
 * The incident list as an ARIA grid with virtualised rows (only those on screen are in the DOM, so
 * 10,000 incidents scroll smoothly), sortable headers, roving focus (only the active row's links and
 * checkbox are in the tab order) and, below 640 px, rows laid out as stacked cards.
 */
export function IncidentList(props: IncidentListProps) {
  const { ref, label, rows, total, columns, sort, onSort, selectable = false, selected, onSelectedChange, marks, gone, errors, hasNextPage, isFetchingNextPage, fetchNextPage, aboveRef } = props;
  const { t, i18n } = useTranslation('queue');
  const { format } = useSession();
  const navigate = useNavigate();
  const cards = useMediaQuery('(max-width: 640px)');
  const now = useNow(15_000);
  const scrollRef = useRef<HTMLDivElement>(null);
  const height = useFillHeight(scrollRef, aboveRef, cards ? 420 : 320);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [newAbove, setNewAbove] = useState(0);
  const anchor = useRef<number | null>(null);
  const anchor_ = useRef<{ id: string; offset: number } | null>(null);
  const size = cards ? rowHeight.card : rowHeight.table;

  const count = rows.length + (hasNextPage ? 1 : 0);
  // TanStack Virtual keeps mutable state the React Compiler cannot see through; this component is not memoised by it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => size,
    // Keyed by incident, so measured card heights stay with their rows when rows arrive above.
    getItemKey: (index) => rows[index]?.id ?? 'more',
    overscan: 8,
  });
  useEffect(() => virtualizer.measure(), [size, virtualizer]);

  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= rows.length - loadAheadRows) fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, lastIndex, rows.length, fetchNextPage]);

  useLayoutEffect(() => {
    // Rows arrived above: put the row that was at the top of the view back where it was.
    const el = scrollRef.current;
    const pinned = anchor_.current;
    if (!el || !pinned) return;
    const index = rows.findIndex((r) => r.id === pinned.id);
    if (index < 0) return;
    anchor_.current = null;
    const start = virtualizer.measurementsCache[index]?.start ?? index * size;
    el.scrollTop = start - pinned.offset;
  }, [rows, virtualizer, size]);

  const ids = useMemo(() => rows.map((r) => r.id), [rows]);
  const activeIndex = activeId ? ids.indexOf(activeId) : -1;
  const tabbableIndex = activeIndex >= 0 ? activeIndex : 0;

  const focusRow = useCallback(
    (index: number) => {
      const find = () => scrollRef.current?.querySelector<HTMLElement>(`[role="row"][data-index="${index}"]`);
      virtualizer.scrollToIndex(index, { align: 'auto' });
      // A row on screen takes the focus now, so a key pressed right after (Enter, x) acts on it;
      // one further away is rendered by the scroll first.
      const el = find();
      if (el) {
        el.focus({ preventScroll: true });
        return;
      }
      let tries = 0;
      const attempt = () => {
        const found = find();
        if (found) found.focus({ preventScroll: true });
        else if (tries++ < 10) requestAnimationFrame(attempt);
      };
      requestAnimationFrame(attempt);
    },
    [virtualizer],
  );

  const toggle = useCallback(
    (index: number, range: boolean) => {
      if (!selectable || !selected || !onSelectedChange) return;
      const id = ids[index];
      if (!id) return;
      const next = new Set(selected);
      const on = !selected.has(id);
      const span = range && anchor.current !== null ? rangeIds(ids, anchor.current, index) : [id];
      for (const s of span) {
        if (on) next.add(s);
        else next.delete(s);
      }
      anchor.current = index;
      onSelectedChange(next);
    },
    [ids, selectable, selected, onSelectedChange],
  );

  useImperativeHandle(
    ref,
    () => ({
      move: (delta) => {
        if (ids.length === 0) return;
        const from = activeIndex < 0 ? (delta > 0 ? -1 : 0) : activeIndex;
        const index = Math.min(ids.length - 1, Math.max(0, from + delta));
        setActiveId(ids[index]!);
        focusRow(index);
      },
      openActive: () => {
        const row = rows[activeIndex];
        if (row) void navigate(incidentPath(row));
      },
      toggleActive: () => {
        if (activeIndex >= 0) toggle(activeIndex, false);
      },
      noteInsertedAtTop: (n) => {
        const el = scrollRef.current;
        if (!el || el.scrollTop <= 4) return;
        const item = virtualizer.getVirtualItemForOffset(el.scrollTop);
        const row = item ? rows[item.index] : undefined;
        if (row && !anchor_.current) anchor_.current = { id: row.id, offset: item!.start - el.scrollTop };
        setNewAbove((c) => c + n);
      },
    }),
    [ids, rows, activeIndex, focusRow, navigate, toggle, virtualizer],
  );

  const label_ = useCallback((text: LocalizedText) => (i18n.language === 'de' ? (text.de ?? text.en) : text.en), [i18n.language]);
  const template = [selectable ? '2.75rem' : null, ...columns.map((c) => columnDefs[c].width)].filter(Boolean).join(' ');
  // Rows are as wide as their columns need at least, so a narrow window scrolls sideways instead of squeezing them.
  const minWidth = cards ? undefined : `${(selectable ? 2.75 : 0) + columns.reduce((sum, c) => sum + remOf(columnDefs[c].width), 0)}rem`;
  const noteHost = columns.includes('title') ? 'title' : columns[0];
  const allSelected = selectable && rows.length > 0 && rows.every((r) => selected?.has(r.id));
  const someSelected = selectable && !allSelected && rows.some((r) => selected?.has(r.id));
  const headerCheckbox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (headerCheckbox.current) headerCheckbox.current.indeterminate = someSelected;
  }, [someSelected]);

  const onGridKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const onRow = target.getAttribute('role') === 'row';
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (target.tagName === 'SELECT') return;
      e.preventDefault();
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      const from = activeIndex < 0 ? (delta > 0 ? -1 : 0) : activeIndex;
      const index = Math.min(ids.length - 1, Math.max(0, from + delta));
      if (ids[index]) {
        setActiveId(ids[index]);
        focusRow(index);
      }
    } else if (onRow && e.key === ' ' && selectable) {
      e.preventDefault();
      toggle(Number(target.dataset.index), e.shiftKey);
    }
  };

  const onScroll = () => {
    if (newAbove > 0 && (scrollRef.current?.scrollTop ?? 0) < size) setNewAbove(0);
  };

  return (
    <div className={`${styles.listFrame} ${cards ? styles.cards : ''}`}>
      {newAbove > 0 ? (
        <button
          type="button"
          className={styles.newAbove}
          onClick={() => {
            setNewAbove(0);
            virtualizer.scrollToOffset(0);
          }}
        >
          <span aria-hidden="true">↑ </span>
          {t('live.newAbove', { count: newAbove })}
        </button>
      ) : null}
      <div
        ref={scrollRef}
        className={styles.scroller}
        style={{ maxHeight: height }}
        role="grid"
        aria-label={label}
        aria-rowcount={total + 1}
        aria-colcount={columns.length + (selectable ? 1 : 0)}
        aria-multiselectable={selectable || undefined}
        onKeyDown={onGridKey}
        onScroll={onScroll}
      >
        <div role="rowgroup" className={styles.headGroup}>
          <div role="row" aria-rowindex={1} className={styles.headRow} style={{ gridTemplateColumns: template, minWidth }}>
            {selectable ? (
              <div role="columnheader" className={styles.selectCell}>
                <input
                  ref={headerCheckbox}
                  type="checkbox"
                  checked={allSelected}
                  aria-label={t('selectAll')}
                  onChange={() => onSelectedChange?.(allSelected ? new Set() : new Set(rows.filter((r) => !gone?.has(r.id)).map((r) => r.id)))}
                />
              </div>
            ) : null}
            {columns.map((c) => {
              const sortKey = sortOfColumn[c];
              const sorted = sortKey && sort.key === sortKey;
              return (
                <div
                  key={c}
                  role="columnheader"
                  data-col={c}
                  className={styles.headCell}
                  aria-sort={sorted ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {sortKey && onSort ? (
                    <button type="button" className={styles.sortButton} onClick={() => onSort(nextSort(sort, sortKey))}>
                      {t(`columns.${c}`)}
                      <span className={styles.sortIcon} aria-hidden="true">
                        {sorted ? (sort.order === 'asc' ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  ) : (
                    t(`columns.${c}`)
                  )}
                </div>
              );
            })}
          </div>
        </div>
        <div role="rowgroup" className={styles.body} style={{ height: virtualizer.getTotalSize(), minWidth }}>
          {items.map((item) => {
            const row = rows[item.index];
            // Cards are as tall as their content (measured); table rows have one height.
            const style = { transform: `translateY(${item.start}px)`, height: cards ? undefined : size, gridTemplateColumns: cards ? undefined : template };
            if (!row) {
              return (
                <div key="more" role="row" aria-rowindex={item.index + 2} className={styles.moreRow} style={style}>
                  <div role="gridcell" aria-colspan={columns.length + (selectable ? 1 : 0)}>
                    <Spinner size="sm" label={null} /> {t('loadingMore')}
                  </div>
                </div>
              );
            }
            const active = item.index === tabbableIndex;
            const isSelected = selected?.has(row.id) ?? false;
            const mark = marks?.get(row.id);
            const isGone = gone?.has(row.id) ?? false;
            const error = errors?.get(row.id);
            const ctx: CellContext = { t, format, label: label_, now, tabIndex: active ? 0 : -1, showsDue: columns.includes('dueAt'), showsTitle: columns.includes('title') };
            const notes: ReactNode[] = [];
            if (mark === 'new') notes.push(<span key="new" className={`${styles.note} ${styles.noteNew}`}>{t('live.new')}</span>);
            if (isGone) notes.push(<span key="gone" className={`${styles.note} ${styles.noteGone}`}>{t('live.gone')}</span>);
            if (error) notes.push(<span key="error" className={`${styles.note} ${styles.noteError}`} title={error}>{t('bulk.rowFailed', { message: error })}</span>);
            return (
              <div
                key={row.id}
                ref={cards ? virtualizer.measureElement : undefined}
                role="row"
                data-id={row.id}
                data-index={item.index}
                data-number={row.number}
                aria-rowindex={item.index + 2}
                aria-selected={selectable ? isSelected : undefined}
                tabIndex={active ? 0 : -1}
                className={[styles.row, active && activeIndex >= 0 ? styles.active : '', isSelected ? styles.selected : '', mark ? styles[`mark_${mark}`] : '', isGone ? styles.gone : '', error ? styles.failed : ''].join(' ')}
                style={style}
                onFocus={() => setActiveId(row.id)}
                onClick={(e: MouseEvent<HTMLDivElement>) => {
                  if ((e.target as HTMLElement).closest('a, button, input')) return;
                  setActiveId(row.id);
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' && e.target === e.currentTarget) {
                    e.preventDefault();
                    void navigate(incidentPath(row));
                  }
                }}
              >
                {selectable ? (
                  <div role="gridcell" className={styles.selectCell}>
                    <input
                      type="checkbox"
                      checked={isSelected}
                      tabIndex={ctx.tabIndex}
                      aria-label={t('select', { number: row.number })}
                      onChange={() => {}}
                      onClick={(e) => toggle(item.index, e.shiftKey)}
                    />
                  </div>
                ) : null}
                {columns.map((c) => {
                  const def = columnDefs[c];
                  return (
                    <div key={c} role="gridcell" data-col={c} data-slot={def.slot} className={styles.cell}>
                      {def.cell(row, ctx)}
                      {c === noteHost && notes.length > 0 ? <span className={styles.notes}>{notes}</span> : null}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
