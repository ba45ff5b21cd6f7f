import { z } from 'zod';
import { limits } from './limits.js';

/**
 * In-app notifications: a user's inbox. Every page, escalation, assignment and clock warning lands
 * here first (issue 5 fans the same notification out to email and chat).
 */
export const notificationKinds = [
  'paged',
  'escalated',
  'assigned',
  'routed',
  'clock_warning',
  'clock_breached',
  'deadline',
  'mentioned',
  'acknowledged',
  'resolved',
  'info',
] as const;
export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

export const notificationUrgencies = ['high', 'low'] as const;
export const notificationUrgencySchema = z.enum(notificationUrgencies);
export type NotificationUrgency = z.infer<typeof notificationUrgencySchema>;

export const notificationLimits = { titleLength: 300, bodyLength: 4_000, urlLength: 1_000 } as const;

export const notificationSchema = z.object({
  id: z.uuid(),
  kind: notificationKindSchema,
  urgency: notificationUrgencySchema,
  title: z.string(),
  body: z.string(),
  incident: z.object({ id: z.uuid(), number: z.string(), title: z.string() }).nullable(),
  /** The signed one-click acknowledge link sent with a page; null when there is none. */
  ackUrl: z.string().nullable(),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = z.object({
  unread: z.stringbool().optional().describe('true: only notifications not yet read'),
  cursor: z.string().max(200).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(limits.listPageMax).default(50),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationListSchema = z.object({ items: z.array(notificationSchema), nextCursor: z.string().nullable() });
export type NotificationList = z.infer<typeof notificationListSchema>;

export const unreadCountSchema = z.object({ count: z.number().int() });
export const notificationParamsSchema = z.object({ id: z.uuid() });
export const readAllResultSchema = z.object({ updated: z.number().int() });
