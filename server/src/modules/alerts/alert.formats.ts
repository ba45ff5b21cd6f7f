import { alertmanagerBatch, alertmanagerMessageSchema } from '../../integrations/alertmanager/alertmanager.webhook.js';
import { webhookBatch } from '../../integrations/generic-webhook/generic-webhook.mapping.js';
import { grafanaBatch, grafanaMessageSchema } from '../../integrations/grafana/grafana.webhook.js';
import { pagerDutyBatch, pagerDutyChange, type PagerDutyChangeEvent, type PagerDutyEvent } from '../../integrations/pagerduty/pagerduty.events.js';
import type { AlertEventRow, IntegrationRow } from '../../db/schema.js';
import { AppError } from '../../platform/errors.js';
import { settingsOf } from './integration.presenter.js';
import type { AlertBatch, ChangeSignal } from './alert.signal.js';

/**
 * The batch of a stored alert event, read by its integration's format adapter. Bodies were checked
 * against the format before they were stored; the schemas that are cheap to apply run again here.
 */
export function batchOf(integration: IntegrationRow, event: AlertEventRow): AlertBatch {
  switch (integration.kind) {
    case 'pagerduty':
      return pagerDutyBatch(event.payload as PagerDutyEvent, event.stream_key);
    case 'alertmanager':
      return alertmanagerBatch(alertmanagerMessageSchema.parse(event.payload));
    case 'grafana':
      return grafanaBatch(grafanaMessageSchema.parse(event.payload));
    case 'webhook': {
      const mapping = settingsOf(integration).webhook;
      if (!mapping) throw new AppError('validation_failed', 'The webhook integration has no field mapping');
      return webhookBatch(event.payload, mapping, event.stream_key);
    }
    case 'email':
      throw new AppError('validation_failed', 'Email integrations receive no alert events');
  }
}

/** The context a stored change event shows. */
export function changeOf(integration: IntegrationRow, event: AlertEventRow): ChangeSignal {
  if (integration.kind !== 'pagerduty') throw new AppError('validation_failed', `Change events come through PagerDuty integrations, not ${integration.kind}`);
  return pagerDutyChange(event.payload as PagerDutyChangeEvent);
}
