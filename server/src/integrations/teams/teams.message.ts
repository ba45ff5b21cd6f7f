import type { MessageView } from '@vigil/shared';
import { truncateText } from '@vigil/shared';

/**
 * Microsoft Teams messages for a Workflows webhook ("When a Teams webhook request is received"):
 * an Adaptive Card 1.4 in a message attachment (Workflows take Adaptive Cards only). Text goes in
 * RichTextBlock TextRuns, which Teams does not parse as Markdown, so user text needs no escaping and
 * cannot add links or formatting; the only action is Action.OpenUrl back to Vigil.
 */

export const TEAMS_MAX_BYTES = 28_000;

const toneColor: Record<MessageView['tone'], string> = { danger: 'Attention', warning: 'Warning', info: 'Accent', good: 'Good' };
const safeUrl = (url: string) => /^https?:\/\//i.test(url);

export type TeamsPayload = { type: 'message'; attachments: Array<{ contentType: string; contentUrl: null; content: Record<string, unknown> }> };

const run = (text: string, extra: Record<string, unknown> = {}) => ({ type: 'TextRun', text, ...extra });
const rich = (inlines: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => ({ type: 'RichTextBlock', inlines, ...extra });

function card(view: MessageView, bodyChars: number): TeamsPayload {
  const body: Array<Record<string, unknown>> = [
    rich([run(truncateText(view.headline, 300), { weight: 'Bolder', size: 'Medium', color: toneColor[view.tone] })]),
    rich([run(truncateText(view.intro, 1_000))]),
  ];
  if (view.incident) body.push(rich([run(`${view.incident.number}: `, { weight: 'Bolder' }), run(truncateText(view.incident.title, 500))]));
  if (view.body) body.push(rich([run(truncateText(view.body, bodyChars))], { separator: true }));
  for (const f of view.facts.slice(0, 20)) body.push(rich([run(`${truncateText(f.label, 100)}: `, { weight: 'Bolder' }), run(truncateText(f.value, 500))], { spacing: 'Small' }));
  body.push(rich([run(truncateText(view.footer, 300), { isSubtle: true, size: 'Small' })], { separator: true }));
  const actions = view.actions.filter((a) => safeUrl(a.url)).slice(0, 5).map((a) => ({ type: 'Action.OpenUrl', title: truncateText(a.label, 75), url: a.url, ...(a.primary ? { style: 'positive' } : {}) }));
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', msteams: { width: 'Full' }, body, actions },
      },
    ],
  };
}

/** The card, with a body shortened until the whole message fits the 28 KB Teams limit. */
export function renderTeamsMessage(view: MessageView): TeamsPayload {
  let bodyChars = 10_000;
  let payload = card(view, bodyChars);
  while (Buffer.byteLength(JSON.stringify(payload)) > TEAMS_MAX_BYTES && bodyChars > 100) {
    bodyChars = Math.floor(bodyChars / 2);
    payload = card(view, bodyChars);
  }
  return payload;
}
