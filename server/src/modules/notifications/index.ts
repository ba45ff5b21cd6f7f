export { notifyUsers, notifiableUsers, markNotificationRead, markAllNotificationsRead, type NotifyInput } from './notification.commands.js';
export { listNotifications, getUnreadCount } from './notification.queries.js';
export { inAppChannel, type NotificationChannel, type OutgoingNotification } from './notification.channels.js';
export { createDispatchJob, dispatchNotification, notificationDispatchJob, notificationJobs, type DispatchPayload } from './notification.dispatch.js';
export { notificationRoutes } from './notification.routes.js';
export { emailChannel, teamChatChannel, deliveringDispatchJob, deliveringNotificationJobs } from './preference.channels.js';
export { preferenceRoutes } from './preference.routes.js';
