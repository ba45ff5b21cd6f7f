import type { MessageView } from '@vigil/shared';

/**
 * Mattermost incoming-webhook payloads: Markdown `text` plus one Slack-compatible attachment. User
 * text is Markdown-escaped and @-mentions are broken with a zero-width space, so alert or incident
 * content cannot notify @channel, @all, @here or a person.
 */

const colors: Record<MessageView['tone'], string> = { danger: '#d92d20', warning: '#f79009', info: '#1570ef', good: '#12b76a' };

/** Backslash-escapes Markdown syntax and defuses @mentions. */
export function escapeMattermost(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&').replace(/@/g, '@\u200b');
}

function within(text: string, max: number): string {
  const escaped = escapeMattermost(text);
  return escaped.length <= max ? escaped : `${escaped.slice(0, max - 1).replace(/\\$/, '')}…`;
}

const safeUrl = (url: string) => /^https?:\/\/[^\s()<>]+$/i.test(url);

export type MattermostPayload = { text: string; attachments: Array<Record<string, unknown>> };

/** One post: the subject as text, the details in an attachment (post text limit 16383 characters). */
export function renderMattermostMessage(view: MessageView): MattermostPayload {
  const links = view.actions.filter((a) => safeUrl(a.url)).map((a) => `[${within(a.label, 100)}](${a.url})`);
  const text = [within(view.intro, 2_000), view.body ? `\n${within(view.body, 10_000)}` : '', links.length ? `\n${links.join(' · ')}` : ''].join('');
  return {
    text: `**${within(view.subject, 1_000)}**`,
    attachments: [
      {
        fallback: view.subject.replace(/@/g, '@\u200b').slice(0, 1_000),
        color: colors[view.tone],
        title: view.incident ? `${view.incident.number}: ${view.incident.title}`.replace(/@/g, '@\u200b').slice(0, 500) : view.headline.replace(/@/g, '@\u200b').slice(0, 500),
        ...(view.incident && safeUrl(view.incident.url) ? { title_link: view.incident.url } : {}),
        text,
        fields: view.facts.slice(0, 20).map((f) => ({ short: true, title: f.label.replace(/@/g, '@\u200b').slice(0, 100), value: within(f.value, 1_000) })),
        footer: view.footer,
      },
    ],
  };
}
