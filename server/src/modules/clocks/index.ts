export { clockRoutes } from './clock.routes.js';
export { clocksReactor } from './clock.reactor.js';
export { clocksOf, listDeadlines, listIncidentClocks } from './clock.queries.js';
export { clockJobs, clockBreachJob, clockWarnJob, clockSweepJob, scheduleClockSweep, sweepOverdueClocks } from './clock.jobs.js';
export { addBusinessTime, businessTimeBetween, alwaysOpenCalendar } from './calendar.time.js';
export { createCalendar, importHolidays, publicHolidays } from './calendar.commands.js';
export { createSlaPolicy } from './sla-policy.commands.js';
export { setAwareness, submitIncidentClock, waiveIncidentClock } from './clock.commands.js';
