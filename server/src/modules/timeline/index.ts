export { appendTimeline } from './timeline.commands.js';
export { selectTimeline } from './timeline.repo.js';
