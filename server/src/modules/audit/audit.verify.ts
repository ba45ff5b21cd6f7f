import type { DbOrTx } from '../../db/client.js';
import { selectAuditHead, selectAuditRange } from './audit.repo.js';
import { chainHash } from './canonical.js';

export type VerifyResult = {
  ok: boolean;
  checked: number;
  headSeq: number;
  firstBroken: { seq: number; reason: string } | null;
};

const GENESIS = '0'.repeat(64);

/** Recomputes the whole chain and names the first record whose hash, link or position does not hold. */
export async function verifyAuditChain(db: DbOrTx, pageSize = 2000): Promise<VerifyResult> {
  const head = await selectAuditHead(db);
  let prevHash = GENESIS;
  let expectedSeq = 1;
  let checked = 0;
  const broken = (seq: number, reason: string): VerifyResult => ({ ok: false, checked, headSeq: head.seq, firstBroken: { seq, reason } });
  for (;;) {
    const rows = await selectAuditRange(db, expectedSeq - 1, pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.seq !== expectedSeq) return broken(expectedSeq, `record ${expectedSeq} is missing (next present is ${row.seq})`);
      if (row.prev_hash !== prevHash) return broken(row.seq, 'prev_hash does not match the hash of the record before it');
      const hash = chainHash(prevHash, {
        seq: row.seq,
        at: row.at.toISOString(),
        actor_type: row.actor_type,
        actor_id: row.actor_id,
        source_ip: row.source_ip,
        request_id: row.request_id,
        entity_type: row.entity_type,
        entity_id: row.entity_id,
        action: row.action,
        before: row.before,
        after: row.after,
      });
      if (hash !== row.hash) return broken(row.seq, 'content does not match its hash (the record was changed)');
      prevHash = row.hash;
      expectedSeq++;
      checked++;
    }
  }
  if (checked !== head.seq) return broken(checked + 1, `the chain head says ${head.seq} records, found ${checked} (records were removed)`);
  if (head.hash !== prevHash) return broken(head.seq, 'the chain head hash does not match the last record');
  return { ok: true, checked, headSeq: head.seq, firstBroken: null };
}
