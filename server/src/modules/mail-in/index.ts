export { mailInRoutes } from './mail-in.routes.js';
export { mailInJobs, mailProcessJob } from './mail-in.jobs.js';
export { startMailListener, type MailListener } from './mail-in.listener.js';
export { processInboundMail } from './mail-in.commands.js';
