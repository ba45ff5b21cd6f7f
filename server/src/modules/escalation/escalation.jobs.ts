import type { JobDefinition } from '../../platform/jobs/jobs.js';
import { escalationStepJob } from './escalation.step.js';

/** The job definitions of this module, registered at boot. */
export const escalationJobs: readonly JobDefinition[] = [escalationStepJob];
