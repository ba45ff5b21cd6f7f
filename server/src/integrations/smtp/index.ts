export { messageIdHost, rootMessageId, messageIdFor, replyAddressFor, incidentIdFromReplyAddress, type ReplyConfig } from './smtp.threading.js';
export { renderEmail, escapeHtml } from './smtp.render.js';
export { sendMail, SmtpSendError, type OutgoingMail } from './smtp.send.js';
