import type { AckLinkPreview, AckLinkRefusal, AckLinkResult } from './ack-link.commands.js';

export type PageLocale = 'en' | 'de';

const texts = {
  en: {
    title: 'Acknowledge incident',
    confirm: (name: string) => `Acknowledge this incident as ${name}? Further pages for it stop.`,
    button: 'Acknowledge',
    already: 'This incident is already acknowledged; nobody is being paged for it any more.',
    finished: 'This incident is already resolved or closed.',
    done: 'Acknowledged. Further pages for this incident are stopped.',
    refused: 'The incident was not acknowledged',
    reasons: {
      invalid: 'This acknowledge link is not valid.',
      expired: 'This acknowledge link has expired. Open the incident in Vigil to acknowledge it there.',
      used: 'This acknowledge link was already used.',
      inactive: 'This acknowledge link belongs to an account that is no longer active.',
    },
  },
  de: {
    title: 'Vorfall bestätigen',
    confirm: (name: string) => `Diesen Vorfall als ${name} bestätigen? Weitere Alarmierungen dazu werden gestoppt.`,
    button: 'Bestätigen',
    already: 'Dieser Vorfall ist bereits bestätigt; niemand wird mehr dazu alarmiert.',
    finished: 'Dieser Vorfall ist bereits gelöst oder geschlossen.',
    done: 'Bestätigt. Weitere Alarmierungen zu diesem Vorfall sind gestoppt.',
    refused: 'Der Vorfall wurde nicht bestätigt',
    reasons: {
      invalid: 'Dieser Bestätigungslink ist ungültig.',
      expired: 'Dieser Bestätigungslink ist abgelaufen. Öffnen Sie den Vorfall in Vigil, um ihn dort zu bestätigen.',
      used: 'Dieser Bestätigungslink wurde bereits verwendet.',
      inactive: 'Dieser Bestätigungslink gehört zu einem Konto, das nicht mehr aktiv ist.',
    },
  },
} as const;

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The language of a page for someone we do not know yet: German when the browser prefers it. */
export function localeFromHeader(acceptLanguage: string | undefined): PageLocale {
  return /^\s*de\b/i.test(acceptLanguage ?? '') ? 'de' : 'en';
}

/** A small self-contained page: no scripts, no external resources, inline style only (the app's CSP allows it). */
function page(locale: PageLocale, heading: string, inner: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(heading)} · Vigil</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem 1rem;background:#f5f6f8;color:#1c2330}
main{max-width:32rem;margin:0 auto;background:#fff;border-radius:8px;padding:1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.25rem;margin:0 0 1rem}.incident{font-weight:600}
button{font:inherit;font-weight:600;padding:.75rem 1.5rem;border:0;border-radius:6px;background:#1f5fbf;color:#fff;cursor:pointer;width:100%}
</style>
</head>
<body><main>
<h1>${escapeHtml(heading)}</h1>
${inner}
</main></body>
</html>
`;
}

const incidentLine = (i: AckLinkPreview['incident']) => `<p class="incident">${escapeHtml(i.number)}: ${escapeHtml(i.title)}</p>`;
const finished = (i: AckLinkPreview['incident']) => i.stateCategory === 'resolved' || i.stateCategory === 'closed';

/** The confirmation page: a POST form to the same address, or why there is nothing to do. */
export function renderConfirmPage(preview: AckLinkPreview, action: string): string {
  const t = texts[preview.user.locale];
  const { incident } = preview;
  if (finished(incident)) return page(preview.user.locale, t.title, `${incidentLine(incident)}\n<p>${escapeHtml(t.finished)}</p>`);
  if (incident.acknowledgedAt) return page(preview.user.locale, t.title, `${incidentLine(incident)}\n<p>${escapeHtml(t.already)}</p>`);
  return page(
    preview.user.locale,
    t.title,
    `${incidentLine(incident)}
<p>${escapeHtml(t.confirm(preview.user.name))}</p>
<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(t.button)}</button></form>`,
  );
}

/** The page after acknowledging. */
export function renderDonePage(result: AckLinkResult): string {
  const t = texts[result.user.locale];
  const message = result.changed ? t.done : finished(result.incident) ? t.finished : t.already;
  return page(result.user.locale, t.title, `${incidentLine(result.incident)}\n<p>${escapeHtml(message)}</p>`);
}

/** Why a link did nothing: a known refusal in the reader's language, else the error's own message (e.g. a role that may not acknowledge). */
export function renderRefusedPage(locale: PageLocale, reason: AckLinkRefusal | null, message: string): string {
  return page(locale, texts[locale].refused, `<p>${escapeHtml(reason ? texts[locale].reasons[reason] : message)}</p>`);
}
