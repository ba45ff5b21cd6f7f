import type { ChatChannel, StakeholderList, WebhookEndpoint, WebhookEventType } from '@vigil/shared';
import type { ChatChannelRow, StakeholderListRow, WebhookEndpointRow } from '../../db/schema.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const team = (id: string | null, name: string | null | undefined) => (id ? { id, name: name ?? '' } : null);

/** An endpoint without its secret (a hint only). */
export function presentEndpoint(r: WebhookEndpointRow & { team_name?: string | null }): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types as WebhookEventType[],
    team: team(r.team_id, r.team_name),
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    secretHint: r.secret_hint,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

/** A chat channel; its webhook URL is a secret and shows only as a hint. */
export function presentChatChannel(r: ChatChannelRow & { team_name?: string | null }): ChatChannel {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    urlHint: r.url_hint,
    team: team(r.team_id, r.team_name),
    locale: r.locale,
    enabled: r.enabled,
    disabledReason: r.disabled_reason,
    disabledAt: iso(r.disabled_at),
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export function presentStakeholderList(r: StakeholderListRow & { team_name?: string }): StakeholderList {
  return {
    id: r.id,
    team: { id: r.team_id, name: r.team_name ?? '' },
    name: r.name,
    description: r.description,
    emails: r.emails,
    locale: r.locale,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}
