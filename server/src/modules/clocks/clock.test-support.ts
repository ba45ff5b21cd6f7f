import type { Clock, WorkingHours } from '@vigil/shared';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { Deps } from '../../platform/context.js';
import type { JobDefinition } from '../../platform/jobs/jobs.js';
import { createJobRegistry } from '../../platform/jobs/jobs.registry.js';
import { createWorker } from '../../platform/jobs/jobs.worker.js';
import { clockJobs } from './clock.jobs.js';

/** Test helpers of the clocks module (not shipped: only tests import this file). */

const nineToFive = [{ start: '09:00', end: '17:00' }];
export const officeHours: WorkingHours = { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] };
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export type Headers = Record<string, string>;

/** POST, failing the test unless the status is the expected one; returns the body. */
export async function post<T = Record<string, unknown>>(app: FastifyInstance, url: string, headers: Headers, payload: unknown, status = 200): Promise<T> {
  const res = await app.inject({ method: 'POST', url, headers, payload: payload as Record<string, unknown> });
  if (res.statusCode !== status) throw new Error(`POST ${url}: expected ${status}, got ${res.statusCode} ${res.body}`);
  return res.json() as T;
}

/** The clocks of an incident through the API, by kind. */
export async function clocksByKind(app: FastifyInstance, headers: Headers, ref: string): Promise<Record<string, Clock>> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/incidents/${ref}/clocks`, headers });
  expect(res.statusCode).toBe(200);
  return Object.fromEntries((res.json() as { items: Clock[] }).items.map((c) => [c.kind, c]));
}

/** A worker over the clock jobs (and any others given), driven by hand: runs due jobs until none is left. */
export function clockWorker(deps: Deps, more: readonly JobDefinition[] = []) {
  const worker = createWorker({ deps, registry: createJobRegistry([...clockJobs, ...more]), batchSize: 50 });
  return {
    worker,
    drain: async () => {
      let total = 0;
      for (let n = await worker.runOnce(); n > 0; n = await worker.runOnce()) total += n;
      return total;
    },
  };
}
