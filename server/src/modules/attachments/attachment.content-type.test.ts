import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.js';
import { detectAttachmentType } from './attachment.content-type.js';
import { contentTypesBombBytes, docxBytes, exeBytes, gifBytes, jpegBytes, makeZip, pdfBytes, pngBytes } from './attachment.test-fixtures.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-type-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function detect(bytes: Buffer | string, filename: string, declaredType?: string) {
  const file = path.join(dir, `f${n++}`);
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  writeFileSync(file, data);
  return detectAttachmentType(file, data.length, { filename, declaredType });
}

async function refusal(bytes: Buffer | string, filename: string, declaredType?: string): Promise<AppError> {
  const err = await detect(bytes, filename, declaredType).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('unsupported_media_type');
  return err as AppError;
}

describe('attachment type detection', () => {
  it('types binary files from their magic bytes, with or without a matching extension', async () => {
    expect(await detect(pngBytes, 'shot.png', 'image/png')).toBe('image/png');
    expect(await detect(pngBytes, 'shot', undefined)).toBe('image/png');
    expect(await detect(jpegBytes, 'photo.JPG', 'image/jpg')).toBe('image/jpeg');
    expect(await detect(gifBytes, 'anim.gif', 'application/octet-stream')).toBe('image/gif');
    expect(await detect(pdfBytes, 'report.pdf', 'application/pdf; charset=binary')).toBe('application/pdf');
    expect(await detect(docxBytes(), 'minutes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(await detect(makeZip([{ name: 'a.txt', data: Buffer.from('a') }]), 'logs.zip', 'application/x-zip-compressed')).toBe('application/zip');
  });

  it('refuses content whose extension or declared type disagrees with its magic bytes', async () => {
    expect((await refusal(pngBytes, 'photo.jpg', 'image/jpeg')).message).toMatch(/extension \.jpg does not match the content, which is image\/png/);
    expect((await refusal(pngBytes, 'photo.png', 'text/html')).message).toMatch(/declared type text\/html/);
    await refusal(pngBytes, 'photo.txt', 'text/plain');
    await refusal(docxBytes(), 'minutes.zip', 'application/zip');
  });

  it('refuses types that are not on the list, whatever they are called', async () => {
    expect((await refusal(exeBytes, 'invoice.pdf', 'application/pdf')).message).toMatch(/application\/x-msdownload are not accepted/);
    await refusal('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 'logo.svg', 'image/svg+xml');
    await refusal('<svg onload="alert(1)"></svg>', 'logo.svg', 'image/svg+xml');
    await refusal('<!doctype html><script>alert(1)</script>', 'page.html', 'text/html');
    await refusal('plain words', 'README', 'text/plain');
  });

  it('accepts text only by extension, as UTF-8 without NUL, and never markup posing as text', async () => {
    expect(await detect('id,name\n1,Störung\n', 'export.csv', 'application/vnd.ms-excel')).toBe('text/csv');
    expect(await detect('\uFEFFfirst line\nsecond\n', 'notes.txt', 'text/plain')).toBe('text/plain');
    expect(await detect('{"a":[1,2]}', 'data.json', 'application/json')).toBe('application/json');
    expect(await detect('From: a@example.com\r\nSubject: hi\r\n\r\nbody', 'mail.eml', 'message/rfc822')).toBe('message/rfc822');
    await refusal(Buffer.from('a,b\n\0\0,c\n'), 'export.csv', 'text/csv');
    await refusal(Buffer.from([0x61, 0xff, 0xfe, 0x62]), 'notes.txt', 'text/plain');
    await refusal('{"a":', 'data.json', 'application/json');
    await refusal('  <!DOCTYPE html><html><script>alert(1)</script>', 'notes.txt', 'text/plain');
    await refusal('<html><body onload=alert(1)>', 'data.csv', 'text/csv');
    await refusal('just text', 'mail.eml', 'message/rfc822');
    await refusal('id,name\n', 'export.csv', 'text/html');
  });

  it('does not inflate an oversized [Content_Types].xml (zip bomb): the file is only a zip', async () => {
    const bomb = contentTypesBombBytes();
    expect(bomb.length).toBeLessThan(200 * 1024);
    expect(await detect(bomb, 'bomb.zip', 'application/zip')).toBe('application/zip');
    await refusal(bomb, 'bomb.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  });
});
