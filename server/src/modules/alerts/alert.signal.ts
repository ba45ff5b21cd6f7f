/**
 * What every inbound format becomes before it touches alerts and incidents: one batch per stored
 * event, with one signal per alert it names. The format adapters in server/src/integrations build these.
 */
export type AlertAction = 'trigger' | 'acknowledge' | 'resolve';

export type AlertSignal = {
  action: AlertAction;
  /** Identifies the alert within its integration: PagerDuty dedup_key, Alertmanager fingerprint, the mapped webhook key. */
  dedupKey: string;
  title: string;
  /** The source's own severity word, lower case (critical, warning, ...), mapped by the integration's settings. */
  severity: string | null;
  /** The affected system, as the source names it (PagerDuty payload.source, the instance label). */
  source: string | null;
  labels: Record<string, string>;
  /** Plain text for the incident description. */
  description: string;
  /** When the source saw it happen (ISO 8601), if it says. */
  occurredAt: string | null;
  /** Extra facts kept in the alert's history (links, values, URLs). */
  details: Record<string, unknown>;
};

export type AlertBatch = {
  /** Alerts of one group share one incident: the dedup key for PagerDuty and webhooks, the groupKey for Alertmanager and Grafana. */
  groupKey: string;
  /** Title of the group's incident when the batch opens one. */
  groupTitle: string;
  /** The source says every alert of the group is resolved (Alertmanager status "resolved"). */
  groupResolved: boolean;
  signals: AlertSignal[];
};

/** A change event (PagerDuty /v2/change/enqueue): context, never an alert. */
export type ChangeSignal = {
  summary: string;
  source: string | null;
  timestamp: string | null;
  links: Array<{ href: string; text?: string }>;
};
