import type { TimelineEventType } from '@vigil/shared';
import type { Tx } from '../../db/client.js';
import type { Actor } from '../../platform/context.js';
import { insertTimelineEvent } from './timeline.repo.js';

/** Writes one typed timeline event in the caller's transaction. */
export async function appendTimeline(
  tx: Tx,
  actor: Actor,
  at: Date,
  incidentId: string,
  type: TimelineEventType,
  data: Record<string, unknown> = {},
  visibility: 'internal' | 'public' = 'internal',
): Promise<number> {
  return insertTimelineEvent(tx, { incident_id: incidentId, type, actor_id: actor.userId, visibility, data, created_at: at });
}
