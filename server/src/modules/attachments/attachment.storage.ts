import { createHash, randomBytes } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { AppError } from '../../platform/errors.js';

/** An upload written to a temporary file and hashed, not yet in the store. */
export type StagedBlob = { tmpPath: string; sha256: string; size: number };

const sha256Pattern = /^[0-9a-f]{64}$/;

/** Where attachment content lives: `<dataDir>/attachments`, one file per distinct content. */
export function attachmentsRoot(dataDir: string): string {
  return path.join(dataDir, 'attachments');
}

/** `<root>/ab/cd/<sha256>`: the path is derived from the content hash only, never from user input. */
export function blobPath(dataDir: string, sha256: string): string {
  if (!sha256Pattern.test(sha256)) throw new Error(`not a SHA-256 hex digest: ${sha256.slice(0, 80)}`);
  return path.join(attachmentsRoot(dataDir), sha256.slice(0, 2), sha256.slice(2, 4), sha256);
}

/**
 * Streams an upload into a temporary file inside the store (same file system, so the final rename is
 * atomic) while hashing it, and fsyncs it. Stops with 413 once `maxBytes` is passed; the partial file
 * is removed on any failure.
 */
export async function stageBlob(dataDir: string, source: Readable & { truncated?: boolean }, maxBytes: number): Promise<StagedBlob> {
  const tmpDir = path.join(attachmentsRoot(dataDir), 'tmp');
  await mkdir(tmpDir, { recursive: true });
  const tmpPath = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
  const handle = await open(tmpPath, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  try {
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > maxBytes) throw tooLarge(maxBytes);
        hash.update(chunk);
        await handle.write(chunk);
      }
      if (source.truncated) throw tooLarge(maxBytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    source.destroy();
    await unlink(tmpPath).catch(() => {});
    throw err;
  }
  return { tmpPath, sha256: hash.digest('hex'), size };
}

/**
 * Moves a staged upload to its content address. Identical content is stored once: when the blob is
 * already there the staged copy is dropped.
 */
export async function commitBlob(dataDir: string, staged: StagedBlob): Promise<string> {
  const target = blobPath(dataDir, staged.sha256);
  const exists = await stat(target).then(
    (s) => s.isFile() && s.size === staged.size,
    () => false,
  );
  if (exists) {
    await discardBlob(staged);
    return target;
  }
  const dir = path.dirname(target);
  await mkdir(dir, { recursive: true });
  await rename(staged.tmpPath, target);
  await syncDirectory(dir);
  return target;
}

/** Removes a staged upload that will not be kept (rejected type, failed validation). */
export async function discardBlob(staged: StagedBlob): Promise<void> {
  await unlink(staged.tmpPath).catch(() => {});
}

/** Opens stored content for reading; null when the file is missing (reported by the caller, not a stream error). */
export async function openBlob(dataDir: string, sha256: string): Promise<{ stream: ReadStream; size: number } | null> {
  const handle = await open(blobPath(dataDir, sha256), 'r').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!handle) return null;
  const { size } = await handle.stat();
  return { stream: handle.createReadStream(), size };
}

/** Makes the rename durable; directories cannot be fsynced on every platform, which is then accepted. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EISDIR/EPERM on platforms without directory fsync
  } finally {
    await handle.close();
  }
}

function tooLarge(maxBytes: number): AppError {
  return new AppError('payload_too_large', `The file is larger than the limit of ${Math.round(maxBytes / 1024 / 1024)} MiB`, { maxBytes });
}
