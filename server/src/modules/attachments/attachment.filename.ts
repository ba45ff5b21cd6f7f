import { attachmentFilenameMax } from '@vigil/shared';

// C0 and C1 controls, and the bidirectional overrides that make `gpj.exe` read as `exe.jpg`.
// eslint-disable-next-line no-control-regex
const unsafeChars = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The client's file name reduced to a display name: no directory parts (either slash), no control or
 * bidi characters, no leading or trailing dots and spaces, at most 200 characters with the extension kept.
 * It is only ever shown and sent back in Content-Disposition; storage paths never use it.
 */
export function sanitizeFilename(raw: string | undefined, fallback = 'attachment'): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base.replace(unsafeChars, '').replace(/\s+/gu, ' ').replace(/^[\s.]+|[\s.]+$/gu, '');
  const name = cleaned === '' ? fallback : cleaned;
  return truncateKeepingExtension(name, attachmentFilenameMax);
}

/** The lower-case extension of a file name, without the dot; '' when there is none. */
export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) return name;
  const ext = extensionOf(name);
  const tail = ext && ext.length <= 16 ? Array.from(name.slice(name.length - ext.length - 1)) : [];
  return chars.slice(0, max - tail.length).join('').replace(/[\s.]+$/u, '') + tail.join('');
}

/**
 * A Content-Disposition value per RFC 6266: an ASCII-only `filename` for old clients and the exact
 * name as UTF-8 in `filename*` (RFC 8187 encoding).
 */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\%;]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
