import { randomUUID } from 'node:crypto';
import { integrationKeyPattern } from '@vigil/shared';
import type { IntegrationRow } from '../../db/schema.js';
import type { Deps } from '../../platform/context.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { alertProcessJob } from './alert.jobs.js';
import { AppError } from '../../platform/errors.js';
import { PayloadTooDeepError, storablePayload } from './alert.payload.js';
import { insertAlertEvent } from './alert.repo.js';
import { hashIntegrationKey } from './integration.key.js';
import { selectIntegrationByKeyHash } from './integration.repo.js';

export type IngestMeta = { ip: string | null; userAgent: string | null };

/** The integration a key opens, enabled or not, found by the key's hash; null for anything else. */
export async function findIntegrationByKey(deps: Deps, key: string): Promise<IntegrationRow | null> {
  if (!integrationKeyPattern.test(key)) return null;
  return (await selectIntegrationByKeyHash(deps.db, hashIntegrationKey(key))) ?? null;
}

/** A dedup key for an event that brings none: every such event is an alert of its own. */
export function generatedDedupKey(): string {
  return randomUUID().replaceAll('-', '');
}

export type InboundEvent = {
  kind: 'alert' | 'change';
  /** Events of one stream are processed one after another in arrival order (dedup key or group key). */
  streamKey: string;
  /** The parsed body; stored with the key redacted. */
  body: unknown;
};

/**
 * Stores an inbound event and enqueues its processing in one transaction. The caller answers 2xx
 * only after this resolves, so an accepted event is durable; everything else happens in the job.
 */
export async function acceptAlertEvent(deps: Deps, integration: IntegrationRow, key: string, event: InboundEvent, meta: IngestMeta): Promise<number> {
  let payload: string;
  try {
    payload = JSON.stringify(storablePayload(event.body, [key]));
  } catch (err) {
    if (err instanceof PayloadTooDeepError) throw new AppError('validation_failed', err.message, [{ path: 'body', message: err.message }]);
    throw err;
  }
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const id = await insertAlertEvent(tx, {
      integration_id: integration.id,
      kind: event.kind,
      stream_key: event.streamKey,
      payload,
      source_ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 500) ?? null,
      received_at: now,
      processed_at: null,
      outcome: null,
      error: null,
    });
    await enqueueJob(tx, alertProcessJob, { eventId: id }, now);
    return id;
  });
}

/** A change event is context of its own: no other event waits for it. */
export function changeStreamKey(): string {
  return `change:${randomUUID()}`;
}
