import type { AuditRecord, UserSummary } from '@vigil/shared';
import { api } from '../../lib/api';

export type AuditFilter = { entityType?: string; entityId?: string; actorId?: string; action?: string; from?: string; to?: string };

export type AuditPage = { items: AuditRecord[]; nextBefore: number | null };

export type AuditVerification = { ok: boolean; checked: number; headSeq: number; firstBroken: { seq: number; reason: string } | null };

/** GET /audit: newest first, `before` a record number to continue below. */
export const listAudit = (filter: AuditFilter, before: number | undefined, signal?: AbortSignal) =>
  api.get<AuditPage>('/audit', { query: { ...filter, before, limit: 50 }, signal });

/** GET /audit/verify: recomputes the whole hash chain. */
export const verifyAudit = () => api.get<AuditVerification>('/audit/verify');

/** GET /users: people to name actors and filter by them (auditors may list users). */
export const listPeople = (signal?: AbortSignal) => api.get<{ items: UserSummary[]; total: number }>('/users', { query: { limit: 200 }, signal });
