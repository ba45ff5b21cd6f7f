import fc from 'fast-check';
import type { MessageView } from '@vigil/shared';
import { describe, expect, it } from 'vitest';
import { renderMattermostMessage } from '../mattermost/mattermost.message.js';
import { renderTeamsMessage, TEAMS_MAX_BYTES } from '../teams/teams.message.js';
import { renderSlackMessage } from './slack.message.js';

const nasty = ['<!channel>', '<!here>', '<@U123>', '@channel', '@all', '@here', '<https://evil.example|click>', '[x](javascript:alert(1))', '<script>alert(1)</script>', '*_~`', '&amp;', '💥', 'Ünïcödé', '\n\n'];
const text = (max: number) => fc.array(fc.oneof(fc.constantFrom(...nasty), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: max }).map((parts) => parts.join(' '));

const view = fc.record({
  subject: text(30),
  headline: text(30),
  intro: text(10),
  body: fc.option(fc.oneof(text(50), fc.string({ minLength: 10_000, maxLength: 12_000 })), { nil: null }),
  facts: fc.array(fc.record({ label: text(3), value: text(20) }), { maxLength: 12 }),
  actions: fc.array(fc.record({ label: text(3), url: fc.oneof(fc.webUrl(), fc.constantFrom('javascript:alert(1)', 'https://x.example/a|b>c')), primary: fc.boolean() }), { maxLength: 7 }),
  incident: fc.option(fc.record({ id: fc.uuid(), number: fc.constantFrom('INC-2026-000042', 'SEC-2026-000001'), title: text(40), url: fc.webUrl() }), { nil: null }),
  automatic: fc.boolean(),
  tone: fc.constantFrom('danger', 'warning', 'info', 'good'),
  footer: fc.constant('Sent by Vigil incident management.'),
}) as fc.Arbitrary<MessageView>;

/** Slack control sequences start with "<"; escaped user text never contains a raw "<" or ">". */
const rawSlackControl = /<(?!https?:\/\/[^|>\s]+\|)/;

describe('chat renderers over many incident variants (long, Unicode, mentions, Markdown and HTML injection)', () => {
  it('Slack: text always present, at most 50 blocks, section texts within 3000 characters, no raw control sequences from user text', () => {
    fc.assert(
      fc.property(view, (v) => {
        const p = renderSlackMessage(v);
        expect(p.text.length).toBeGreaterThan(0);
        expect(p.text.length).toBeLessThanOrEqual(3_000);
        expect(p.blocks.length).toBeLessThanOrEqual(50);
        for (const b of p.blocks as Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ url?: string; text?: unknown }> }>) {
          if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3_000);
          for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2_000);
          const texts = [b.text?.text, ...(b.fields ?? []).map((f) => f.text)].filter((t): t is string => typeof t === 'string');
          for (const t of texts) expect(t).not.toMatch(rawSlackControl);
          for (const e of b.elements ?? []) if (e.url) expect(e.url).toMatch(/^https?:\/\/[^\s<>|]+$/);
        }
        expect(p.text).not.toMatch(/[<>]/);
      }),
      { numRuns: 60 },
    );
  });

  it('Teams: a valid Adaptive Card of at most 28 KB with text only in TextRuns and http(s) actions only', () => {
    fc.assert(
      fc.property(view, (v) => {
        const p = renderTeamsMessage(v);
        const json = JSON.stringify(p);
        expect(Buffer.byteLength(json)).toBeLessThanOrEqual(TEAMS_MAX_BYTES);
        const card = p.attachments[0]!.content as { type: string; version: string; body: Array<{ type: string; inlines: Array<{ type: string }> }>; actions: Array<{ type: string; url: string }> };
        expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
        for (const b of card.body) {
          expect(b.type).toBe('RichTextBlock');
          for (const i of b.inlines) expect(i.type).toBe('TextRun');
        }
        for (const a of card.actions) {
          expect(a.type).toBe('Action.OpenUrl');
          expect(a.url).toMatch(/^https?:\/\//i);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('Mattermost: valid JSON whose Markdown carries no live mention and no injected link', () => {
    fc.assert(
      fc.property(view, (v) => {
        const p = JSON.parse(JSON.stringify(renderMattermostMessage(v))) as { text: string; attachments: Array<{ text: string; title: string; fallback: string; fields: Array<{ title: string; value: string }> }> };
        const a = p.attachments[0]!;
        const all = [p.text, a.text, a.title, a.fallback, ...a.fields.flatMap((f) => [f.title, f.value])].join('\n');
        expect(all).not.toMatch(/@(channel|all|here)\b/);
        expect([p.text, a.text, ...a.fields.map((f) => f.value)].join('\n')).not.toMatch(/(?<!\\)\]\((?!https?:\/\/)/);
      }),
      { numRuns: 60 },
    );
  });
});
