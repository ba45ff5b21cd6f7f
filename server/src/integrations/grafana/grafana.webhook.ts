import { z } from 'zod';
import type { AlertBatch } from '../../modules/alerts/index.js';
import { alertGroupBatch, alertGroupShape, alertmanagerAlertSchema, groupTitle } from '../alertmanager/alertmanager.webhook.js';

/**
 * Grafana unified alerting, webhook contact point with its default body (grafana/alerting
 * receivers/webhook/v1): Alertmanager's group message plus `version: "1"`, `orgId`, `state`,
 * `title`, `message`, and per alert dashboard, panel and silence URLs and the evaluated values.
 * A custom payload template replaces this body and is not understood here.
 */

const url = z.string().max(10_000).optional();

const grafanaAlertSchema = alertmanagerAlertSchema.extend({
  silenceURL: url,
  dashboardURL: url,
  panelURL: url,
  imageURL: url,
  values: z.record(z.string().max(1_000), z.unknown()).nullable().optional(),
  valueString: z.string().max(10_000).optional(),
});

type GrafanaAlert = z.infer<typeof grafanaAlertSchema>;

export const grafanaMessageSchema = z.looseObject({
  version: z.literal('1', { error: 'must be "1" (Grafana webhook message); Alertmanager messages go to the alertmanager endpoint' }),
  ...alertGroupShape,
  alerts: z.array(grafanaAlertSchema).max(10_000),
  orgId: z.number().int().optional(),
  state: z.string().max(50).optional(),
  title: z.string().max(10_000).optional(),
  message: z.string().max(100_000).optional(),
});
export type GrafanaMessage = z.infer<typeof grafanaMessageSchema>;

/** The batch of a Grafana message: per alert as Alertmanager's, with Grafana's links and values in description and details. */
export function grafanaBatch(msg: GrafanaMessage): AlertBatch {
  // Grafana's rendered title starts with "[FIRING:n]"; the group's labels name it better across notifications.
  const title = groupTitle(msg);
  return alertGroupBatch(
    msg,
    (alert) => {
      // alertGroupBatch hands back the very alert objects of msg.alerts, so these are Grafana alerts.
      const g = alert as GrafanaAlert;
      const lines: string[] = [];
      const details: Record<string, unknown> = {};
      for (const [label, key] of [
        ['Dashboard', 'dashboardURL'],
        ['Panel', 'panelURL'],
        ['Silence', 'silenceURL'],
        ['Image', 'imageURL'],
      ] as const) {
        const v = g[key];
        if (v) {
          lines.push(`${label}: ${v}`);
          details[key] = v;
        }
      }
      if (g.values && Object.keys(g.values).length > 0) {
        lines.push(`Values: ${Object.entries(g.values).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}`);
        details.values = g.values;
      } else if (g.valueString) {
        lines.push(`Values: ${g.valueString}`);
        details.valueString = g.valueString;
      }
      return { lines, details };
    },
    title,
  );
}
