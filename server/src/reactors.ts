import type { IncidentReactor } from './platform/context.js';
import { routingReactor } from './modules/routing/index.js';
import { escalationReactor } from './modules/escalation/index.js';
import { clocksReactor } from './modules/clocks/index.js';
import { mentionReactor } from './modules/mentions/index.js';
import { subscriptionReactor } from './modules/subscriptions/index.js';

/**
 * The incident reactors, in the order they run inside each incident command's transaction:
 * routing first (it may set team, assignee and priority), then clocks (they read the routed
 * incident), then escalation, then mentions and watchers. One line per module.
 */
export const incidentReactors: readonly IncidentReactor[] = [routingReactor, clocksReactor, escalationReactor, mentionReactor, subscriptionReactor];
