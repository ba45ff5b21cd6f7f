import type { MessageView } from '@vigil/shared';
import { truncateText } from '@vigil/shared';

/**
 * Slack incoming-webhook payloads: `text` (the notification and screen-reader fallback) plus Block
 * Kit blocks. User text is escaped (& < >), so it cannot ping channels (<!channel>), mention people
 * (<@U…>) or disguise links (<url|label>).
 */

export function escapeSlack(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
}

/** Escapes, then cuts to `max` characters without leaving half an entity at the end. */
export function escapeSlackWithin(text: string, max: number): string {
  const escaped = escapeSlack(text);
  if (escaped.length <= max) return escaped;
  return `${escaped.slice(0, max - 1).replace(/&[a-z]{0,3}$/, '')}…`;
}

const safeUrl = (url: string) => /^https?:\/\/[^\s<>|]+$/i.test(url);

export type SlackPayload = { text: string; blocks: Array<Record<string, unknown>> };

/** Slack limits: section text 3000 characters, 10 fields of 2000, 5 buttons shown here, 50 blocks. */
export function renderSlackMessage(view: MessageView): SlackPayload {
  const blocks: Array<Record<string, unknown>> = [];
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeSlackWithin(view.headline, 300)}*\n${escapeSlackWithin(view.intro, 2_600)}` } });
  if (view.incident) {
    const number = escapeSlack(view.incident.number);
    const link = safeUrl(view.incident.url) ? `<${view.incident.url}|${number}>` : number;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${link}* ${escapeSlackWithin(view.incident.title, 2_800)}` } });
  }
  if (view.body) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeSlackWithin(view.body, 3_000) } });
  if (view.facts.length > 0) {
    blocks.push({
      type: 'section',
      fields: view.facts.slice(0, 10).map((f) => ({ type: 'mrkdwn', text: `*${escapeSlackWithin(f.label, 100)}*\n${escapeSlackWithin(f.value, 1_800)}` })),
    });
  }
  const buttons = view.actions.filter((a) => safeUrl(a.url)).slice(0, 5);
  if (buttons.length > 0) {
    blocks.push({
      type: 'actions',
      elements: buttons.map((a) => ({ type: 'button', text: { type: 'plain_text', text: truncateText(a.label, 75) }, url: a.url, ...(a.primary ? { style: 'primary' } : {}) })),
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeSlackWithin(view.footer, 300) }] });
  // Slack refuses a message without text (no_text); the subject is never meant to be empty, but never send one.
  return { text: escapeSlackWithin(view.subject.trim() || view.headline.trim() || 'Vigil', 3_000), blocks };
}
