import { z } from 'zod';
import { defineJob } from '../../platform/jobs/jobs.js';
import { processInboundMail } from './mail-in.commands.js';

/** Processes one stored inbound mail; idempotent because the outcome is written where the action happens. */
export const mailProcessJob = defineJob({
  name: 'mail.process',
  schema: z.object({ mailId: z.number().int().positive() }),
  maxAttempts: 8,
  handler: async ({ mailId }, { deps }) => processInboundMail(deps, mailId),
});

export const mailInJobs = [mailProcessJob];
