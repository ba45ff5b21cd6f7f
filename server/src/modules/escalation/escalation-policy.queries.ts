import type { EscalationPolicy } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import type { Actor } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { assertMayReadPolicies } from './escalation-policy.policy.js';
import { presentPolicies } from './escalation-policy.presenter.js';
import { selectPolicies, selectPolicy } from './escalation-policy.repo.js';

/** Escalation policies by name, optionally of one team. */
export async function listEscalationPolicies(db: DbOrTx, actor: Actor, filter: { teamId?: string | undefined }): Promise<{ items: EscalationPolicy[] }> {
  assertMayReadPolicies(actor);
  return { items: await presentPolicies(db, await selectPolicies(db, filter)) };
}

/** One escalation policy. */
export async function getEscalationPolicy(db: DbOrTx, actor: Actor, id: string): Promise<EscalationPolicy> {
  assertMayReadPolicies(actor);
  const row = await selectPolicy(db, id);
  if (!row) throw notFound('Escalation policy');
  const [policy] = await presentPolicies(db, [row]);
  return policy!;
}
