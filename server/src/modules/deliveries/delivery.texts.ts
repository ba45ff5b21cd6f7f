import type { DeliveryMessage, Locale, MessageIncident, MessageView } from '@vigil/shared';

type Strings = {
  priority: string;
  severity: string;
  state: string;
  due: string;
  level: string;
  reason: string;
  assignee: string;
  assignedBy: string;
  author: string;
  open: string;
  acknowledge: string;
  footer: string;
  paged: { subject: string; headline: string; intro: string };
  escalated: { subject: string; headline: string; intro: string };
  assigned: { subject: string; headline: string; intro: string };
  warning: { subject: string; headline: string; intro: string };
  breached: { subject: string; headline: string; intro: string };
  update: { subject: string; headline: string; intro: string };
  test: { subject: string; headline: string; intro: string };
};

/** Message texts per language; {n} is the incident number, {t} its title, {c} a clock, {l} a level, {a} a person. */
const strings: Record<Locale, Strings> = {
  en: {
    priority: 'Priority',
    severity: 'Severity',
    state: 'State',
    due: 'Due',
    level: 'Escalation level',
    reason: 'Reason',
    assignee: 'Assignee',
    assignedBy: 'Assigned by',
    author: 'From',
    open: 'Open incident',
    acknowledge: 'Acknowledge',
    footer: 'Sent by Vigil incident management.',
    paged: { subject: '[{n}] Paged: {t}', headline: 'You are paged for {n}', intro: 'Please acknowledge and take a look at this incident.' },
    escalated: { subject: '[{n}] Escalated (level {l}): {t}', headline: '{n} was escalated to level {l}', intro: 'Nobody acknowledged this incident in time; it now reaches you.' },
    assigned: { subject: '[{n}] Assigned to {a}: {t}', headline: '{n} was assigned to {a}', intro: 'The incident has a new assignee.' },
    warning: { subject: '[{n}] {c} due soon: {t}', headline: '{c} of {n} is due soon', intro: 'The deadline below is close.' },
    breached: { subject: '[{n}] {c} breached: {t}', headline: '{c} of {n} was breached', intro: 'The deadline below has passed.' },
    update: { subject: '[{n}] Update: {t}', headline: 'Update on {n}', intro: 'There is news about the incident below.' },
    test: { subject: 'Vigil test message', headline: 'Vigil test message', intro: 'This destination is set up correctly: Vigil can deliver messages to it.' },
  },
  de: {
    priority: 'Priorität',
    severity: 'Schweregrad',
    state: 'Status',
    due: 'Fällig',
    level: 'Eskalationsstufe',
    reason: 'Grund',
    assignee: 'Zuständig',
    assignedBy: 'Zugewiesen von',
    author: 'Von',
    open: 'Vorfall öffnen',
    acknowledge: 'Bestätigen',
    footer: 'Gesendet von Vigil Incident Management.',
    paged: { subject: '[{n}] Alarmierung: {t}', headline: 'Sie werden für {n} alarmiert', intro: 'Bitte bestätigen Sie den Vorfall und sehen Sie ihn sich an.' },
    escalated: { subject: '[{n}] Eskaliert (Stufe {l}): {t}', headline: '{n} wurde auf Stufe {l} eskaliert', intro: 'Niemand hat diesen Vorfall rechtzeitig bestätigt; er erreicht jetzt Sie.' },
    assigned: { subject: '[{n}] {a} zugewiesen: {t}', headline: '{n} wurde {a} zugewiesen', intro: 'Der Vorfall hat eine neue zuständige Person.' },
    warning: { subject: '[{n}] {c} bald fällig: {t}', headline: '{c} von {n} ist bald fällig', intro: 'Die folgende Frist läuft bald ab.' },
    breached: { subject: '[{n}] {c} überschritten: {t}', headline: '{c} von {n} wurde überschritten', intro: 'Die folgende Frist ist abgelaufen.' },
    update: { subject: '[{n}] Aktualisierung: {t}', headline: 'Neuigkeiten zu {n}', intro: 'Es gibt Neuigkeiten zum folgenden Vorfall.' },
    test: { subject: 'Vigil-Testnachricht', headline: 'Vigil-Testnachricht', intro: 'Dieses Ziel ist richtig eingerichtet: Vigil kann Nachrichten dorthin zustellen.' },
  },
};

/** A deadline as the recipient reads it, in UTC (the recipient's time zone is not known here). */
function formatDue(iso: string, locale: Locale): string {
  const d = new Date(iso);
  const text = new Intl.DateTimeFormat(locale === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d);
  return `${text} UTC`;
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w)\}/g, (m, k: string) => values[k] ?? m);
}

/** A notification worded by its sender: its title and body as they are, with the acknowledge and incident links. */
function notificationView(message: Extract<DeliveryMessage, { kind: 'notification' }>, s: Strings): MessageView {
  const incident = message.incident;
  const actions: MessageView['actions'] = [];
  if (message.ackUrl) actions.push({ label: s.acknowledge, url: message.ackUrl, primary: true });
  if (incident?.url) actions.push({ label: s.open, url: incident.url, primary: actions.length === 0 });
  return {
    subject: incident ? `[${incident.number}] ${message.title}` : message.title,
    headline: message.title,
    intro: incident ? `${incident.number}: ${incident.title}` : '',
    body: message.body || null,
    facts: [],
    actions,
    incident: incident ? { id: incident.id, number: incident.number, title: incident.title, url: incident.url ?? '' } : null,
    automatic: true,
    tone: message.urgency === 'high' ? 'danger' : 'info',
    footer: s.footer,
  };
}

/** Builds the localized, channel-neutral view of a message. */
export function buildMessageView(message: DeliveryMessage, locale: Locale): MessageView {
  const s = strings[locale];
  if (message.kind === 'notification') return notificationView(message, s);
  const incident: MessageIncident | null = message.kind === 'channel.test' ? null : message.incident;
  const values: Record<string, string> = incident ? { n: incident.number, t: incident.title } : {};
  const facts: MessageView['facts'] = incident
    ? [
        { label: s.priority, value: incident.priority },
        { label: s.severity, value: incident.severity },
        { label: s.state, value: incident.state },
      ]
    : [];
  const actions: MessageView['actions'] = [];
  let texts = s.test;
  let body: string | null = null;
  let tone: MessageView['tone'] = 'info';
  switch (message.kind) {
    case 'incident.paged':
      texts = s.paged;
      tone = 'danger';
      if (message.level !== undefined) facts.push({ label: s.level, value: String(message.level) });
      if (message.reason) facts.push({ label: s.reason, value: message.reason });
      if (message.ackUrl) actions.push({ label: s.acknowledge, url: message.ackUrl, primary: true });
      break;
    case 'incident.escalated':
      texts = s.escalated;
      tone = 'danger';
      values.l = String(message.level);
      facts.push({ label: s.level, value: String(message.level) });
      if (message.ackUrl) actions.push({ label: s.acknowledge, url: message.ackUrl, primary: true });
      break;
    case 'incident.assigned':
      texts = s.assigned;
      values.a = message.assignee;
      facts.push({ label: s.assignee, value: message.assignee });
      if (message.assignedBy) facts.push({ label: s.assignedBy, value: message.assignedBy });
      break;
    case 'clock.warning':
    case 'clock.breached':
      texts = message.kind === 'clock.warning' ? s.warning : s.breached;
      tone = message.kind === 'clock.warning' ? 'warning' : 'danger';
      values.c = message.clock;
      facts.push({ label: s.due, value: formatDue(message.dueAt, locale) });
      break;
    case 'communication.public_update':
      texts = s.update;
      body = message.body;
      if (message.author) facts.push({ label: s.author, value: message.author });
      break;
    case 'channel.test':
      tone = 'good';
      break;
    default:
      break;
  }
  if (incident) actions.push({ label: s.open, url: incident.url, primary: actions.length === 0 });
  return {
    subject: fill(texts.subject, values),
    headline: fill(texts.headline, values),
    intro: texts.intro,
    body,
    facts,
    actions,
    incident: incident ? { id: incident.id, number: incident.number, title: incident.title, url: incident.url } : null,
    automatic: message.kind !== 'communication.public_update',
    tone,
    footer: s.footer,
  };
}
