export * from './common.js';
export * from './errors.js';
export * from './limits.js';
export * from './timeline.js';
export * from './audit.js';
export * from './types.js';
export * from './directory.js';
export * from './incidents.js';
