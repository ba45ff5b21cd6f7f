import type { Feature } from '../../app/feature';

const readers = ['agent', 'manager', 'admin', 'auditor'] as const;

/** On-call: who is on call, the calendar of shifts, overrides, feeds, and schedule editing. */
export const oncallFeature: Feature = {
  id: 'oncall',
  routes: [
    { path: 'oncall', roles: readers, page: () => import('./oncall.page').then((m) => m.OnCallPage) },
    { path: 'oncall/schedules/new', roles: ['manager', 'admin'], page: () => import('./schedule-editor.page').then((m) => m.ScheduleEditorPage) },
    { path: 'oncall/schedules/:scheduleId/edit', roles: ['manager', 'admin'], page: () => import('./schedule-editor.page').then((m) => m.ScheduleEditorPage) },
  ],
  nav: [{ to: '/oncall', label: 'oncall:nav', roles: readers, order: 40, activeFor: ['/oncall/'] }],
};
