import { describe, expect, it } from 'vitest';
import { addressOf, autoReplyReason, classifyRecipient, cleanText, incidentIdsInReferences, incidentNumberInSubject, stripQuotedReply } from './mail-in.classify.js';

const id = '0b5f3c1e-7a2d-4f3e-9c1a-2d3e4f5a6b7c';
const none = () => undefined;

describe('inbound mail rules', () => {
  it('tells our addresses apart: reply tokens, integration keys, the plain address, and everything else', () => {
    const inbound = 'Incidents@Vigil.Test';
    expect(classifyRecipient(inbound, 'incidents@vigil.test')).toEqual({ kind: 'plain' });
    expect(classifyRecipient(inbound, `incidents+${'a'.repeat(32)}@vigil.test`)).toEqual({ kind: 'integration', key: 'a'.repeat(32) });
    expect(classifyRecipient(inbound, `incidents+${'b'.repeat(42)}@VIGIL.test`)).toEqual({ kind: 'reply_token', address: `incidents+${'b'.repeat(42)}@vigil.test` });
    expect(classifyRecipient(inbound, 'incidents+whatever@vigil.test')).toEqual({ kind: 'plain' });
    expect(classifyRecipient(inbound, 'other@vigil.test')).toEqual({ kind: 'foreign' });
    expect(classifyRecipient(inbound, 'incidents@vigil.test.evil.example')).toEqual({ kind: 'foreign' });
    expect(classifyRecipient(inbound, 'not an address')).toEqual({ kind: 'foreign' });
  });

  it('finds incident ids only in Message-IDs of our own host', () => {
    expect(incidentIdsInReferences('vigil.test', [`<incident-${id}@vigil.test>`, `<${id}.42@vigil.test> <incident-${id}@vigil.test>`])).toEqual([id]);
    expect(incidentIdsInReferences('vigil.test', [`<incident-${id}@evil.example>`, `<incident-${id}@vigilXtest>`, undefined])).toEqual([]);
  });

  it('reads numbers from subjects and addresses from mailboxes', () => {
    expect(incidentNumberInSubject('Re: [INC-2026-000042] Mail relay down')).toBe('INC-2026-000042');
    expect(incidentNumberInSubject('Re: INC-2026-42')).toBeNull();
    expect(addressOf('Rita <Rita@Example.COM>')).toBe('rita@example.com');
    expect(addressOf('nobody')).toBeNull();
  });

  it('keeps only the new text of a reply, in English and German clients', () => {
    expect(stripQuotedReply('Fixed now.\n\nOn Tue, 2 Jun 2026, Vigil <v@x> wrote:\n> old')).toBe('Fixed now.');
    expect(stripQuotedReply('Erledigt.\n\nAm 02.06.2026 um 10:00 schrieb Vigil <v@x>:\n> alt')).toBe('Erledigt.');
    expect(stripQuotedReply('Thanks\n> quoted\n> more')).toBe('Thanks');
    expect(stripQuotedReply('> only a quote')).toBe('> only a quote');
    expect(cleanText('a\u0000b\u0007c\n', 10)).toBe('abc');
    expect(cleanText('x'.repeat(20), 10)).toHaveLength(10);
  });

  it('recognises machine mail by RFC 3834 and common headers, not a person writing Auto-Submitted: no', () => {
    const h = (headers: Record<string, string>) => (name: string) => headers[name];
    expect(autoReplyReason(h({ 'auto-submitted': 'auto-generated' }), 'a@b.c', 'a@b.c')).toBe('auto_submitted');
    expect(autoReplyReason(h({ 'auto-submitted': 'no' }), 'a@b.c', 'a@b.c')).toBeNull();
    expect(autoReplyReason(none, '', 'a@b.c')).toBe('bounce');
    expect(autoReplyReason(none, 'x@b.c', 'MAILER-DAEMON@b.c')).toBe('bounce');
    expect(autoReplyReason(h({ 'content-type': 'multipart/report; report-type=delivery-status' }), 'x@b.c', 'x@b.c')).toBe('delivery_report');
    expect(autoReplyReason(none, 'x@b.c', 'x@b.c')).toBeNull();
  });
});
