import type { FastifyInstance } from 'fastify';
import type { Deps } from './platform/context.js';
import { buildApp, type ApiPlugin, type Authenticator } from './platform/http/app.js';
import { webAppRoutes } from './platform/http/static.js';
import { webDistDir } from './web-assets.js';
import { createAuthenticator, directoryRoutes } from './modules/directory/index.js';
import { auditRoutes } from './modules/audit/index.js';
import { healthRoutes } from './modules/health/index.js';
import { typeRoutes } from './modules/types/index.js';
import { incidentRoutes } from './modules/incidents/index.js';
import { attachmentRoutes } from './modules/attachments/index.js';
import { linkRoutes } from './modules/links/index.js';
import { clockRoutes } from './modules/clocks/index.js';
import { ackLinkRoutes, escalationRoutes, withoutSessionOnAckLinks } from './modules/escalation/index.js';
import { notificationRoutes, preferenceRoutes } from './modules/notifications/index.js';
import { alertIngestRoutes, alertRoutes, integrationRoutes } from './modules/alerts/index.js';
import { deliveryRoutes } from './modules/deliveries/index.js';
import { scheduleFeedRoutes, scheduleRoutes } from './modules/schedules/index.js';
import { liveRoutes } from './modules/live/index.js';
import { viewRoutes } from './modules/views/index.js';
import { bulkRoutes } from './modules/bulk/index.js';
import { portalRoutes } from './modules/portal/index.js';
import { routingRoutes } from './modules/routing/index.js';
import { mailInRoutes } from './modules/mail-in/index.js';

/** Wires every module's routes into one app. Used by main.ts and by the tests. */
export async function composeApp(deps: Deps): Promise<FastifyInstance> {
  const authenticate: Authenticator = withoutSessionOnAckLinks(createAuthenticator(deps));
  const api: ApiPlugin[] = [auditRoutes, directoryRoutes, typeRoutes, incidentRoutes, attachmentRoutes, linkRoutes, deliveryRoutes, liveRoutes, viewRoutes, scheduleRoutes, routingRoutes, integrationRoutes, alertRoutes];
  api.push(bulkRoutes, portalRoutes);
  api.push(notificationRoutes, escalationRoutes);
  api.push(preferenceRoutes);
  api.push(mailInRoutes);
  api.push(clockRoutes);
  return buildApp({ deps, authenticate, api, root: [ackLinkRoutes, healthRoutes, alertIngestRoutes, scheduleFeedRoutes, webAppRoutes(webDistDir)] });
}
