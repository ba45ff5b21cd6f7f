import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { AlertBatch, AlertSignal } from '../../modules/alerts/index.js';

/**
 * Prometheus Alertmanager webhook_config, message version 4 (notify/webhook/webhook.go,
 * template/template.go). Parsed leniently: unknown fields are ignored; only version, groupKey,
 * status and alerts (with labels, status and startsAt) are required. An alert's `status` says
 * whether it fires; `endsAt` does not (Prometheus sends a future "valid until" while it fires).
 */

const MAX_ALERTS = 10_000;
const labelValue = z.string().max(10_000);
const kv = z.record(z.string().max(1_000), labelValue);
const alertStatus = z.enum(['firing', 'resolved']);
const timestamp = z.string().max(100);

export const alertmanagerAlertSchema = z.looseObject({
  status: alertStatus,
  labels: kv,
  annotations: kv.optional(),
  startsAt: timestamp,
  endsAt: timestamp.optional(),
  generatorURL: z.string().max(10_000).optional(),
  fingerprint: z.string().min(1).max(200).optional(),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

/** The fields Alertmanager and Grafana share. */
export const alertGroupShape = {
  groupKey: z.string().min(1).max(10_000),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: alertStatus,
  receiver: z.string().max(10_000).optional(),
  groupLabels: kv.optional(),
  commonLabels: kv.optional(),
  commonAnnotations: kv.optional(),
  externalURL: z.string().max(10_000).optional(),
  alerts: z.array(alertmanagerAlertSchema).max(MAX_ALERTS),
};

export const alertmanagerMessageSchema = z.looseObject({
  version: z.literal('4', { error: 'must be "4" (Alertmanager webhook message version 4)' }),
  ...alertGroupShape,
  notification_reason: z.string().max(200).optional(),
});
export type AlertmanagerMessage = z.infer<typeof alertmanagerMessageSchema>;
export type AlertGroupMessage = Pick<AlertmanagerMessage, keyof typeof alertGroupShape>;

/** Alertmanager's fingerprint when a sender omits it: a hash of the sorted label set, like model.LabelSet.Fingerprint. */
export function labelFingerprint(labels: Record<string, string>): string {
  const canonical = Object.keys(labels)
    .sort()
    .map((k) => `${k}\u0000${labels[k]}`)
    .join('\u0001');
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

/** The group's title: its summary annotation, else the alert name with the group labels. */
export function groupTitle(msg: AlertGroupMessage): string {
  const common = msg.commonAnnotations ?? {};
  if (common.summary?.trim()) return common.summary.trim();
  const labels = msg.commonLabels ?? {};
  const first = msg.alerts[0]?.labels ?? {};
  const name = labels.alertname ?? msg.groupLabels?.alertname ?? first.alertname ?? 'Alert';
  const rest = Object.entries(msg.groupLabels ?? {})
    .filter(([k]) => k !== 'alertname')
    .map(([k, v]) => `${k}=${v}`);
  return rest.length > 0 ? `${name} (${rest.join(', ')})` : name;
}

function describeAlert(msg: AlertGroupMessage, alert: AlertmanagerAlert, extra: string[]): string {
  const annotations = alert.annotations ?? {};
  const lines: string[] = [];
  if (annotations.summary) lines.push(annotations.summary);
  if (annotations.description) lines.push('', annotations.description);
  lines.push('', 'Labels:', ...Object.entries(alert.labels).map(([k, v]) => `- ${k}: ${v}`));
  const other = Object.entries(annotations).filter(([k]) => k !== 'summary' && k !== 'description');
  if (other.length > 0) lines.push('', 'Annotations:', ...other.map(([k, v]) => `- ${k}: ${v}`));
  lines.push('', `Starts at: ${alert.startsAt}`);
  if (alert.generatorURL) lines.push(`Source: ${alert.generatorURL}`);
  if (msg.externalURL) lines.push(`Alertmanager: ${msg.externalURL}`);
  if (msg.truncatedAlerts) lines.push(`Alerts left out of this notification (max_alerts): ${msg.truncatedAlerts}`);
  lines.push(...extra);
  return lines.join('\n').trim();
}

function isoOrNull(v: string | undefined): string | null {
  if (!v) return null;
  const ms = Date.parse(v);
  if (Number.isNaN(ms)) return null;
  const year = new Date(ms).getUTCFullYear();
  return year >= 1900 && year <= 9999 ? new Date(ms).toISOString() : null;
}

/** One signal per alert of the message, keyed by fingerprint; `extras` adds format-specific lines and details (Grafana). */
export function alertGroupBatch(
  msg: AlertGroupMessage,
  extras: (alert: AlertmanagerAlert) => { lines: string[]; details: Record<string, unknown> } = () => ({ lines: [], details: {} }),
  title: string = groupTitle(msg),
): AlertBatch {
  const commonLabels = msg.commonLabels ?? {};
  const signals: AlertSignal[] = msg.alerts.map((alert) => {
    const labels = { ...commonLabels, ...alert.labels };
    const extra = extras(alert);
    return {
      action: alert.status === 'resolved' ? 'resolve' : 'trigger',
      dedupKey: alert.fingerprint ?? labelFingerprint(alert.labels),
      title: alert.annotations?.summary?.trim() || labels.alertname || title,
      severity: labels.severity?.toLowerCase() ?? null,
      source: labels.instance ?? labels.job ?? null,
      labels,
      description: describeAlert(msg, alert, extra.lines),
      occurredAt: isoOrNull(alert.startsAt),
      details: {
        startsAt: alert.startsAt,
        ...(alert.endsAt ? { endsAt: alert.endsAt } : {}),
        ...(alert.generatorURL ? { generatorURL: alert.generatorURL } : {}),
        ...extra.details,
      },
    };
  });
  return { groupKey: msg.groupKey, groupTitle: title, groupResolved: msg.status === 'resolved', signals };
}

/** The batch of an Alertmanager message. */
export function alertmanagerBatch(msg: AlertmanagerMessage): AlertBatch {
  return alertGroupBatch(msg);
}
