import type { Incident, Team, UserSummary } from '@vigil/shared';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { useSession } from '../../app/session';
import {
  getIncident,
  getIncidentType,
  getTimeline,
  listActiveUsers,
  listClocks,
  listEscalationPolicies,
  listEscalations,
  listLinks,
  listStakeholderLists,
  listTeams,
} from './incident.api';

/** Query keys: everything of one incident lives under ['incident', id], so one invalidation refreshes it all. */
export const incidentKeys = {
  byRef: (ref: string) => ['incident', 'ref', ref] as const,
  all: (id: string) => ['incident', id] as const,
  timeline: (id: string) => ['incident', id, 'timeline'] as const,
  links: (id: string) => ['incident', id, 'links'] as const,
  clocks: (id: string) => ['incident', id, 'clocks'] as const,
  escalations: (id: string) => ['incident', id, 'escalations'] as const,
};

/** People who work incidents see internal matters, pickers and panels; reporters their own incident; auditors read. */
export function useAbilities() {
  const { role } = useSession();
  const worker = role === 'admin' || role === 'manager' || role === 'agent';
  return {
    worker,
    /** Can read people and policies (pickers, names of user fields). */
    readsDirectory: worker || role === 'auditor',
    manager: role === 'admin' || role === 'manager',
    reporter: role === 'reporter',
    auditor: role === 'auditor',
  };
}

export function useIncident(ref: string) {
  return useQuery({ queryKey: incidentKeys.byRef(ref), queryFn: ({ signal }) => getIncident(ref, signal) });
}

export function useIncidentType(key: string | undefined) {
  return useQuery({ queryKey: ['incident-type', key], queryFn: ({ signal }) => getIncidentType(key!, signal), enabled: Boolean(key), staleTime: 5 * 60_000 });
}

export function useTimeline(id: string) {
  return useQuery({ queryKey: incidentKeys.timeline(id), queryFn: ({ signal }) => getTimeline(id, signal) });
}

export function useLinks(id: string) {
  return useQuery({ queryKey: incidentKeys.links(id), queryFn: ({ signal }) => listLinks(id, signal) });
}

/** The detailed clocks; refetched every minute, so business time left follows calendars without a page reload. */
export function useClocks(id: string, enabled: boolean) {
  return useQuery({ queryKey: incidentKeys.clocks(id), queryFn: ({ signal }) => listClocks(id, signal), enabled, refetchInterval: 60_000 });
}

export function useEscalations(id: string, enabled: boolean) {
  return useQuery({ queryKey: incidentKeys.escalations(id), queryFn: ({ signal }) => listEscalations(id, signal), enabled });
}

export function useEscalationPolicies(enabled: boolean) {
  return useQuery({ queryKey: ['escalation-policies'], queryFn: ({ signal }) => listEscalationPolicies(signal), enabled, staleTime: 5 * 60_000 });
}

export function useStakeholderLists(enabled: boolean) {
  return useQuery({ queryKey: ['stakeholder-lists'], queryFn: ({ signal }) => listStakeholderLists(signal), enabled, staleTime: 5 * 60_000 });
}

export type Directory = {
  users: UserSummary[];
  teams: Team[];
  userName: (id: string) => string | null;
  teamName: (id: string) => string | null;
};

/** Active people and teams, for pickers and for naming ids; people only for roles that may list them. */
export function useDirectory(incident: Incident | undefined): Directory {
  const { readsDirectory } = useAbilities();
  const users = useQuery({ queryKey: ['users', 'active'], queryFn: ({ signal }) => listActiveUsers(signal), enabled: readsDirectory, staleTime: 5 * 60_000 });
  const teams = useQuery({ queryKey: ['teams'], queryFn: ({ signal }) => listTeams(signal), staleTime: 5 * 60_000 });
  return useMemo(() => {
    const userItems = users.data?.items ?? [];
    const teamItems = teams.data?.items ?? [];
    const known = new Map<string, string>(userItems.map((u) => [u.id, u.name]));
    for (const ref of [incident?.assignee, incident?.reporter, ...(incident?.watchers ?? [])]) if (ref) known.set(ref.id, ref.name);
    const teamNames = new Map<string, string>(teamItems.map((t) => [t.id, t.name]));
    if (incident?.team) teamNames.set(incident.team.id, incident.team.name);
    return { users: userItems, teams: teamItems, userName: (id) => known.get(id) ?? null, teamName: (id) => teamNames.get(id) ?? null };
  }, [users.data, teams.data, incident]);
}

/** Puts a fresh incident from a write's answer into the cache (under its number, id and the address used). */
export function useStoreIncident(ref: string) {
  const queryClient = useQueryClient();
  return useCallback(
    (incident: Incident) => {
      queryClient.setQueryData(incidentKeys.byRef(ref), incident);
      void queryClient.invalidateQueries({ queryKey: incidentKeys.all(incident.id) });
    },
    [queryClient, ref],
  );
}

/** Reloads the incident and everything hanging off it. */
export function useRefreshIncident(ref: string, id: string | undefined) {
  const queryClient = useQueryClient();
  return useCallback(async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: incidentKeys.byRef(ref) }),
      id ? queryClient.invalidateQueries({ queryKey: incidentKeys.all(id) }) : Promise.resolve(),
    ]);
  }, [queryClient, ref, id]);
}
