import type { EscalationLevel, EscalationPolicy } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../platform/context.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { notificationJobs } from '../notifications/index.js';
import { escalationJobs } from './escalation.jobs.js';

/** Test helpers of the escalation module: schedules, policies, and draining the jobs they start. */

/** A daily rotation in UTC handing off at 09:00, starting with the first participant on `startDate`. */
export async function createDailySchedule(app: FastifyInstance, headers: Record<string, string>, teamId: string, participants: string[], startDate = '2026-06-01'): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/schedules',
    headers,
    payload: { teamId, name: `Primary ${Math.random().toString(36).slice(2, 8)}`, timeZone: 'UTC', layers: [{ name: 'Daily', participants, rotation: 'daily', handoffTime: '09:00', startDate }] },
  });
  if (res.statusCode !== 201) throw new Error(`create schedule failed: ${res.statusCode} ${res.body}`);
  return (res.json() as { id: string }).id;
}

/** POST /api/v1/escalation-policies; fails the test unless it is created. */
export async function createPolicy(app: FastifyInstance, headers: Record<string, string>, body: { teamId: string; name?: string; levels: EscalationLevel[]; repeatCount?: number }): Promise<EscalationPolicy> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/escalation-policies', headers, payload: { name: `Policy ${Math.random().toString(36).slice(2, 8)}`, ...body } });
  if (res.statusCode !== 201) throw new Error(`create policy failed: ${res.statusCode} ${res.body}`);
  return res.json() as EscalationPolicy;
}

/** Runs due escalation steps and notification dispatches until none is due (at the deps' clock). */
export async function runDueJobs(deps: Deps): Promise<number> {
  const worker = createWorker({ deps, registry: createJobRegistry([...escalationJobs, ...notificationJobs]) });
  let total = 0;
  for (;;) {
    const n = await worker.runOnce();
    if (n === 0) return total;
    total += n;
  }
}

/** In-app notifications of one user, oldest first. */
export async function notificationsOf(deps: Deps, userId: string) {
  return deps.db.selectFrom('notifications').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id').execute();
}

export const minutes = (n: number) => n * 60_000;
