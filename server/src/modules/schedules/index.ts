export { scheduleRoutes } from './schedule.routes.js';
export { scheduleFeedRoutes } from './feed.routes.js';
export { createSchedule } from './schedule.commands.js';
export { createOverride } from './override.commands.js';
export { listSchedules, onCallForTeam, scheduleExists, whoIsOnCallInSchedule as whoIsOnCall, type TeamOnCallEntry } from './schedule.queries.js';
export { resolveShifts, type ResolvedShift, type ResolverSchedule } from './schedule.resolve.js';
