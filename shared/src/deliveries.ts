import { z } from 'zod';
import { localeSchema } from './common.js';
import { safeText } from './incidents.js';
import { limits } from './limits.js';

/**
 * Outbound deliveries: every message to a person or system (email, chat webhook, signed webhook) is
 * a row with its status, attempts and error, sent by a job. This file holds the contract of what
 * other modules enqueue and of the admin API (endpoints, chat channels, delivery log, stakeholder
 * lists, communications).
 */

export const deliveryChannels = ['email', 'slack', 'mattermost', 'teams', 'webhook'] as const;
export const deliveryChannelSchema = z.enum(deliveryChannels);
export type DeliveryChannel = z.infer<typeof deliveryChannelSchema>;

/** pending (waiting for its next attempt), sending, delivered, failed (permanent, no retry), dead (retries spent), disabled (destination off). */
export const deliveryStatuses = ['pending', 'sending', 'delivered', 'failed', 'dead', 'disabled'] as const;
export const deliveryStatusSchema = z.enum(deliveryStatuses);
export type DeliveryStatus = z.infer<typeof deliveryStatusSchema>;

export const chatKinds = ['slack', 'mattermost', 'teams'] as const;
export const chatKindSchema = z.enum(chatKinds);
export type ChatKind = z.infer<typeof chatKindSchema>;

/** Event types an outbound webhook endpoint can subscribe to (Standard Webhooks `type`). */
export const webhookEventTypes = [
  'incident.created',
  'incident.updated',
  'incident.state_changed',
  'incident.assigned',
  'incident.priority_changed',
  'incident.acknowledged',
  'incident.merged',
  'comment.added',
  'communication.sent',
  'escalation.started',
  'escalation.step',
  'clock.warning',
  'clock.breached',
] as const;
export const webhookEventTypeSchema = z.enum(webhookEventTypes);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

/** The type of the message a "send test" action delivers, whatever the endpoint subscribes to. */
export const webhookTestEventType = 'webhook.test';

// ---------------------------------------------------------------------------------------------
// What other modules enqueue: one neutral message, rendered per channel and language at send time.

/** The incident a message is about, as captured when the message was enqueued. */
export const messageIncidentSchema = z.object({
  id: z.uuid(),
  number: z.string().max(100),
  title: z.string().max(limits.titleLength),
  priority: z.string().max(10),
  severity: z.string().max(20),
  /** The state's label, in the recipient's language where the caller knows it. */
  state: z.string().max(200),
  url: z.url(),
});
export type MessageIncident = z.infer<typeof messageIncidentSchema>;

const messageText = (max: number) => z.string().max(max);

/** One message per event kind; email has a template per kind in English and German, chat renders the same content. */
export const deliveryMessageSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('incident.paged'), incident: messageIncidentSchema, level: z.number().int().min(1).max(100).optional(), reason: messageText(500).optional(), ackUrl: z.url().optional() }),
  z.object({ kind: z.literal('incident.escalated'), incident: messageIncidentSchema, level: z.number().int().min(1).max(100), ackUrl: z.url().optional() }),
  z.object({ kind: z.literal('incident.assigned'), incident: messageIncidentSchema, assignee: messageText(200), assignedBy: messageText(200).optional() }),
  z.object({ kind: z.literal('clock.warning'), incident: messageIncidentSchema, clock: messageText(200), dueAt: z.iso.datetime({ offset: true }) }),
  z.object({ kind: z.literal('clock.breached'), incident: messageIncidentSchema, clock: messageText(200), dueAt: z.iso.datetime({ offset: true }) }),
  z.object({ kind: z.literal('communication.public_update'), incident: messageIncidentSchema, body: messageText(limits.commentLength), author: messageText(200).optional() }),
  z.object({ kind: z.literal('channel.test'), requestedBy: messageText(200).optional() }),
  /** A notification another module already worded (in the recipient's language): title and body as given. */
  z.object({
    kind: z.literal('notification'),
    title: messageText(500),
    body: messageText(limits.commentLength),
    urgency: z.enum(['high', 'low']).default('low'),
    incident: z.object({ id: z.uuid(), number: z.string().max(100), title: z.string().max(limits.titleLength), url: z.url().optional() }).optional(),
    ackUrl: z.url().optional(),
  }),
]);
export type DeliveryMessage = z.infer<typeof deliveryMessageSchema>;
export type DeliveryMessageKind = DeliveryMessage['kind'];

/** Payload of an email delivery: the message and the recipient's language. */
export const emailPayloadSchema = z.object({ message: deliveryMessageSchema, locale: localeSchema.default('en'), name: messageText(200).optional() });
export type EmailPayload = z.infer<typeof emailPayloadSchema>;

/** Payload of a Slack, Mattermost or Teams delivery: the message; the channel's language applies. */
export const chatPayloadSchema = z.object({ message: deliveryMessageSchema });
export type ChatPayload = z.infer<typeof chatPayloadSchema>;

/** Body of an outbound webhook (Standard Webhooks): the exact bytes are fixed when it is enqueued. */
export const webhookBodySchema = z.object({
  type: z.string().regex(/^[a-zA-Z0-9_.]+$/).max(100),
  timestamp: z.iso.datetime({ offset: true }),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookBody = z.infer<typeof webhookBodySchema>;

// ---------------------------------------------------------------------------------------------
// Admin API.

const nameText = safeText(limits.nameLength).trim().min(1);
const urlText = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }));
export const deliveryIdParamsSchema = z.object({ id: z.uuid() });

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(webhookEventTypeSchema),
  team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  /** Only the first characters of the signing secret. */
  secretHint: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;
export const webhookEndpointListSchema = z.object({ items: z.array(webhookEndpointSchema) });
/** Create and rotate answer with the whole secret, the only time it is shown. */
export const webhookEndpointWithSecretSchema = webhookEndpointSchema.extend({ secret: z.string() });

export const webhookEndpointCreateSchema = z.object({
  url: urlText,
  description: safeText(500).default(''),
  eventTypes: z.array(webhookEventTypeSchema).min(1).max(webhookEventTypes.length),
  /** Restricted incidents reach an endpoint only when it belongs to a team that may see them. */
  teamId: z.uuid().nullable().default(null),
  enabled: z.boolean().default(true),
});
export type WebhookEndpointCreate = z.infer<typeof webhookEndpointCreateSchema>;
export const webhookEndpointPatchSchema = z
  .object({
    url: urlText,
    description: safeText(500),
    eventTypes: z.array(webhookEventTypeSchema).min(1).max(webhookEventTypes.length),
    teamId: z.uuid().nullable(),
    enabled: z.boolean(),
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export type WebhookEndpointPatch = z.infer<typeof webhookEndpointPatchSchema>;

export const chatChannelSchema = z.object({
  id: z.uuid(),
  kind: chatKindSchema,
  name: z.string(),
  /** The webhook URL is a secret: only its origin and last characters are shown. */
  urlHint: z.string(),
  team: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  locale: localeSchema,
  enabled: z.boolean(),
  disabledReason: z.string().nullable(),
  disabledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChatChannel = z.infer<typeof chatChannelSchema>;
export const chatChannelListSchema = z.object({ items: z.array(chatChannelSchema) });
export const chatChannelCreateSchema = z.object({
  kind: chatKindSchema,
  name: nameText,
  url: urlText,
  teamId: z.uuid().nullable().default(null),
  locale: localeSchema.default('en'),
  enabled: z.boolean().default(true),
});
export type ChatChannelCreate = z.infer<typeof chatChannelCreateSchema>;
export const chatChannelPatchSchema = z
  .object({ name: nameText, url: urlText, teamId: z.uuid().nullable(), locale: localeSchema, enabled: z.boolean() })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export type ChatChannelPatch = z.infer<typeof chatChannelPatchSchema>;

export const deliverySchema = z.object({
  id: z.uuid(),
  channel: deliveryChannelSchema,
  target: z.string(),
  incidentId: z.uuid().nullable(),
  eventKind: z.string(),
  status: deliveryStatusSchema,
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
  responseCode: z.number().int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type Delivery = z.infer<typeof deliverySchema>;
export const deliveryDetailSchema = deliverySchema.extend({ payload: z.unknown() });
export const deliveryListSchema = z.object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() });
export const deliveryListQuerySchema = z.object({
  channel: deliveryChannelSchema.optional(),
  status: deliveryStatusSchema.optional(),
  incidentId: z.uuid().optional(),
  target: safeText(320).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(limits.listPageMax).default(50),
});
export type DeliveryListQuery = z.infer<typeof deliveryListQuerySchema>;

// ---------------------------------------------------------------------------------------------
// Stakeholder communication.

export const stakeholderListSchema = z.object({
  id: z.uuid(),
  team: z.object({ id: z.uuid(), name: z.string() }),
  name: z.string(),
  description: z.string(),
  emails: z.array(z.string()),
  locale: localeSchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type StakeholderList = z.infer<typeof stakeholderListSchema>;
export const stakeholderListListSchema = z.object({ items: z.array(stakeholderListSchema) });
const emailList = z.array(z.email().max(320)).min(1).max(500);
export const stakeholderListCreateSchema = z.object({
  teamId: z.uuid(),
  name: nameText,
  description: safeText(500).default(''),
  emails: emailList,
  locale: localeSchema.default('en'),
});
export type StakeholderListCreate = z.infer<typeof stakeholderListCreateSchema>;
export const stakeholderListPatchSchema = z
  .object({ name: nameText, description: safeText(500), emails: emailList, locale: localeSchema })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'name at least one field to change');
export type StakeholderListPatch = z.infer<typeof stakeholderListPatchSchema>;
export const stakeholderListQuerySchema = z.object({ teamId: z.uuid().optional() });

export const communicationCreateSchema = z
  .object({
    /** A public comment of the incident to send; or `body` for a text written here. */
    commentId: z.uuid().optional(),
    body: safeText(limits.commentLength).trim().min(1).optional(),
    audience: z
      .object({ reporter: z.boolean().default(false), stakeholderListIds: z.array(z.uuid()).max(50).default([]) })
      .refine((a) => a.reporter || a.stakeholderListIds.length > 0, 'name the reporter or at least one stakeholder list'),
  })
  .refine((c) => (c.commentId === undefined) !== (c.body === undefined), 'send either commentId or body');
export type CommunicationCreate = z.infer<typeof communicationCreateSchema>;

export const communicationSchema = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  timelineEventId: z.number().int(),
  recipients: z.array(z.object({ email: z.string(), audience: z.string(), deliveryId: z.uuid() })),
});
export type Communication = z.infer<typeof communicationSchema>;

// ---------------------------------------------------------------------------------------------
// Rendering: the neutral content of one message that each channel renders in its own format.

/**
 * The localized, channel-neutral content of one outbound message. Every string is plain text
 * (user-supplied text included): each channel's renderer escapes it for its format.
 */
export type MessageView = {
  /** Email subject; chat notification text. */
  subject: string;
  headline: string;
  intro: string;
  /** Multi-line text written by a person (a public update), or null. */
  body: string | null;
  facts: Array<{ label: string; value: string }>;
  actions: Array<{ label: string; url: string; primary: boolean }>;
  incident: { id: string; number: string; title: string; url: string } | null;
  /** Generated by the system (paging, assignment, clocks), as opposed to a message a person sent. */
  automatic: boolean;
  tone: 'danger' | 'warning' | 'info' | 'good';
  footer: string;
};

/** Cuts text to at most `max` characters (code points), ending with an ellipsis when cut. */
export function truncateText(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
