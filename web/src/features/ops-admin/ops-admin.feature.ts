import type { Feature } from '../../app/feature';

/** Operations setup: routing rules (admins edit; managers and auditors read) and escalation policies (admins, team managers). */
export const opsAdminFeature: Feature = {
  id: 'opsadmin',
  routes: [
    { path: 'ops/routing-rules', roles: ['admin', 'manager', 'auditor'], page: () => import('./routing-rules.page').then((m) => m.RoutingRulesPage) },
    { path: 'ops/routing-rules/new', roles: ['admin'], page: () => import('./routing-rule-editor.page').then((m) => m.RoutingRuleEditorPage) },
    { path: 'ops/routing-rules/:ruleId', roles: ['admin', 'manager', 'auditor'], page: () => import('./routing-rule-editor.page').then((m) => m.RoutingRuleEditorPage) },
    { path: 'ops/escalation-policies', roles: ['admin', 'manager', 'auditor'], page: () => import('./escalation-policies.page').then((m) => m.EscalationPoliciesPage) },
    { path: 'ops/sla', roles: ['admin', 'manager', 'auditor'], page: () => import('./sla.page').then((m) => m.SlaPage) },
    { path: 'ops/integrations', roles: ['admin', 'auditor'], page: () => import('./integrations.page').then((m) => m.IntegrationsPage) },
    { path: 'ops/deliveries', roles: ['admin', 'auditor'], page: () => import('./deliveries.page').then((m) => m.DeliveriesPage) },
    { path: 'ops/destinations', roles: ['admin'], page: () => import('./destinations.page').then((m) => m.DestinationsPage) },
    { path: 'ops/inbound-mails', roles: ['admin'], page: () => import('./inbound-mails.page').then((m) => m.InboundMailsPage) },
  ],
  // Administrators reach these pages from the administration landing page (admin-sections.ts).
  nav: [{ to: '/ops/routing-rules', label: 'opsadmin:nav', roles: ['manager', 'auditor'], order: 85, activeFor: ['/ops/'] }],
};
