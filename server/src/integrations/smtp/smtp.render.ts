import type { MessageView } from '@vigil/shared';

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const toneColor: Record<MessageView['tone'], string> = { danger: '#b42318', warning: '#b54708', info: '#175cd3', good: '#067647' };

/** Only http(s) links become hrefs; anything else is shown as text. */
const safeHref = (url: string) => /^https?:\/\//i.test(url);

/** The HTML and plain-text bodies of one mail; every dynamic text is escaped in the HTML. */
export function renderEmail(view: MessageView, locale: string): { subject: string; text: string; html: string } {
  const text = [
    view.headline,
    '',
    view.intro,
    ...(view.incident ? ['', `${view.incident.number}: ${view.incident.title}`] : []),
    ...(view.body ? ['', view.body] : []),
    ...(view.facts.length ? ['', ...view.facts.map((f) => `${f.label}: ${f.value}`)] : []),
    ...(view.actions.length ? ['', ...view.actions.map((a) => `${a.label}: ${a.url}`)] : []),
    '',
    '-- ',
    view.footer,
    '',
  ].join('\n');

  const color = toneColor[view.tone];
  const facts = view.facts
    .map((f) => `<tr><td style="padding:2px 12px 2px 0;color:#475467">${escapeHtml(f.label)}</td><td style="padding:2px 0">${escapeHtml(f.value)}</td></tr>`)
    .join('');
  const actions = view.actions
    .filter((a) => safeHref(a.url))
    .map((a) =>
      a.primary
        ? `<a href="${escapeHtml(a.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border-radius:6px;background:${color};color:#fff;text-decoration:none">${escapeHtml(a.label)}</a>`
        : `<a href="${escapeHtml(a.url)}" style="display:inline-block;margin:0 8px 8px 0;padding:8px 14px;border-radius:6px;border:1px solid #d0d5dd;color:#344054;text-decoration:none">${escapeHtml(a.label)}</a>`,
    )
    .join('');
  const body = view.body ? `<div style="margin:16px 0;padding:12px;border-left:3px solid #d0d5dd;white-space:pre-wrap">${escapeHtml(view.body)}</div>` : '';
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(view.subject)}</title></head>
<body style="margin:0;padding:24px;background:#f9fafb;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;font-size:14px;color:#101828">
<div style="max-width:600px;margin:0 auto;background:#fff;border:1px solid #eaecf0;border-top:4px solid ${color};border-radius:8px;padding:24px">
<h1 style="margin:0 0 8px;font-size:18px">${escapeHtml(view.headline)}</h1>
<p style="margin:0 0 16px;color:#475467">${escapeHtml(view.intro)}</p>
${view.incident ? `<p style="margin:0 0 12px;font-weight:600">${escapeHtml(view.incident.number)}: ${escapeHtml(view.incident.title)}</p>` : ''}
${body}
${facts ? `<table style="border-collapse:collapse;margin:0 0 16px">${facts}</table>` : ''}
${actions ? `<div>${actions}</div>` : ''}
<p style="margin:16px 0 0;font-size:12px;color:#667085">${escapeHtml(view.footer)}</p>
</div>
</body></html>
`;
  return { subject: view.subject, text, html };
}
