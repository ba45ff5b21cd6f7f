export { incidentRoutes } from './incident.routes.js';
export { incidentVisibleTo, visibleIncidentIds, seesInternal } from './incident.visibility.js';
export { getVisibleIncidentRow, getIncident, presentIncidentRow } from './incident.queries.js';
export { listIncidents } from './incident-list.queries.js';
export { createIncident, updateIncident, formatIncidentNumber } from './incident.commands.js';
export { transitionIncident, mergeIncident, lifecycleTimestamps } from './incident-workflow.commands.js';
export { addComment, recordComment } from './comment.commands.js';
export { addWatcher, removeWatcher } from './watcher.commands.js';
