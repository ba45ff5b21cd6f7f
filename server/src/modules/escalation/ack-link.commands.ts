import type { Actor, Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { acknowledgeIncident, getVisibleIncidentRow } from '../incidents/index.js';
import { verifyAckToken } from './ack-link.token.js';
import { ackLinkUsed, insertAckLinkUse, selectLinkUser } from './escalation.repo.js';

export type AckLinkIncident = { number: string; title: string; acknowledgedAt: Date | null; stateCategory: string };
export type AckLinkPreview = { incident: AckLinkIncident; user: { name: string; locale: 'en' | 'de' } };
export type AckLinkResult = AckLinkPreview & { changed: boolean };
type RequestMeta = { ip: string | null; requestId: string | null };

/** Why a link is refused; the page says it in the reader's language. */
export type AckLinkRefusal = 'invalid' | 'expired' | 'used' | 'inactive';

const refusals: Record<AckLinkRefusal, { code: 'not_found' | 'gone' | 'forbidden'; message: string }> = {
  invalid: { code: 'not_found', message: 'This acknowledge link is not valid.' },
  expired: { code: 'gone', message: 'This acknowledge link has expired. Open the incident in Vigil to acknowledge it there.' },
  used: { code: 'gone', message: 'This acknowledge link was already used.' },
  inactive: { code: 'forbidden', message: 'This acknowledge link belongs to an account that is no longer active.' },
};

function refused(reason: AckLinkRefusal): AppError {
  return new AppError(refusals[reason].code, refusals[reason].message, { reason });
}

type CheckedLink = { actor: Actor & { userId: string }; incidentId: string; expiresAt: Date; hash: string; user: AckLinkPreview['user'] };

/**
 * Everything a link must pass before it may act: form and signature, expiry, not used before, its
 * person still active. Returns that person as the actor; failures are AppErrors the page explains.
 */
async function checkLink(deps: Deps, token: string, meta: RequestMeta): Promise<CheckedLink> {
  const check = verifyAckToken(deps.config.secret, token, deps.clock.now());
  if (!check.ok) {
    deps.log.warn({ reason: check.reason, ip: meta.ip, requestId: meta.requestId }, 'acknowledge link refused');
    throw check.reason === 'expired' ? refused('expired') : refused('invalid');
  }
  if (await ackLinkUsed(deps.db, check.hash)) throw refused('used');
  const user = await selectLinkUser(deps.db, check.userId);
  if (!user?.active) throw refused('inactive');
  const actor = { kind: 'user' as const, userId: user.id, role: user.role, teamIds: user.team_ids, scope: 'write' as const, ip: meta.ip, requestId: meta.requestId };
  return { actor, incidentId: check.incidentId, expiresAt: check.expiresAt, hash: check.hash, user: { name: user.name, locale: user.locale } };
}

/** The incident as the link's person may see it now; a link for an incident they no longer see is as good as none. */
async function visibleIncident(deps: Deps, link: CheckedLink): Promise<AckLinkIncident> {
  const row = await getVisibleIncidentRow(deps.db, link.actor, link.incidentId);
  if (!row) throw refused('invalid');
  return { number: row.number, title: row.title, acknowledgedAt: row.acknowledged_at, stateCategory: row.state_category };
}

/** What the confirmation page shows. Reading a link changes nothing: mail scanners fetch every link they see. */
export async function previewAckLink(deps: Deps, token: string, meta: RequestMeta): Promise<AckLinkPreview> {
  const link = await checkLink(deps, token, meta);
  return { incident: await visibleIncident(deps, link), user: link.user };
}

/**
 * Acknowledges the incident as the link's person (source `link`, through the incidents command, so
 * the reactors stop pending escalation steps), then spends the link and records its use in the
 * audit trail. A spent link is refused before it can act again; two clicks racing both reach the
 * acknowledge, which changes the incident once, and only one of them spends the link.
 */
export async function acknowledgeByLink(deps: Deps, token: string, meta: RequestMeta): Promise<AckLinkResult> {
  const link = await checkLink(deps, token, meta);
  await visibleIncident(deps, link);
  const { row, changed } = await acknowledgeIncident(deps, link.actor, link.incidentId, 'link');
  const spent = await deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const first = await insertAckLinkUse(tx, { token_hash: link.hash, incident_id: link.incidentId, user_id: link.actor.userId, used_at: now, expires_at: link.expiresAt });
    if (first) {
      await appendAudit(tx, link.actor, now, {
        entityType: 'incident',
        entityId: link.incidentId,
        action: 'ack_link.use',
        after: { userId: link.actor.userId, expiresAt: link.expiresAt.toISOString(), acknowledged: changed },
      });
    }
    return first;
  });
  if (!spent) throw refused('used');
  return { incident: { number: row.number, title: row.title, acknowledgedAt: row.acknowledged_at, stateCategory: row.state_category }, user: link.user, changed };
}
