import { describe, expect, it } from 'vitest';
import { contentDisposition, extensionOf, sanitizeFilename } from './attachment.filename.js';

describe('attachment file names', () => {
  it('drops directory parts on either slash, so a name never walks out of anywhere', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('..\\..\\windows\\system32\\cmd.exe')).toBe('cmd.exe');
    expect(sanitizeFilename('/var/data/attachments/ab/cd/report.pdf')).toBe('report.pdf');
    expect(sanitizeFilename('..')).toBe('attachment');
    expect(sanitizeFilename('dir/')).toBe('attachment');
    expect(sanitizeFilename(undefined)).toBe('attachment');
  });

  it('removes control and bidi-override characters and trims dots and spaces', () => {
    expect(sanitizeFilename('in\u0000voice\r\n.pdf')).toBe('invoice.pdf');
    expect(sanitizeFilename('photo\u202Egpj.exe')).toBe('photogpj.exe');
    expect(sanitizeFilename('  ..hidden name.txt. ')).toBe('hidden name.txt');
    expect(sanitizeFilename('two  spaces\t.txt')).toBe('two spaces.txt');
  });

  it('keeps Unicode names and cuts long ones to 200 characters with the extension kept', () => {
    expect(sanitizeFilename('Störungsbericht – Halle 3 📷.png')).toBe('Störungsbericht – Halle 3 📷.png');
    const long = sanitizeFilename('x'.repeat(300) + '.pdf');
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('x.pdf')).toBe(true);
    const emoji = sanitizeFilename('📷'.repeat(250));
    expect(Array.from(emoji)).toHaveLength(200);
    expect(emoji).not.toMatch(/[\uD800-\uDBFF]$/);
  });

  it('reads the extension in lower case, none for dot-files and bare names', () => {
    expect(extensionOf('Report.PDF')).toBe('pdf');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('README')).toBe('');
    expect(extensionOf('.env')).toBe('');
  });

  it('encodes Content-Disposition per RFC 6266 with an ASCII fallback and an exact UTF-8 filename*', () => {
    expect(contentDisposition('attachment', 'report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
    expect(contentDisposition('attachment', 'Störung "Halle"; 50%.txt')).toBe(
      `attachment; filename="St_rung _Halle__ 50_.txt"; filename*=UTF-8''St%C3%B6rung%20%22Halle%22%3B%2050%25.txt`,
    );
    expect(contentDisposition('inline', "it's (1)*.png")).toBe(`inline; filename="it's (1)*.png"; filename*=UTF-8''it%27s%20%281%29%2A.png`);
  });
});
