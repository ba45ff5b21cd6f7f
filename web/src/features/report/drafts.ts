import { deviceStore, randomId, type DeviceStore } from './device-store';
import type { ReportValues } from './report-values';

/**
 * A report being written, kept on this device as it is typed, one per person and type. Files are stored
 * as records of their own, written once when added, so saving a keystroke never copies a photo again.
 */

export type DraftFile = {
  id: string;
  name: string;
  type: string;
  size: number;
  blob: Blob;
  source: 'camera' | 'files';
};

export type Draft = {
  userId: string;
  typeKey: string;
  /** The Idempotency-Key its send will use; the same for every resend of this report. */
  key: string;
  values: ReportValues;
  files: DraftFile[];
  updatedAt: string;
};

type DraftRecord = { kind: 'draft'; userId: string; typeKey: string; key: string; values: ReportValues; fileIds: string[]; updatedAt: string };
type FileRecord = { kind: 'file'; file: DraftFile };
type Stored = DraftRecord | FileRecord;

const draftKey = (userId: string, typeKey: string) => `draft:${userId}:${typeKey}`;
const fileKey = (id: string) => `file:${id}`;

let store: DeviceStore<Stored> | undefined;
const stores = () => (store ??= deviceStore<Stored>('drafts'));

/** A person's draft of a type with its files, or undefined. */
export async function loadDraft(userId: string, typeKey: string): Promise<Draft | undefined> {
  const record = await stores().get(draftKey(userId, typeKey));
  if (!record || record.kind !== 'draft') return undefined;
  const files: DraftFile[] = [];
  for (const id of record.fileIds) {
    const f = await stores().get(fileKey(id));
    if (f?.kind === 'file') files.push(f.file);
  }
  return { userId, typeKey, key: record.key, values: record.values, files, updatedAt: record.updatedAt };
}

/** Saves the draft: its fields, and the files not stored yet; files taken out of it are deleted. */
export async function saveDraft(draft: Draft, previousFileIds: readonly string[] = []): Promise<void> {
  const ids = draft.files.map((f) => f.id);
  for (const f of draft.files) if (!previousFileIds.includes(f.id)) await stores().put(fileKey(f.id), { kind: 'file', file: f });
  for (const id of previousFileIds) if (!ids.includes(id)) await stores().delete(fileKey(id));
  await stores().put(draftKey(draft.userId, draft.typeKey), { kind: 'draft', userId: draft.userId, typeKey: draft.typeKey, key: draft.key, values: draft.values, fileIds: ids, updatedAt: draft.updatedAt });
}

/** Deletes a draft and its files (sent, or discarded). */
export async function deleteDraft(userId: string, typeKey: string): Promise<void> {
  const record = await stores().get(draftKey(userId, typeKey));
  if (record?.kind === 'draft') for (const id of record.fileIds) await stores().delete(fileKey(id));
  await stores().delete(draftKey(userId, typeKey));
}

/** The types a person has drafts of, with when each was last changed. */
export async function draftTypes(userId: string): Promise<Array<{ typeKey: string; updatedAt: string }>> {
  const all = await stores().all();
  return all.flatMap((r) => (r.kind === 'draft' && r.userId === userId ? [{ typeKey: r.typeKey, updatedAt: r.updatedAt }] : []));
}

/** True when drafts survive a reload on this device. */
export const draftsPersist = () => stores().persistent();

/** A fresh Idempotency-Key for a new report. */
export const newReportKey = randomId;
