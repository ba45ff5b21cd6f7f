import { randomBytes } from 'node:crypto';
import { incidentCreateSchema, portalPaths, type PortalChallenge, type PortalReportCreated, type PortalReportInput, type PublicReportLink, type PublicReportLinkPut } from '@vigil/shared';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { appendAudit } from '../audit/index.js';
import { createIncident } from '../incidents/index.js';
import { checkCustomFields, getIncidentType } from '../types/index.js';
import { issueChallenge, verifyChallenge } from './portal.challenge.js';
import { addressBucket, type PortalPolicy } from './portal.policy.js';
import { auditLink, guestCustomFields, portalBlockers, requiredGuestFields } from './portal.presenter.js';
import { getPublicReportLink, hashStatusToken } from './portal.queries.js';
import { countHit, insertLink, insertPortalReport, selectLinkByType, selectOpenLinkBySlug, slugInUse, spendChallenge, updateLink } from './portal.repo.js';

/** 128 random bits, base64url: 22 characters nobody guesses. */
const newSlug = () => randomBytes(16).toString('base64url');
const slugTaken = () => new AppError('already_exists', 'Another form already uses this link', [{ path: 'body.slug', message: 'already in use' }]);
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Switches the public report link of a type on or off (admins), creating it with a random slug the
 * first time; an admin may set the slug (22+ characters), e.g. to keep a printed link alive.
 */
export async function setPublicReportLink(deps: Deps, actor: Actor, typeRef: string, input: PublicReportLinkPut): Promise<PublicReportLink> {
  requireRole(actor, 'admin');
  const type = await getIncidentType(deps.db, typeRef);
  if (!type) throw notFound('Incident type');
  if (input.enabled) {
    const blockers = portalBlockers(type);
    if (blockers.length > 0) throw new AppError('unprocessable', `Guests cannot report ${type.key} incidents: ${blockers.map((b) => b.message).join('; ')}`, blockers);
  }
  const now = deps.clock.now();
  try {
    await deps.db.transaction().execute(async (tx) => {
      const link = await selectLinkByType(tx, type.id, { lock: true });
      if (input.slug && (await slugInUse(tx, input.slug, link?.id))) throw slugTaken();
      if (!link) {
        const slug = input.slug ?? newSlug();
        const id = await insertLink(tx, { type_id: type.id, slug, enabled: input.enabled, created_by: actor.userId, created_at: now, updated_at: now });
        await appendAudit(tx, actor, now, { entityType: 'public_report_link', entityId: id, action: 'create', after: auditLink(type.key, { enabled: input.enabled, slug }) });
        return;
      }
      const after = { enabled: input.enabled, slug: input.slug ?? link.slug };
      if (after.enabled === link.enabled && after.slug === link.slug) return;
      await updateLink(tx, link.id, { ...after, updated_at: now });
      await appendAudit(tx, actor, now, { entityType: 'public_report_link', entityId: link.id, action: 'update', before: auditLink(type.key, link), after: auditLink(type.key, after) });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw slugTaken();
    throw err;
  }
  return getPublicReportLink(deps, actor, type.id);
}

/** Replaces the slug of a type's link with a new random one (admins): the old link stops working at once. */
export async function regeneratePublicReportSlug(deps: Deps, actor: Actor, typeRef: string): Promise<PublicReportLink> {
  requireRole(actor, 'admin');
  const type = await getIncidentType(deps.db, typeRef);
  if (!type) throw notFound('Incident type');
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (tx) => {
    const link = await selectLinkByType(tx, type.id, { lock: true });
    if (!link) throw notFound('Public report link');
    const slug = newSlug();
    await updateLink(tx, link.id, { slug, updated_at: now });
    await appendAudit(tx, actor, now, { entityType: 'public_report_link', entityId: link.id, action: 'regenerate_slug', before: auditLink(type.key, link), after: auditLink(type.key, { enabled: link.enabled, slug }) });
  });
  return getPublicReportLink(deps, actor, type.id);
}

async function openLink(deps: Deps, slug: string) {
  const link = await selectOpenLinkBySlug(deps.db, slug);
  if (!link) throw notFound('Report form');
  return link;
}

/** Issues a proof-of-work challenge for an enabled link (signed, stateless until spent). */
export async function issuePortalChallenge(deps: Deps, slug: string, policy: PortalPolicy): Promise<PortalChallenge> {
  const link = await openLink(deps, slug);
  const now = deps.clock.now().getTime();
  const { token, claims } = issueChallenge(deps.config.secret, { linkId: link.id, difficulty: policy.difficulty, issuedAt: now, expiresAt: now + policy.challengeTtlMs });
  return {
    challenge: token,
    nonce: claims.nonce,
    difficulty: claims.difficulty,
    expiresAt: new Date(claims.expiresAt).toISOString(),
    notBefore: new Date(claims.issuedAt + policy.minFillMs).toISOString(),
  };
}

function throttled(message: string, windowStartedAt: Date, windowSeconds: number, now: Date): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStartedAt.getTime() + windowSeconds * 1000 - now.getTime()) / 1000));
  return new AppError('rate_limited', message, { retryAfterSeconds });
}

export type Guest = { ip: string; requestId: string };

/**
 * A guest's report through a public link. In order: the address's throttle (every attempt counts),
 * the link, the proof of work (signature, link, expiry, difficulty), the minimum fill time, the
 * fields, the challenge spent once, the honeypot, the link's throttle; then the incident is created
 * by the incidents command as an anonymous actor with source portal, and its status token stored
 * hashed in the same transaction.
 */
export async function submitPortalReport(deps: Deps, guest: Guest, slug: string, input: PortalReportInput, policy: PortalPolicy): Promise<PortalReportCreated> {
  const now = deps.clock.now();
  const address = await countHit(deps.db, `ip:${addressBucket(guest.ip)}`, now, policy.windowSeconds);
  if (address.hits > policy.perAddress) throw throttled('Too many reports from your network; try again later', address.windowStartedAt, policy.windowSeconds, now);
  const link = await openLink(deps, slug);
  if (!input.proof) throw new AppError('proof_required', 'Solve the challenge of GET /portal/{slug}/challenge and send it as proof');
  const claims = verifyChallenge(deps.config.secret, input.proof.challenge, input.proof.counter, link.id, now.getTime());
  if (now.getTime() < claims.issuedAt + policy.minFillMs) {
    throw new AppError('submitted_too_fast', 'The form was sent too quickly after it was opened; wait a moment and send it again', { notBefore: new Date(claims.issuedAt + policy.minFillMs).toISOString() });
  }
  const type = await getIncidentType(deps.db, link.type_id);
  if (!type) throw notFound('Report form');
  // The fields are checked before the challenge is spent, so a guest who fixes a field sends the same proof again.
  const checked = checkCustomFields(guestCustomFields(type), input.custom, { partial: false });
  const issues = [...checked.issues];
  const given: Record<string, unknown> = { title: input.title, description: input.description, occurredAt: input.occurredAt, location: input.location };
  for (const field of requiredGuestFields(type)) if (given[field] === undefined || given[field] === '') issues.push({ path: field, message: 'is required' });
  if (issues.length > 0) throw new AppError('validation_failed', `The report is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  if (!(await spendChallenge(deps.db, claims.nonce, new Date(claims.expiresAt), now))) throw new AppError('proof_reused', 'This challenge was used already; fetch a new one');
  if (input.website) throw new AppError('spam_suspected', 'The report looks automated and was not accepted');
  const perLink = await countHit(deps.db, `link:${link.id}`, now, policy.windowSeconds);
  if (perLink.hits > policy.perLink) throw throttled('This form takes no more reports right now; try again later', perLink.windowStartedAt, policy.windowSeconds, now);

  const incident = incidentCreateSchema.parse({
    type: type.id,
    title: input.title,
    description: input.description,
    ...(input.occurredAt ? { occurredAt: input.occurredAt } : {}),
    detectedAt: now.toISOString(),
    becameAwareAt: now.toISOString(),
    locations: input.location ? [input.location] : [],
    custom: input.custom,
    source: 'portal',
    reporterContact: input.contact,
  });
  const token = randomBytes(32).toString('base64url');
  const actor: Actor = { kind: 'anonymous', userId: null, role: null, teamIds: [], scope: 'write', ip: guest.ip, requestId: guest.requestId };
  const { row } = await createIncident(deps, actor, incident, {
    guest: { record: (tx, created) => insertPortalReport(tx, { incident_id: created.id, link_id: link.id, status_token_hash: hashStatusToken(token), created_at: now }) },
  });
  return { number: row.number, statusToken: token, statusUrl: deps.config.baseUrl + portalPaths.status(token) };
}
