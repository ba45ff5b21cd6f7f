import type { BulkRequest, BulkResponse, BulkResult } from '@vigil/shared';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { getVisibleIncidentRow, transitionIncident, updateIncident } from '../incidents/index.js';

/** Applies one request's action to one incident through the incidents commands. */
async function applyOne(deps: Deps, actor: Actor, ref: string, req: BulkRequest): Promise<IncidentRow> {
  if (req.action === 'assign') {
    const row = await getVisibleIncidentRow(deps.db, actor, ref);
    if (!row) throw notFound('Incident');
    const fields = { ...(req.assigneeId !== undefined ? { assigneeId: req.assigneeId } : {}), ...(req.teamId !== undefined ? { teamId: req.teamId } : {}) };
    return updateIncident(deps, actor, row.id, fields, row.version);
  }
  const { action: _action, ids: _ids, ...transition } = req;
  return transitionIncident(deps, actor, ref, { ...transition, version: undefined });
}

/**
 * Assigns or transitions each incident in turn, each in its own transaction with its own timeline
 * event and audit record; a failure is reported for its id and does not undo the others. An
 * incident the caller may not see is not_found, like one that does not exist.
 */
export async function bulkChangeIncidents(deps: Deps, actor: Actor, req: BulkRequest): Promise<BulkResponse> {
  const results: BulkResult[] = [];
  for (const ref of req.ids) {
    try {
      const row = await applyOne(deps, actor, ref, req);
      results.push({ id: ref, ok: true, incident: { id: row.id, number: row.number, version: row.version, state: row.state } });
    } catch (err) {
      if (err instanceof AppError) {
        results.push({ id: ref, ok: false, error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } });
      } else {
        deps.log.error({ err, incident: ref }, 'bulk change failed');
        results.push({ id: ref, ok: false, error: { code: 'internal', message: 'Internal error' } });
      }
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
