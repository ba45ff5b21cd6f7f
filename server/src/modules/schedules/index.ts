export { scheduleRoutes } from './schedule.routes.js';
export { scheduleFeedRoutes } from './feed.routes.js';
export { onCallForTeam, scheduleExists, whoIsOnCallInSchedule as whoIsOnCall, type TeamOnCallEntry } from './schedule.queries.js';
export { resolveShifts, type ResolvedShift, type ResolverSchedule } from './schedule.resolve.js';
