export type { CoreFieldKey } from '@vigil/shared';
export { getIncidentType } from './type.queries.js';
export { validateCustomFields, checkCustomFields, type FieldIssue } from './custom-fields.validate.js';
export { toJsonSchema } from './custom-fields.schema.js';
export { computePriority, isValidCategory } from './type.classification.js';
export { initialState, stateOf, findTransition, availableTransitions, unmetRequirements, isSet, type GuardSubject, type UnmetRequirement } from './workflow.machine.js';
export { typeRoutes } from './type.routes.js';
export { installTypePacks } from './type.install.js';
