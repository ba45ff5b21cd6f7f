import type { WebhookMapping } from '@vigil/shared';
import type { AlertBatch } from '../../modules/alerts/index.js';
import { evaluateFieldPath } from './json-path.js';

/**
 * A generic JSON webhook: any JSON object, read through the integration's field mapping (title,
 * dedup key, severity, description, labels, and a resolve condition).
 */

const MAX_KEY = 255;

/** A scalar as text; objects and arrays are not a title or a key. */
function scalarText(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return null;
}

export type WebhookCheck = { ok: true; title: string; dedupKey: string | null } | { ok: false; errors: Array<{ path: string; message: string }> };

/** What the request path checks before storing: a JSON object whose title path finds text and whose dedup key (if mapped) fits. */
export function checkWebhookBody(body: unknown, mapping: WebhookMapping): WebhookCheck {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return { ok: false, errors: [{ path: 'body', message: 'must be a JSON object' }] };
  const errors: Array<{ path: string; message: string }> = [];
  const title = scalarText(evaluateFieldPath(body, mapping.title));
  if (title === null) errors.push({ path: mapping.title, message: 'finds no text for the title' });
  let dedupKey: string | null = null;
  if (mapping.dedupKey) {
    const raw = evaluateFieldPath(body, mapping.dedupKey);
    if (raw !== undefined && raw !== null) {
      dedupKey = scalarText(raw);
      if (dedupKey === null) errors.push({ path: mapping.dedupKey, message: 'must find a string or a number' });
      else if (dedupKey.length > MAX_KEY) errors.push({ path: mapping.dedupKey, message: `must find at most ${MAX_KEY} characters` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, title: title!, dedupKey };
}

/** Whether the body meets the mapping's resolve condition (the value at its path equals the configured one). */
export function meetsResolveCondition(body: unknown, mapping: WebhookMapping): boolean {
  if (!mapping.resolve) return false;
  const v = evaluateFieldPath(body, mapping.resolve.path);
  return v === undefined ? false : v === mapping.resolve.equals;
}

function labelsAt(body: unknown, path: string | undefined): Record<string, string> {
  if (!path) return {};
  const v = evaluateFieldPath(body, path);
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
  const labels: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) {
    const t = scalarText(val);
    if (t !== null) labels[k] = t;
  }
  return labels;
}

/** The batch of a stored webhook body; dedupKey is the mapped key or the one generated when the body had none. */
export function webhookBatch(body: unknown, mapping: WebhookMapping, dedupKey: string): AlertBatch {
  const title = scalarText(evaluateFieldPath(body, mapping.title)) ?? 'Webhook alert';
  const severity = mapping.severity ? scalarText(evaluateFieldPath(body, mapping.severity))?.toLowerCase() ?? null : null;
  const described = mapping.description ? scalarText(evaluateFieldPath(body, mapping.description)) : null;
  const description = [described ?? title, '', 'Payload:', JSON.stringify(body, null, 2)].join('\n');
  return {
    groupKey: dedupKey,
    groupTitle: title,
    groupResolved: meetsResolveCondition(body, mapping),
    signals: [
      {
        action: meetsResolveCondition(body, mapping) ? 'resolve' : 'trigger',
        dedupKey,
        title,
        severity,
        source: null,
        labels: labelsAt(body, mapping.labels),
        description,
        occurredAt: null,
        details: {},
      },
    ],
  };
}
