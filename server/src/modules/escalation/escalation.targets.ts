import type { EscalationTarget } from '@vigil/shared';
import type { DbOrTx } from '../../db/client.js';
import { onCallForTeam, whoIsOnCall } from '../schedules/index.js';
import { selectActiveTeamMemberIds } from './escalation-policy.repo.js';

/** Who a target stands for at one instant, and how that was decided (for the timeline). */
export type ResolvedTarget = EscalationTarget & { userIds: string[]; via: 'user' | 'on_call' | 'members' | 'nobody' };

/**
 * Resolves a level's targets to people at `at`: a user is that user; a schedule is whoever is on
 * call in it; a team is whoever is on call in its schedules, or all its active members when nobody
 * is (a team without a rotation is paged as a whole, so no page goes nowhere).
 */
export async function resolveTargets(db: DbOrTx, targets: readonly EscalationTarget[], at: Date): Promise<ResolvedTarget[]> {
  const resolved: ResolvedTarget[] = [];
  for (const t of targets) {
    if (t.kind === 'user') {
      resolved.push({ ...t, userIds: [t.id], via: 'user' });
    } else if (t.kind === 'schedule') {
      const userId = await whoIsOnCall(db, t.id, at);
      resolved.push({ ...t, userIds: userId ? [userId] : [], via: userId ? 'on_call' : 'nobody' });
    } else {
      const onCall = [...new Set((await onCallForTeam(db, t.id, at)).map((e) => e.userId))];
      if (onCall.length > 0) resolved.push({ ...t, userIds: onCall, via: 'on_call' });
      else {
        const members = await selectActiveTeamMemberIds(db, t.id);
        resolved.push({ ...t, userIds: members, via: members.length > 0 ? 'members' : 'nobody' });
      }
    }
  }
  return resolved;
}
