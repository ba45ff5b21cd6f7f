import type { IncidentType, LocalizedText } from '@vigil/shared';
import { useQuery } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { listIncidentTypes, listTeams, listUsers, listViews } from './queue.api';

const fiveMinutes = 300_000;

/** The incident types (labels, workflows) by key and by id. */
export function useIncidentTypes() {
  const query = useQuery({ queryKey: ['queue', 'incident-types'], queryFn: ({ signal }) => listIncidentTypes(signal), staleTime: fiveMinutes });
  const byKey = useMemo(() => {
    const map = new Map<string, IncidentType>();
    for (const type of query.data?.items ?? []) {
      map.set(type.key, type);
      map.set(type.id, type);
    }
    return map;
  }, [query.data]);
  return { types: query.data?.items ?? [], byKey, isPending: query.isPending };
}

export function useTeams(enabled = true) {
  const query = useQuery({ queryKey: ['queue', 'teams'], queryFn: ({ signal }) => listTeams(signal), staleTime: fiveMinutes, enabled });
  return query.data?.items ?? [];
}

/** Active people for pickers; `q` searches by name or email on the server. */
export function useUsers(q: string, enabled = true) {
  const query = useQuery({ queryKey: ['queue', 'users', q], queryFn: ({ signal }) => listUsers({ q }, signal), staleTime: 60_000, enabled, placeholderData: (prev) => prev });
  return { users: query.data?.items ?? [], total: query.data?.total ?? 0, isFetching: query.isFetching };
}

export const viewsKey = ['queue', 'views'] as const;

export function useViews(enabled = true) {
  return useQuery({ queryKey: viewsKey, queryFn: ({ signal }) => listViews(signal), staleTime: 60_000, enabled });
}

/** A server label (`{ en, de? }`) in the UI language. */
export function useLabel(): (text: LocalizedText) => string {
  const { i18n } = useTranslation();
  const de = i18n.language === 'de';
  return useCallback((text: LocalizedText) => (de ? (text.de ?? text.en) : text.en), [de]);
}
