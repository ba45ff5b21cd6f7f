import type { Deps } from '../../platform/context.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { mailProcessJob } from './mail-in.jobs.js';
import { insertInboundMail } from './mail-in.repo.js';

export type ReceivedMail = { raw: Buffer; envelopeFrom: string; envelopeTo: string[]; remoteAddress: string | null };

/**
 * Stores a message the listener accepted, raw, and enqueues its processing in the same
 * transaction; only then does the listener answer 250, so an accepted mail is never lost.
 */
export async function receiveInboundMail(deps: Deps, mail: ReceivedMail): Promise<number> {
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.clock.now();
    const id = await insertInboundMail(tx, {
      received_at: now,
      remote_address: mail.remoteAddress,
      envelope_from: mail.envelopeFrom,
      envelope_to: mail.envelopeTo,
      size: mail.raw.length,
      raw: mail.raw,
    });
    await enqueueJob(tx, mailProcessJob, { mailId: id }, now, { idempotencyKey: `mail.process:${id}` });
    return id;
  });
}
