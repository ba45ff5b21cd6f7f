import type { Escalation } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { getVisibleIncidentRow } from '../incidents/index.js';
import { assertMayReadPolicies } from './escalation-policy.policy.js';
import { presentEscalations } from './escalation.presenter.js';
import { selectEscalationsOfIncident } from './escalation.repo.js';

/** The escalations of an incident the caller can see, newest first, with who was paged when (not for reporters). */
export async function listIncidentEscalations(db: DbOrTx, actor: Actor, ref: string): Promise<{ items: Escalation[] }> {
  assertMayReadPolicies(actor);
  const incident = await getVisibleIncidentRow(db, actor, ref);
  if (!incident) throw notFound('Incident');
  const { escalations, pages } = await selectEscalationsOfIncident(db, incident.id);
  return { items: await presentEscalations(db, escalations, pages) };
}
