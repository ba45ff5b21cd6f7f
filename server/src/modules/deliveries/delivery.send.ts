import { chatPayloadSchema, emailPayloadSchema, webhookTestEventType, type DeliveryChannel } from '@vigil/shared';
import type { DeliveryRow } from '../../db/schema.js';
import { renderMattermostMessage } from '../../integrations/mattermost/mattermost.message.js';
import { renderSlackMessage } from '../../integrations/slack/slack.message.js';
import { messageIdFor, messageIdHost, renderEmail, replyAddressFor, rootMessageId, sendMail, SmtpSendError } from '../../integrations/smtp/index.js';
import { OutboundError, sendOutbound, type OutboundResponse } from '../../integrations/ssrf/index.js';
import { renderTeamsMessage } from '../../integrations/teams/teams.message.js';
import { webhookHeaders } from '../../integrations/webhooks/webhook.sign.js';
import type { Deps } from '../../platform/context.js';
import { selectChatChannel } from './chat-channel.repo.js';
import { openSecret } from './delivery.crypto.js';
import { classifyHttpStatus, parseRetryAfter } from './delivery.schedule.js';
import { buildMessageView } from './delivery.texts.js';
import { selectEndpoint } from './endpoint.repo.js';

/** What one attempt came to. `gone`: the receiver says the destination no longer exists (disable it). */
export type AttemptOutcome = {
  kind: 'delivered' | 'retry' | 'failed' | 'gone' | 'disabled';
  code: number | null;
  error: string | null;
  retryAfterMs?: number | null;
};

export const USER_AGENT = 'Vigil-Webhooks/1';

/** The webhook-id of a delivery: unique per message, the same on every retry and resend. */
export function webhookMessageId(deliveryId: string): string {
  return `msg_${deliveryId.replace(/-/g, '')}`;
}

/** Performs one attempt of a claimed delivery through its channel's integration; throws only when cancelled. */
export async function performDelivery(deps: Deps, row: DeliveryRow, signal?: AbortSignal): Promise<AttemptOutcome> {
  switch (row.channel) {
    case 'email':
      return sendEmailDelivery(deps, row);
    case 'webhook':
      return sendWebhookDelivery(deps, row, signal);
    default:
      return sendChatDelivery(deps, row, signal);
  }
}

async function sendEmailDelivery(deps: Deps, row: DeliveryRow): Promise<AttemptOutcome> {
  const { config } = deps;
  if (!config.smtpUrl) return { kind: 'disabled', code: null, error: 'email is off: SMTP_URL is not set' };
  const payload = emailPayloadSchema.parse(row.payload);
  const view = buildMessageView(payload.message, payload.locale);
  const mail = renderEmail(view, payload.locale);
  const host = messageIdHost(config.baseUrl);
  const root = row.incident_id ? rootMessageId(host, row.incident_id) : undefined;
  const replyTo = row.incident_id ? replyAddressFor(config, row.incident_id) : null;
  try {
    const info = await sendMail(
      config.smtpUrl,
      {
        from: config.smtpFrom,
        to: { address: row.target, ...(payload.name ? { name: payload.name } : {}) },
        replyTo: replyTo ?? undefined,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(host, row.incident_id, row.id),
        inReplyTo: root,
        references: root ? [root] : undefined,
        date: deps.clock.now(),
        headers: {
          ...(view.automatic ? { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' } : {}),
          'X-Vigil-Delivery': row.id,
          ...(view.incident ? { 'X-Vigil-Incident': view.incident.number } : {}),
        },
      },
      { timeoutMs: config.outboundTimeoutMs },
    );
    const code = /^(\d{3})/.exec(info.response)?.[1];
    return { kind: 'delivered', code: code ? Number(code) : null, error: null };
  } catch (err) {
    if (err instanceof SmtpSendError) return { kind: err.permanent ? 'failed' : 'retry', code: err.responseCode, error: err.message };
    throw err;
  }
}

async function sendChatDelivery(deps: Deps, row: DeliveryRow, signal?: AbortSignal): Promise<AttemptOutcome> {
  const channel = await selectChatChannel(deps.db, row.target);
  if (!channel) return { kind: 'failed', code: null, error: 'the chat channel was deleted' };
  if (!channel.enabled && row.event_kind !== 'channel.test') return { kind: 'disabled', code: null, error: `the chat channel is disabled${channel.disabled_reason ? `: ${channel.disabled_reason}` : ''}` };
  const { message } = chatPayloadSchema.parse(row.payload);
  const view = buildMessageView(message, channel.locale);
  const body = channel.kind === 'slack' ? renderSlackMessage(view) : channel.kind === 'mattermost' ? renderMattermostMessage(view) : renderTeamsMessage(view);
  return post(deps, row.channel, openSecret(deps.config.secret, channel.url_sealed), { 'content-type': 'application/json', 'user-agent': USER_AGENT }, JSON.stringify(body), signal);
}

async function sendWebhookDelivery(deps: Deps, row: DeliveryRow, signal?: AbortSignal): Promise<AttemptOutcome> {
  const endpoint = await selectEndpoint(deps.db, row.target);
  if (!endpoint) return { kind: 'failed', code: null, error: 'the webhook endpoint was deleted' };
  if (!endpoint.enabled && row.event_kind !== webhookTestEventType) return { kind: 'disabled', code: null, error: `the webhook endpoint is disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}` };
  const now = deps.clock.now();
  const secrets = [openSecret(deps.config.secret, endpoint.secret_sealed)];
  if (endpoint.previous_secret_sealed && endpoint.previous_secret_expires_at && endpoint.previous_secret_expires_at > now) {
    secrets.push(openSecret(deps.config.secret, endpoint.previous_secret_sealed));
  }
  const body = JSON.stringify(row.payload);
  const headers = { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...webhookHeaders({ id: webhookMessageId(row.id), at: now, body, secrets }) };
  return post(deps, row.channel, endpoint.url, headers, body, signal);
}

async function post(deps: Deps, channel: DeliveryChannel, url: string, headers: Record<string, string>, body: string, signal?: AbortSignal): Promise<AttemptOutcome> {
  let res: OutboundResponse;
  try {
    res = await sendOutbound({ url, headers, body, allowList: deps.config.outboundAllowList, timeoutMs: deps.config.outboundTimeoutMs, signal });
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    if (err.kind === 'aborted') throw err;
    const permanent = err.kind === 'refused' || err.kind === 'invalid_url';
    return { kind: permanent ? 'failed' : 'retry', code: null, error: `${err.kind}: ${err.message}` };
  }
  const verdict = classifyHttpStatus(res.status, channel);
  if (verdict === 'delivered') return { kind: 'delivered', code: res.status, error: null };
  const snippet = res.body.replace(/\s+/g, ' ').trim().slice(0, 300);
  return { kind: verdict, code: res.status, error: `HTTP ${res.status}${snippet ? `: ${snippet}` : ''}`, retryAfterMs: parseRetryAfter(res.headers['retry-after'], deps.clock.now()) };
}
