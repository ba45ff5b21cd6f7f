import type { Deadline } from '@vigil/shared';
import { api } from '../../lib/api';

export type DeadlineFilter = { legal?: 'true' | 'false' | undefined; to?: string | undefined; cursor?: string | undefined };

/** GET /deadlines: clocks still owed on incidents the caller can see, by due time (overdue first). */
export const listDeadlines = (query: DeadlineFilter, signal?: AbortSignal) => api.get<{ items: Deadline[]; nextCursor: string | null; asOf: string }>('/deadlines', { query: { ...query, limit: 100 }, signal });
