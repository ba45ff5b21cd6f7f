import { randomUUID } from 'node:crypto';
import { integrationKeyPattern } from '@vigil/shared';
import type { IntegrationRow } from '../../db/schema.js';
import type { Deps } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { DEFAULT_MAX_ATTEMPTS } from '../../platform/jobs/jobs.js';
import { alertProcessJob } from './alert.jobs.js';
import { PayloadTooDeepError, storablePayload } from './alert.payload.js';
import { createEventWriter, type EventWriter } from './alert.event-writer.js';
import { cachedIntegration, rememberIntegration } from './integration.cache.js';
import { hashIntegrationKey } from './integration.key.js';
import { selectIntegrationByKeyHash } from './integration.repo.js';

export type IngestMeta = { ip: string | null; userAgent: string | null };

/** The integration a key opens, enabled or not, found by the key's hash; null for anything else. */
export async function findIntegrationByKey(deps: Deps, key: string): Promise<IntegrationRow | null> {
  if (!integrationKeyPattern.test(key)) return null;
  const keyHash = hashIntegrationKey(key);
  const cached = cachedIntegration(deps, keyHash);
  if (cached) return cached;
  const row = await selectIntegrationByKeyHash(deps.db, keyHash);
  if (!row) return null;
  rememberIntegration(deps, keyHash, row);
  return row;
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

/** The writer of this process's inbound events (group commit), with the processing job's row. */
export function createAlertEventWriter(deps: Deps): EventWriter {
  // The job row enqueueJob would write, in the same statement as the event: the definition's name and attempts.
  return createEventWriter(deps.db, { job: { name: alertProcessJob.name, maxAttempts: alertProcessJob.maxAttempts ?? DEFAULT_MAX_ATTEMPTS } });
}

/** Text PostgreSQL can store: NUL becomes U+FFFD, as in stored bodies. */
export function storableKey(key: string): string {
  return key.includes('\u0000') ? key.replaceAll('\u0000', '\uFFFD') : key;
}

/**
 * Stores an inbound event with its processing job (through the writer, which commits it with
 * others arriving at the same time). The caller answers 2xx only after this resolves, so an
 * accepted event is durable; everything else happens in the job.
 */
export async function acceptAlertEvent(deps: Deps, writer: EventWriter, integration: IntegrationRow, key: string, event: InboundEvent, meta: IngestMeta): Promise<number> {
  let payload: string;
  try {
    payload = JSON.stringify(storablePayload(event.body, [key]));
  } catch (err) {
    if (err instanceof PayloadTooDeepError) throw new AppError('validation_failed', err.message, [{ path: 'body', message: err.message }]);
    throw err;
  }
  return writer.write({
    integrationId: integration.id,
    kind: event.kind,
    streamKey: storableKey(event.streamKey),
    payload,
    sourceIp: meta.ip,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    receivedAt: deps.clock.now(),
  });
}

/** A change event is context of its own: no other event waits for it. */
export function changeStreamKey(): string {
  return `change:${randomUUID()}`;
}
