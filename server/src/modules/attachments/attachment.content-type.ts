import { isUtf8 } from 'node:buffer';
import { open, readFile } from 'node:fs/promises';
import { attachmentExtensions, attachmentTypes, type AttachmentType } from '@vigil/shared';
import { fileTypeFromFile } from 'file-type';
import { AppError } from '../../platform/errors.js';
import { extensionOf } from './attachment.filename.js';

/** Types without magic bytes, recognised by extension and accepted only as clean UTF-8 text. */
const textTypeByExtension: Readonly<Record<string, AttachmentType>> = {
  txt: 'text/plain',
  text: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  eml: 'message/rfc822',
};

/** What clients declare for the same content; browsers on Windows send a CSV as `application/vnd.ms-excel`. */
const declaredAliases: Readonly<Partial<Record<AttachmentType, readonly string[]>>> = {
  'image/jpeg': ['image/jpg', 'image/pjpeg'],
  'image/heic': ['image/heif'],
  'text/plain': ['text/x-log'],
  'text/csv': ['application/csv', 'text/x-csv', 'text/comma-separated-values', 'application/vnd.ms-excel'],
  'application/json': ['text/json'],
  'application/zip': ['application/x-zip-compressed', 'application/x-zip'],
  'application/gzip': ['application/x-gzip', 'application/x-gzip-compressed'],
  'audio/mpeg': ['audio/mp3'],
};

/** Declarations that say nothing about the content. */
const genericDeclarations = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/unknown', 'application/x-unknown']);

/** Starts of HTML, SVG or XML as a browser's sniffer recognises them; never accepted as "text". */
const markupStart = /^(<!doctype html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--|<\?xml|<svg)[\s>/]/i;

const accepted = new Set<string>(attachmentTypes);

export type UploadDescription = { filename: string; declaredType: string | undefined };

/**
 * Decides the stored type of an upload from its content: magic bytes through file-type, or clean UTF-8
 * text by extension. Throws 415 when the content is not an accepted type, or when the extension or the
 * declared type disagrees with it.
 */
export async function detectAttachmentType(file: string, size: number, upload: UploadDescription): Promise<AttachmentType> {
  const ext = extensionOf(upload.filename);
  const declared = normalizeDeclared(upload.declaredType);
  const sniffed = await sniffMagic(file, size);
  const type = sniffed ?? (await textType(file, ext));
  if (!accepted.has(type)) throw unsupported(`Files of type ${type} are not accepted`, { detected: type });
  const contentType = type as AttachmentType;
  if (ext !== '' && !attachmentExtensions[contentType].includes(ext)) {
    throw unsupported(`The extension .${ext} does not match the content, which is ${contentType}`, { detected: contentType, extension: ext });
  }
  if (!genericDeclarations.has(declared) && declared !== contentType && !declaredAliases[contentType]?.includes(declared)) {
    throw unsupported(`The declared type ${declared} does not match the content, which is ${contentType}`, { detected: contentType, declared });
  }
  return contentType;
}

async function sniffMagic(file: string, size: number): Promise<string | undefined> {
  if (size === 0) return undefined;
  const head = await readRange(file, 0, 4);
  const isZip = head.length === 4 && head.readUInt32LE(0) === 0x04034b50;
  if (isZip && !(await zipIsSafeToInspect(file, size))) return 'application/zip';
  try {
    return (await fileTypeFromFile(file))?.mime;
  } catch {
    // A truncated or malformed container: a zip is still a zip, anything else is not recognised.
    return isZip ? 'application/zip' : undefined;
  }
}

async function textType(file: string, ext: string): Promise<string> {
  const type = textTypeByExtension[ext];
  if (!type) {
    throw unsupported(`The type of this file could not be recognised from its content; accepted: ${attachmentTypes.join(', ')} (text only as .txt, .log, .csv, .json or .eml)`);
  }
  const bytes = await readFile(file);
  if (bytes.includes(0) || !isUtf8(bytes)) throw unsupported(`A .${ext} file must be UTF-8 text without NUL bytes`, { extension: ext });
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (markupStart.test(text.trimStart())) throw unsupported(`This .${ext} file contains HTML or XML markup, which is not accepted`, { extension: ext });
  if (type === 'application/json' && !isJson(text)) throw unsupported('This .json file is not valid JSON', { extension: ext });
  if (type === 'message/rfc822' && !/^[!-9;-~]+:/.test(text)) throw unsupported('This .eml file does not start with a mail header', { extension: ext });
  return type;
}

/**
 * file-type inflates `[Content_Types].xml` and `mimetype` of a zip in memory to tell DOCX and XLSX
 * from a plain zip. A zip bomb there would exhaust memory, so those entries are read only when the
 * central directory says they are small; otherwise the file is just a zip.
 */
async function zipIsSafeToInspect(file: string, size: number): Promise<boolean> {
  const maxInflatedEntry = 64 * 1024; // compressed bytes: inflates to at most ~64 MiB
  const tailLength = Math.min(16 * 1024, size);
  const tail = await readRange(file, size - tailLength, tailLength);
  // Find the end record exactly as file-type does (last signature in the final 16 KiB), so both read the same directory.
  let eocd = -1;
  for (let i = tail.length - 4; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0 || size - tailLength + eocd <= 0 || eocd + 22 > tail.length) return false;
  const entries = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset + cdSize > size || cdSize > 8 * 1024 * 1024) return false;
  const cd = await readRange(file, cdOffset, cdSize);
  let pos = 0;
  for (let n = 0; n < entries; n++) {
    if (pos + 46 > cd.length || cd.readUInt32LE(pos) !== 0x02014b50) return false;
    const compressedSize = cd.readUInt32LE(pos + 20);
    const nameLength = cd.readUInt16LE(pos + 28);
    const extraLength = cd.readUInt16LE(pos + 30);
    const commentLength = cd.readUInt16LE(pos + 32);
    const name = cd.subarray(pos + 46, pos + 46 + nameLength).toString('utf8');
    if ((name === '[Content_Types].xml' || name === 'mimetype') && compressedSize > maxInflatedEntry) return false;
    pos += 46 + nameLength + extraLength + commentLength;
  }
  return true;
}

async function readRange(file: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function normalizeDeclared(declared: string | undefined): string {
  return (declared ?? '').split(';')[0]!.trim().toLowerCase();
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function unsupported(message: string, details?: Record<string, string>): AppError {
  return new AppError('unsupported_media_type', message, details);
}
