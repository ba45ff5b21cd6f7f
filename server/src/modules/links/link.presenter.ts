import type { IncidentLink } from '@vigil/shared';
import type { IncidentRow } from '../../db/schema.js';
import type { LinkRow } from './link.repo.js';

/** A link with the incident at its other end (from the point of view of one incident) and its creator's name. */
export type LinkView = LinkRow & {
  other_id: string;
  other_number: string;
  other_title: string;
  other_state: string;
  other_state_category: string;
  creator_name: string | null;
};

/** Row to API shape, seen from the incident `viewpointId`. */
export function presentLink(view: LinkView, viewpointId: string): IncidentLink {
  return {
    id: view.id,
    kind: view.kind,
    direction: view.from_id === viewpointId ? 'outgoing' : 'incoming',
    incident: { id: view.other_id, number: view.other_number, title: view.other_title, state: view.other_state, stateCategory: view.other_state_category },
    createdBy: view.created_by ? { id: view.created_by, name: view.creator_name ?? '' } : null,
    createdAt: view.created_at.toISOString(),
  };
}

/** Joins a link row with the other incident, for presenting right after a command. */
export function linkViewOf(row: LinkRow, other: Pick<IncidentRow, 'id' | 'number' | 'title' | 'state' | 'state_category'>, creatorName: string | null): LinkView {
  return {
    ...row,
    other_id: other.id,
    other_number: other.number,
    other_title: other.title,
    other_state: other.state,
    other_state_category: other.state_category,
    creator_name: creatorName,
  };
}

/** What the audit trail records of a link: both ends by id and number. */
export function auditedLink(row: LinkRow, from: Pick<IncidentRow, 'number'>, to: Pick<IncidentRow, 'number'>) {
  return { id: row.id, kind: row.kind, fromId: row.from_id, fromNumber: from.number, toId: row.to_id, toNumber: to.number, createdBy: row.created_by, createdAt: row.created_at };
}
