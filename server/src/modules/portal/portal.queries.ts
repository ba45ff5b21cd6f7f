import { createHash } from 'node:crypto';
import type { PortalForm, PortalStatus, PublicReportLink } from '@vigil/shared';
import { requireRole } from '../../platform/authz.js';
import type { Actor, Deps } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { getIncidentType } from '../types/index.js';
import type { PortalPolicy } from './portal.policy.js';
import { presentForm, presentLink } from './portal.presenter.js';
import { selectLinkByType, selectLinks, selectOpenLinkBySlug, selectPublicComments, selectReportByTokenHash } from './portal.repo.js';

export const hashStatusToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Every public report link that was ever set up (admins). */
export async function listPublicReportLinks(deps: Deps, actor: Actor): Promise<PublicReportLink[]> {
  requireRole(actor, 'admin');
  const links = await selectLinks(deps.db);
  const items: PublicReportLink[] = [];
  for (const link of links) {
    const type = await getIncidentType(deps.db, link.type_id);
    if (type) items.push(presentLink(type, link, deps.config.baseUrl));
  }
  return items.sort((a, b) => a.type.key.localeCompare(b.type.key));
}

/** The public report link of one type (admins); a type without one reads as switched off. */
export async function getPublicReportLink(deps: Deps, actor: Actor, typeRef: string): Promise<PublicReportLink> {
  requireRole(actor, 'admin');
  const type = await getIncidentType(deps.db, typeRef);
  if (!type) throw notFound('Incident type');
  return presentLink(type, await selectLinkByType(deps.db, type.id), deps.config.baseUrl);
}

/** The public form behind an enabled link; any other slug is not found. */
export async function getPortalForm(deps: Deps, slug: string, policy: PortalPolicy): Promise<PortalForm> {
  const link = await selectOpenLinkBySlug(deps.db, slug);
  const type = link ? await getIncidentType(deps.db, link.type_id) : null;
  if (!link || !type) throw notFound('Report form');
  return presentForm(link.slug, type, policy);
}

/** A guest's report by its status token: number, title, state and public comments, nothing internal. */
export async function getPortalStatus(deps: Deps, token: string): Promise<PortalStatus> {
  const row = await selectReportByTokenHash(deps.db, hashStatusToken(token));
  const type = row ? await getIncidentType(deps.db, row.type_id) : null;
  if (!row || !type) throw notFound('Report');
  const state = type.workflow.states.find((s) => s.key === row.state);
  const comments = await selectPublicComments(deps.db, row.id, 200);
  return {
    number: row.number,
    title: row.title,
    type: { name: type.name },
    state: { label: state?.label ?? { en: row.state }, category: row.state_category },
    comments: comments.map((c) => ({ id: c.id, body: c.body, createdAt: c.created_at.toISOString() })),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
