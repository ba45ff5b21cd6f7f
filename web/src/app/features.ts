import type { Feature } from './feature';
import { authFeature } from '../features/auth/auth.feature';
import { accountFeature } from '../features/account/account.feature';
import { queueFeature } from '../features/queue/queue.feature';
import { incidentFeature } from '../features/incident/incident.feature';
import { reportFeature } from '../features/report/report.feature';
import { portalFeature } from '../features/portal/portal.feature';
import { inboxFeature } from '../features/inbox/inbox.feature';
import { oncallFeature } from '../features/oncall/oncall.feature';
import { adminFeature } from '../features/admin/admin.feature';
import { auditFeature } from '../features/audit/audit.feature';
import { tokensFeature } from '../features/tokens/tokens.feature';
import { deadlinesFeature } from '../features/deadlines/deadlines.feature';
import { opsAdminFeature } from '../features/ops-admin/ops-admin.feature';

/** Every feature of the app. Adding a feature is one import and one entry here. */
export const features: readonly Feature[] = [authFeature, accountFeature, queueFeature, incidentFeature, reportFeature, portalFeature, inboxFeature, oncallFeature, adminFeature, auditFeature, tokensFeature, deadlinesFeature, opsAdminFeature];
