import type { IntegrationCreateInput, IntegrationWithKey } from '@vigil/shared';
import { integrationCreateSchema } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Deps } from '../../platform/context.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker, type JobWorker } from '../../platform/jobs/jobs.worker.js';
import { alertJobs } from './alert.jobs.js';

/** Test helpers of the alerts module: integrations, realistic payloads, and a worker that drains the queue. */

/** Creates an integration over the API as this admin; returns it with its key. */
export async function postIntegration(app: FastifyInstance, headers: Record<string, string>, input: Partial<IntegrationCreateInput> & { kind: IntegrationCreateInput['kind'] }): Promise<IntegrationWithKey> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/integrations', headers, payload: { name: `${input.kind} test`, type: 'it-outage', ...input } });
  if (res.statusCode !== 201) throw new Error(`create integration failed: ${res.statusCode} ${res.body}`);
  return res.json() as IntegrationWithKey;
}

/** A valid create body, parsed (for calling the command directly). */
export function integrationInput(overrides: Partial<IntegrationCreateInput> & { kind: IntegrationCreateInput['kind'] }): IntegrationCreateInput {
  return integrationCreateSchema.parse({ name: `${overrides.kind} test`, type: 'it-outage', ...overrides });
}

/** A worker for the alerts jobs, driven by drain() instead of polling. */
export function alertWorker(deps: Deps, opts: { workerId?: string; batchSize?: number } = {}): JobWorker {
  return createWorker({ deps, registry: createJobRegistry(alertJobs), ...opts });
}

/** Runs due jobs until none is left (bounded, so a job that keeps re-enqueueing fails the test). */
export async function drain(worker: JobWorker, rounds = 200): Promise<number> {
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    const n = await worker.runOnce();
    if (n === 0) return total;
    total += n;
  }
  throw new Error('the job queue did not drain');
}

/** The PagerDuty documentation's trigger example, with this routing key and dedup key. */
export function pagerDutyTrigger(routingKey: string, overrides: Record<string, unknown> = {}, payload: Record<string, unknown> = {}) {
  return {
    payload: {
      summary: 'DISK at 99% on machine prod-datapipe03.example.com',
      timestamp: '2015-07-17T08:42:58.315+0000',
      severity: 'critical',
      source: 'prod-datapipe03.example.com',
      component: 'mysql',
      group: 'prod-datapipe',
      class: 'disk',
      custom_details: { 'free space': '1%', 'ping time': '1500ms', 'load avg': 0.75 },
      ...payload,
    },
    routing_key: routingKey,
    dedup_key: 'srv01/mysql',
    event_action: 'trigger',
    client: 'Sample Monitoring Service',
    client_url: 'https://monitoring.service.com',
    links: [{ href: 'http://acme.pagerduty.com', text: 'View the incident on PagerDuty' }],
    images: [{ src: 'https://chart.googleapis.com/chart?chs=600x400&chd=t:6,2,9,5,2,5,7,4,8,2,1&cht=lc', href: 'https://google.com', alt: 'An example link with an image' }],
    ...overrides,
  };
}

export const amGroupKey = '{}/{severity="critical"}:{alertname="ProbeFailure"}';

/** One alert of an Alertmanager group as the webhook sends it. */
export type AmAlert = {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
};

/** One alert of an Alertmanager group, as Prometheus sends it (a future endsAt while firing). */
export function amAlert(instance: string, fingerprint: string, status: 'firing' | 'resolved' = 'firing', startsAt = '2026-03-01T09:58:30.000Z'): AmAlert {
  return {
    status,
    labels: { alertname: 'ProbeFailure', instance, job: 'blackbox', severity: 'critical' },
    annotations: { summary: `Probe failed for ${instance}`, description: `The HTTP probe of ${instance} has failed for 2 minutes.`, runbook_url: 'https://runbooks.example.com/probe' },
    startsAt,
    endsAt: status === 'firing' ? '2026-03-01T10:06:30.000Z' : '2026-03-01T10:20:00.000Z',
    generatorURL: `http://prometheus.example.com:9090/graph?g0.expr=probe_success%7Binstance%3D%22${encodeURIComponent(instance)}%22%7D+%3D%3D+0`,
    fingerprint,
  };
}

/** An Alertmanager webhook message (version 4) for a group of alerts; the group status follows from them unless given. */
export function amMessage(alerts: AmAlert[], overrides: Record<string, unknown> = {}) {
  return {
    receiver: 'vigil',
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'ProbeFailure' },
    commonLabels: { alertname: 'ProbeFailure', job: 'blackbox', severity: 'critical' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example.com:9093',
    version: '4',
    groupKey: amGroupKey,
    truncatedAlerts: 0,
    ...overrides,
  };
}

/** Rows of a table, for counting. */
export async function countRows(deps: Deps, table: 'alerts' | 'alert_events' | 'incidents' | 'alert_history'): Promise<number> {
  const r = await deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Asserts a 202 from an ingest endpoint and returns the body. */
export function accepted(res: { statusCode: number; body: string; json: () => unknown }): Record<string, unknown> {
  expect(res.statusCode, res.body).toBe(202);
  return res.json() as Record<string, unknown>;
}
