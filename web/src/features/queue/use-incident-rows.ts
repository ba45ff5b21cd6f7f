import type { IncidentList, IncidentSummary, ViewFilters, ViewSort } from '@vigil/shared';
import { keepPreviousData, useInfiniteQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { isApiError } from '../../lib/api';
import { getIncident, listIncidents } from './queue.api';
import { excludedByFilters, listParams, matchParams, queueSearch, toSummary } from './queue-query';

export const pageSize = 100;
/** Changes of more incidents than this at once reload the list instead of fetching each. */
const maxPatchedPerBatch = 30;
const batchDelayMs = 250;
const highlightMs = 10_000;

export type RowMark = 'new' | 'changed';

type Latest = { key: readonly unknown[]; filters: ViewFilters; userId: string; onInsertedAtTop: (count: number) => void };
type Checked = { id: string; summary: IncidentSummary | null; matches: boolean };

/**
 * The rows of the list: pages by cursor (react-query's infinite query), kept current by live events.
 * A changed incident is fetched and asked about against the list's own filters on the server (so full
 * text and visibility count exactly as in the list); a row that stops matching stays in place marked
 * "no longer matches" until the list is reloaded, a new matching incident is put at the top.
 */
export function useIncidentRows(filters: ViewFilters, sort: ViewSort, opts: { userId: string; enabled?: boolean; onInsertedAtTop?: (count: number) => void }) {
  const queryClient = useQueryClient();
  const keyText = queueSearch({ viewId: null, filters, sort });
  const key = useMemo(() => ['incidents', 'queue', keyText] as const, [keyText]);
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam, signal }) => listIncidents(listParams(filters, sort, { cursor: pageParam, limit: pageSize }), signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled: opts.enabled ?? true,
    staleTime: 30_000,
    // While the next filters load, the previous list stays on screen instead of a spinner.
    placeholderData: keepPreviousData,
    // Live events keep the list current; a refetch on focus would move rows under the reader's eyes.
    refetchOnWindowFocus: false,
  });

  const [marks, setMarks] = useState<{ key: string; byId: ReadonlyMap<string, RowMark>; gone: ReadonlySet<string> }>({ key: keyText, byId: new Map(), gone: new Set() });
  const current = marks.key === keyText ? marks : { key: keyText, byId: new Map<string, RowMark>(), gone: new Set<string>() };

  const latest = useRef<Latest>({ key, filters, userId: opts.userId, onInsertedAtTop: () => {} });
  const goneRef = useRef<{ key: string; ids: Set<string> }>({ key: keyText, ids: new Set() });
  useLayoutEffect(() => {
    latest.current = { key, filters, userId: opts.userId, onInsertedAtTop: opts.onInsertedAtTop ?? (() => {}) };
    if (goneRef.current.key !== keyText) goneRef.current = { key: keyText, ids: new Set() };
  });

  const pending = useRef(new Set<string>());
  /** Batches run one after another, so two never both see an incident as new. */
  const running = useRef<Promise<void>>(Promise.resolve());
  const timer = useRef<number | undefined>(undefined);
  const timers = useRef(new Set<number>());
  useEffect(() => {
    const all = timers.current;
    return () => {
      window.clearTimeout(timer.current);
      for (const t of all) window.clearTimeout(t);
    };
  }, []);

  const mark = useCallback((forKey: string, ids: Map<string, RowMark>, gone: ReadonlySet<string>) => {
    setMarks((old) => {
      const base = old.key === forKey ? old.byId : new Map<string, RowMark>();
      const byId = new Map(base);
      for (const [id, m] of ids) if (!(byId.get(id) === 'new' && m === 'changed')) byId.set(id, m);
      return { key: forKey, byId, gone: new Set(gone) };
    });
    if (ids.size === 0) return;
    const t = window.setTimeout(() => {
      timers.current.delete(t);
      setMarks((old) => {
        if (old.key !== forKey) return old;
        const byId = new Map(old.byId);
        for (const id of ids.keys()) byId.delete(id);
        return { ...old, byId };
      });
    }, highlightMs);
    timers.current.add(t);
  }, []);

  const reload = useCallback(() => {
    const { key: k } = latest.current;
    goneRef.current = { key: String(k[2]), ids: new Set() };
    setMarks({ key: String(k[2]), byId: new Map(), gone: new Set() });
    void queryClient.invalidateQueries({ queryKey: k });
  }, [queryClient]);

  const processBatch = useCallback(async () => {
    const ids = [...pending.current];
    pending.current.clear();
    const { key: k, filters: f, userId } = latest.current;
    const forKey = String(k[2]);
    if (ids.length === 0) return;
    if (ids.length > maxPatchedPerBatch) {
      reload();
      return;
    }
    const checked = await Promise.all(ids.map((id) => checkIncident(id, f, userId)));
    if (latest.current.key !== k) return; // the filters changed meanwhile: the new list is fetched fresh
    const results = checked.filter((c): c is Checked => c !== null);
    const data = queryClient.getQueryData<InfiniteData<IncidentList, string | undefined>>(k);
    if (!data || data.pages.length === 0) return;
    const loaded = new Set(data.pages.flatMap((p) => p.items.map((i) => i.id)));
    const gone = goneRef.current.key === forKey ? goneRef.current.ids : new Set<string>();
    const newMarks = new Map<string, RowMark>();
    const fresh: IncidentSummary[] = [];
    const patched = new Map<string, IncidentSummary>();
    let totalDelta = 0;
    for (const r of results) {
      if (loaded.has(r.id)) {
        if (r.summary) patched.set(r.id, r.summary);
        if (r.matches && gone.delete(r.id)) totalDelta += 1;
        if (!r.matches && !gone.has(r.id)) {
          gone.add(r.id);
          totalDelta -= 1;
        }
        newMarks.set(r.id, 'changed');
      } else if (r.matches && r.summary) {
        fresh.push(r.summary);
        newMarks.set(r.id, 'new');
        totalDelta += 1;
      }
    }
    goneRef.current = { key: forKey, ids: gone };
    if (fresh.length > 0) latest.current.onInsertedAtTop(fresh.length);
    queryClient.setQueryData<InfiniteData<IncidentList, string | undefined>>(k, (old) => {
      if (!old || old.pages.length === 0) return old;
      const pages = old.pages.map((p, i) => ({
        ...p,
        items: [...(i === 0 ? fresh : []), ...p.items.map((item) => patched.get(item.id) ?? item)],
        total: i === 0 ? Math.max(0, p.total + totalDelta) : p.total,
      }));
      return { ...old, pages };
    });
    mark(forKey, newMarks, gone);
  }, [queryClient, mark, reload]);

  /** Looks at these incidents again soon (several changes in a short time are fetched once). */
  const refresh = useCallback(
    (ids: readonly string[]) => {
      for (const id of ids) pending.current.add(id);
      if (timer.current === undefined) {
        timer.current = window.setTimeout(() => {
          timer.current = undefined;
          running.current = running.current.then(processBatch).catch(() => {});
        }, batchDelayMs);
      }
    },
    [processBatch],
  );

  const rows = useMemo(() => {
    const seen = new Set<string>();
    const out: IncidentSummary[] = [];
    for (const page of query.data?.pages ?? []) {
      for (const item of page.items) {
        if (seen.has(item.id)) continue;
        seen.add(item.id);
        out.push(item);
      }
    }
    return out;
  }, [query.data]);

  return {
    query,
    rows,
    total: query.data?.pages[0]?.total ?? 0,
    marks: current.byId,
    gone: current.gone,
    refresh,
    reload,
  };
}

/** Fetches one incident and asks the list, with the same filters, whether it belongs; null when that failed for another reason than access. */
async function checkIncident(id: string, filters: ViewFilters, userId: string): Promise<Checked | null> {
  try {
    const incident = await getIncident(id);
    const summary = toSummary(incident);
    const params = excludedByFilters(summary, filters, userId) ? null : matchParams(filters, incident.updatedAt);
    if (!params) return { id: incident.id, summary, matches: false };
    const page = await listIncidents(params);
    const found = page.items.find((i) => i.id === incident.id);
    return { id: incident.id, summary: found ?? summary, matches: Boolean(found) };
  } catch (err) {
    if (isApiError(err, 'not_found', 'forbidden')) return { id, summary: null, matches: false };
    return null;
  }
}
