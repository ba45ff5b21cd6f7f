import type { AlertBatch, ChangeSignal } from '../../modules/alerts/index.js';

/**
 * PagerDuty Events API v2 (developer.pagerduty.com/docs/events-api-v2): the alert event of
 * POST /v2/enqueue and the change event of POST /v2/change/enqueue, checked the way PagerDuty checks
 * them, every problem collected into `errors` in PagerDuty's own wording.
 */

export const pagerDutyActions = ['trigger', 'acknowledge', 'resolve'] as const;
export type PagerDutyAction = (typeof pagerDutyActions)[number];
export const pagerDutySeverities = ['critical', 'error', 'warning', 'info'] as const;

export const PAGERDUTY_MAX_BODY_BYTES = 512 * 1024;
const MAX_DEDUP_KEY = 255;
const MAX_SUMMARY = 1024;

export type PagerDutyLink = { href: string; text?: string };
export type PagerDutyImage = { src: string; href?: string; alt?: string };

export type PagerDutyEvent = {
  routing_key: string;
  event_action: PagerDutyAction;
  dedup_key?: string;
  payload?: {
    summary: string;
    source: string;
    severity: (typeof pagerDutySeverities)[number];
    timestamp?: string;
    component?: string;
    group?: string;
    class?: string;
    custom_details?: unknown;
  };
  images?: PagerDutyImage[];
  links?: PagerDutyLink[];
  client?: string;
  client_url?: string;
};

export type PagerDutyChangeEvent = {
  routing_key: string;
  payload: { summary: string; source?: string; timestamp?: string; custom_details?: unknown };
  links?: PagerDutyLink[];
};

export type Checked<T> = { ok: true; event: T } | { ok: false; errors: string[] };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function checkRoutingKey(body: Record<string, unknown>, errors: string[]): void {
  const key = body.routing_key;
  if (blank(key)) return void errors.push("'routing_key' is missing or blank");
  if (typeof key !== 'string') return void errors.push("'routing_key' must be a string");
  if (key.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!/^[A-Za-z0-9]*$/.test(key)) errors.push("'routing_key' cannot contain non-alphanumeric characters.");
}

function checkOptionalString(obj: Record<string, unknown>, field: string, label: string, errors: string[], max = 10_000): void {
  const v = obj[field];
  if (v === undefined || v === null) return;
  if (typeof v !== 'string') errors.push(`'${label}' must be a string`);
  else if (v.length > max) errors.push(`Length of '${label}' must not exceed ${max} characters`);
}

function checkTimestamp(obj: Record<string, unknown>, label: string, errors: string[]): void {
  const v = obj.timestamp;
  if (v === undefined || v === null) return;
  if (typeof v !== 'string' || !isIsoTimestamp(v)) errors.push(`'${label}' is invalid (must be an ISO 8601 timestamp)`);
}

/** ISO 8601 date-time as PagerDuty's examples send it (offset with or without a colon, or Z). */
export function isIsoTimestamp(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/.test(v)) return false;
  const ms = Date.parse(normalizeOffset(v));
  if (Number.isNaN(ms)) return false;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1900 && year <= 9999;
}

/** `+0000` -> `+00:00`, which every Date parser reads. */
export function normalizeOffset(v: string): string {
  return v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

function checkLinks(body: Record<string, unknown>, errors: string[]): void {
  const links = body.links;
  if (links === undefined || links === null) return;
  if (!Array.isArray(links)) return void errors.push("'links' must be an array");
  links.forEach((l, i) => {
    if (!isObject(l) || typeof l.href !== 'string' || l.href.trim() === '') errors.push(`'links[${i}].href' is missing or blank`);
    else if (l.text !== undefined && typeof l.text !== 'string') errors.push(`'links[${i}].text' must be a string`);
  });
}

function checkImages(body: Record<string, unknown>, errors: string[]): void {
  const images = body.images;
  if (images === undefined || images === null) return;
  if (!Array.isArray(images)) return void errors.push("'images' must be an array");
  images.forEach((img, i) => {
    if (!isObject(img) || typeof img.src !== 'string' || img.src.trim() === '') errors.push(`'images[${i}].src' is missing or blank`);
    else if (!img.src.startsWith('https://')) errors.push(`'images[${i}].src' must be an HTTPS URL`);
  });
}

/** Checks an alert event (trigger, acknowledge or resolve) and reports every problem at once. */
export function checkPagerDutyEvent(body: unknown): Checked<PagerDutyEvent> {
  if (!isObject(body)) return { ok: false, errors: ['Event must be a JSON object'] };
  const errors: string[] = [];
  checkRoutingKey(body, errors);
  const action = body.event_action;
  if (blank(action)) errors.push("'event_action' is missing or blank");
  else if (typeof action !== 'string' || !(pagerDutyActions as readonly string[]).includes(action)) {
    errors.push("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
  }
  const dedup = body.dedup_key;
  if (dedup !== undefined && dedup !== null) {
    if (typeof dedup !== 'string') errors.push("'dedup_key' must be a string");
    else if (dedup.length > MAX_DEDUP_KEY) errors.push(`Length of 'dedup_key' must not exceed ${MAX_DEDUP_KEY} characters`);
  }
  if ((action === 'acknowledge' || action === 'resolve') && blank(dedup)) errors.push("'dedup_key' is missing or blank");
  if (action === 'trigger') {
    const payload = body.payload;
    if (!isObject(payload)) errors.push("'payload' is missing or not an object");
    else {
      if (blank(payload.summary)) errors.push("'payload.summary' is missing or blank");
      else if (typeof payload.summary !== 'string') errors.push("'payload.summary' must be a string");
      else if (payload.summary.length > MAX_SUMMARY) errors.push(`Length of 'payload.summary' must not exceed ${MAX_SUMMARY} characters`);
      if (blank(payload.source)) errors.push("'payload.source' is missing or blank");
      else if (typeof payload.source !== 'string') errors.push("'payload.source' must be a string");
      if (blank(payload.severity)) errors.push("'payload.severity' is missing or blank");
      else if (typeof payload.severity !== 'string' || !(pagerDutySeverities as readonly string[]).includes(payload.severity)) {
        errors.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
      }
      checkTimestamp(payload, 'payload.timestamp', errors);
      for (const f of ['component', 'group', 'class']) checkOptionalString(payload, f, `payload.${f}`, errors, 1024);
    }
  }
  checkLinks(body, errors);
  checkImages(body, errors);
  checkOptionalString(body, 'client', 'client', errors, 1024);
  checkOptionalString(body, 'client_url', 'client_url', errors, 2048);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, event: body as PagerDutyEvent };
}

/** Checks a change event: routing key, payload.summary (required), source and timestamp. */
export function checkPagerDutyChange(body: unknown): Checked<PagerDutyChangeEvent> {
  if (!isObject(body)) return { ok: false, errors: ['Event must be a JSON object'] };
  const errors: string[] = [];
  checkRoutingKey(body, errors);
  const payload = body.payload;
  if (!isObject(payload)) errors.push("'payload' is missing or not an object");
  else {
    if (blank(payload.summary)) errors.push("'payload.summary' is missing or blank");
    else if (typeof payload.summary !== 'string') errors.push("'payload.summary' must be a string");
    else if (payload.summary.length > MAX_SUMMARY) errors.push(`Length of 'payload.summary' must not exceed ${MAX_SUMMARY} characters`);
    checkOptionalString(payload, 'source', 'payload.source', errors, 1024);
    checkTimestamp(payload, 'payload.timestamp', errors);
  }
  checkLinks(body, errors);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, event: body as PagerDutyChangeEvent };
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** The labels a PagerDuty event offers to label routes: the payload's classification fields and flat custom details. */
function labelsOf(event: PagerDutyEvent): Record<string, string> {
  const labels: Record<string, string> = {};
  const p = event.payload;
  if (!p) return labels;
  if (isObject(p.custom_details)) {
    for (const [k, v] of Object.entries(p.custom_details)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') labels[k] = String(v);
    }
  }
  for (const f of ['source', 'component', 'group', 'class', 'severity'] as const) {
    const v = text(p[f]);
    if (v) labels[f] = v;
  }
  return labels;
}

function describe(event: PagerDutyEvent): string {
  const p = event.payload;
  if (!p) return '';
  const lines = [p.summary, ''];
  for (const [label, value] of [
    ['Source', p.source],
    ['Severity', p.severity],
    ['Component', p.component],
    ['Group', p.group],
    ['Class', p.class],
    ['Client', event.client],
    ['Client URL', event.client_url],
  ] as const) {
    if (text(value)) lines.push(`${label}: ${value}`);
  }
  if (p.custom_details !== undefined && p.custom_details !== null) {
    lines.push('', 'Details:', typeof p.custom_details === 'string' ? p.custom_details : JSON.stringify(p.custom_details, null, 2));
  }
  const links = event.links ?? [];
  if (links.length > 0) lines.push('', 'Links:', ...links.map((l) => `- ${l.text ? `${l.text}: ` : ''}${l.href}`));
  return lines.join('\n').trim();
}

/**
 * The batch of one stored alert event: a single signal keyed by its dedup_key (the generated one when
 * a trigger came without), whose group is the alert itself.
 */
export function pagerDutyBatch(event: PagerDutyEvent, dedupKey: string): AlertBatch {
  const p = event.payload;
  const title = p?.summary ?? `PagerDuty ${event.event_action} ${dedupKey}`;
  return {
    groupKey: dedupKey,
    groupTitle: title,
    groupResolved: event.event_action === 'resolve',
    signals: [
      {
        action: event.event_action,
        dedupKey,
        title,
        severity: p?.severity ?? null,
        source: text(p?.source),
        labels: labelsOf(event),
        description: describe(event),
        occurredAt: p?.timestamp ? new Date(normalizeOffset(p.timestamp)).toISOString() : null,
        details: {
          ...(p?.component ? { component: p.component } : {}),
          ...(p?.group ? { group: p.group } : {}),
          ...(p?.class ? { class: p.class } : {}),
          ...(event.client ? { client: event.client } : {}),
          ...(event.client_url ? { clientUrl: event.client_url } : {}),
          ...(event.links?.length ? { links: event.links } : {}),
        },
      },
    ],
  };
}

/** What a change event shows on a timeline. */
export function pagerDutyChange(event: PagerDutyChangeEvent): ChangeSignal {
  return {
    summary: event.payload.summary,
    source: text(event.payload.source),
    timestamp: event.payload.timestamp ? new Date(normalizeOffset(event.payload.timestamp)).toISOString() : null,
    links: (event.links ?? []).map((l) => ({ href: l.href, ...(l.text ? { text: l.text } : {}) })),
  };
}

/** The bodies PagerDuty answers with; senders parse dedup_key out of the 202. */
export const pagerDutyResponses = {
  accepted: (dedupKey: string) => ({ status: 'success', message: 'Event processed', dedup_key: dedupKey }),
  changeAccepted: () => ({ status: 'success', message: 'Change event processed' }),
  invalid: (errors: string[]) => ({ status: 'invalid event', message: 'Event object is invalid', errors }),
  throttled: () => ({ status: 'throttle event', message: 'Requests for this service are arriving too quickly. Please retry later.' }),
};
