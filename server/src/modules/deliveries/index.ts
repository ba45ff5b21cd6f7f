export { enqueueDelivery, resendDelivery, type DeliveryInput } from './delivery.commands.js';
export { deliveryJobs, deliverySendJob, deliveryFanoutJob } from './delivery.jobs.js';
export { attemptDelivery } from './delivery.attempt.js';
export { fanOutTimelineEvent, webhookTypeFor } from './delivery.fanout.js';
export { buildMessageView } from './delivery.texts.js';
export { listTeamChatChannels } from './delivery.queries.js';
export { messageIncident, sendCommunication } from './communication.commands.js';
export { replyAddressFor, incidentIdFromReplyAddress, rootMessageId, messageIdHost } from '../../integrations/smtp/index.js';
export { deliveryRoutes } from './delivery.routes.js';
