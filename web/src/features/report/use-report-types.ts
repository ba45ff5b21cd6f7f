import type { IncidentType } from '@vigil/shared';
import { useQuery } from '@tanstack/react-query';
import { listReportTypes } from './report.api';

/**
 * The incident types to report, also without a connection: the last list fetched is kept on the device
 * (type definitions, no incident data), so an installed app opened offline still shows the form.
 */
const cacheKey = (userId: string) => `vigil.report.types.${userId}`;

function readCache(userId: string): IncidentType[] | undefined {
  try {
    const text = localStorage.getItem(cacheKey(userId));
    return text ? (JSON.parse(text) as IncidentType[]) : undefined;
  } catch {
    return undefined;
  }
}

export function useReportTypes(userId: string) {
  return useQuery({
    queryKey: ['report', 'types', userId],
    queryFn: async ({ signal }) => {
      const { items } = await listReportTypes(signal);
      try {
        localStorage.setItem(cacheKey(userId), JSON.stringify(items));
      } catch {
        // A full storage only costs the offline copy.
      }
      return items;
    },
    initialData: () => readCache(userId),
    initialDataUpdatedAt: 0,
  });
}
