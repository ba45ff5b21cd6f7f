import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Table types of the database, kept in step with migrations/. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** A timestamp with a database default (Generated<Timestamp> would nest two ColumnTypes). */
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T = unknown> = ColumnType<T, string, string>;

export type UsersTable = {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  role: 'admin' | 'manager' | 'agent' | 'reporter' | 'auditor';
  locale: Generated<'en' | 'de'>;
  time_zone: Generated<string>;
  active: Generated<boolean>;
  last_login_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type TeamsTable = {
  id: Generated<string>;
  slug: string;
  name: string;
  description: Generated<string>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type TeamMembersTable = {
  team_id: string;
  user_id: string;
  role: Generated<'member' | 'lead'>;
  created_at: CreatedAt;
};

export type SessionsTable = {
  id: string;
  user_id: string;
  csrf_token: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: DefaultedTimestamp;
  expires_at: Timestamp;
};

export type ApiTokensTable = {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  scope: 'read' | 'write';
  created_at: CreatedAt;
  last_used_at: Timestamp | null;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
};

export type AuthThrottleTable = {
  key: string;
  failures: Generated<number>;
  window_started_at: DefaultedTimestamp;
  blocked_until: Timestamp | null;
};

export type SettingsTable = {
  key: string;
  value: Json;
  updated_at: Generated<Timestamp>;
};

export type IncidentTypesTable = {
  id: Generated<string>;
  key: string;
  name: Json<Record<string, string>>;
  description: Json<Record<string, string>>;
  prefix: string;
  restricted: Generated<boolean>;
  default_team_id: string | null;
  fields: Json<unknown[]>;
  required_fields: Json<string[]>;
  workflow: Json<unknown>;
  categories: Json<unknown[]>;
  priority_matrix: Json<unknown>;
  pack: string | null;
  pack_version: number | null;
  customized_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
};

export type NumberSequencesTable = {
  prefix: string;
  year: number;
  last_value: number;
};

export type Level = 'high' | 'medium' | 'low';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type Priority = 'P1' | 'P2' | 'P3' | 'P4' | 'P5';
export type StateCategory = 'new' | 'active' | 'waiting' | 'resolved' | 'closed';

export type IncidentsTable = {
  id: Generated<string>;
  number: string;
  type_id: string;
  title: string;
  description: Generated<string>;
  category: string | null;
  severity: Severity;
  impact: Level;
  urgency: Level;
  priority: Priority;
  business_areas: ColumnType<string[], string[] | undefined, string[]>;
  services: ColumnType<string[], string[] | undefined, string[]>;
  assets: ColumnType<string[], string[] | undefined, string[]>;
  locations: ColumnType<string[], string[] | undefined, string[]>;
  reporter_id: string | null;
  reporter_contact: Json<{ name?: string; email?: string; phone?: string }> | null;
  assignee_id: string | null;
  team_id: string | null;
  state: string;
  state_category: StateCategory;
  restricted: Generated<boolean>;
  confidentiality: Generated<'internal' | 'confidential' | 'strictly_confidential'>;
  source: Generated<'form' | 'portal' | 'email' | 'api' | 'alert'>;
  custom: Json<Record<string, unknown>>;
  resolution: string | null;
  due_at: Timestamp | null;
  occurred_at: Timestamp | null;
  detected_at: Timestamp | null;
  became_aware_at: Timestamp | null;
  reported_at: DefaultedTimestamp;
  acknowledged_at: Timestamp | null;
  resolved_at: Timestamp | null;
  closed_at: Timestamp | null;
  merged_into_id: string | null;
  created_by: string | null;
  priority_overridden: Generated<boolean>;
  idempotency_key: string | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
  search: ColumnType<string, never, never>;
};

export type IncidentWatchersTable = {
  incident_id: string;
  user_id: string;
  created_at: CreatedAt;
};

export type CommentsTable = {
  id: Generated<string>;
  incident_id: string;
  author_id: string | null;
  body: string;
  visibility: 'internal' | 'public';
  created_at: CreatedAt;
  search: ColumnType<string, never, never>;
};

export type AttachmentsTable = {
  id: Generated<string>;
  incident_id: string;
  comment_id: string | null;
  sha256: string;
  filename: string;
  content_type: string;
  size: number;
  uploaded_by: string | null;
  created_at: CreatedAt;
};

export type IncidentLinksTable = {
  id: Generated<string>;
  from_id: string;
  to_id: string;
  kind: 'duplicate_of' | 'related' | 'caused_by';
  created_by: string | null;
  created_at: CreatedAt;
};

export type TimelineEventsTable = {
  id: Generated<number>;
  incident_id: string;
  type: string;
  actor_id: string | null;
  visibility: Generated<'internal' | 'public'>;
  data: Json<Record<string, unknown>>;
  created_at: CreatedAt;
};

export type AuditHeadTable = { id: number; seq: number; hash: string };

export type AuditLogTable = {
  seq: number;
  at: Timestamp;
  actor_type: 'user' | 'token' | 'system' | 'cli' | 'anonymous' | 'integration';
  actor_id: string | null;
  source_ip: string | null;
  request_id: string | null;
  entity_type: string;
  entity_id: string;
  action: string;
  before: Json | null;
  after: Json | null;
  prev_hash: string;
  hash: string;
};

export type JobsTable = {
  id: Generated<number>;
  name: string;
  payload: Json;
  status: Generated<'queued' | 'running' | 'done' | 'dead'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  idempotency_key: string | null;
  locked_by: string | null;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
};

export type SavedViewsTable = {
  id: Generated<string>;
  user_id: string;
  name: string;
  filters: Json<Record<string, string | string[]>>;
  sort: string;
  sort_order: 'asc' | 'desc';
  columns: ColumnType<string[], string[], string[]>;
  position: number;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type SavedViewDefaultsTable = { user_id: string; created_at: CreatedAt };

export type PublicReportLinksTable = {
  id: Generated<string>;
  type_id: string;
  slug: string;
  enabled: boolean;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type PortalReportsTable = {
  incident_id: string;
  link_id: string | null;
  status_token_hash: string;
  created_at: CreatedAt;
};

export type PortalSpentChallengesTable = { nonce: string; expires_at: Timestamp };

export type PortalThrottleTable = { key: string; hits: number; window_started_at: Timestamp };

/** Weekly working hours as stored: weekday -> intervals of local "HH:MM" (end may be "24:00"). */
export type StoredWorkingHours = Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', Array<{ start: string; end: string }>>;

export type CalendarsTable = {
  id: Generated<string>;
  name: string;
  team_id: string | null;
  time_zone: string;
  working_hours: Json<StoredWorkingHours>;
  holidays: Json<Array<{ date: string; name?: string }>>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type SlaPoliciesTable = {
  id: Generated<string>;
  type_id: string;
  priority: Priority;
  acknowledge_ms: number;
  resolve_ms: number;
  first_update_ms: number | null;
  calendar_id: string | null;
  warn_percent: Generated<number>;
  breach_actions: Json<Record<string, unknown>>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type ClockKindColumn = 'sla_ack' | 'sla_resolve' | 'sla_update' | 'gdpr_art33' | 'gdpr_art34' | 'nis2_early_warning' | 'nis2_notification' | 'nis2_final_report';
export type ClockStateColumn = 'running' | 'paused' | 'met' | 'breached' | 'waived';
/** The calendar a clock counts in, copied when it starts or is retargeted, so later edits leave it alone. */
export type CalendarSnapshot = { id: string | null; name: string; timeZone: string; workingHours: StoredWorkingHours; holidays: string[] };

export type ClocksTable = {
  id: Generated<string>;
  incident_id: string;
  kind: ClockKindColumn;
  policy_id: string | null;
  target_ms: number;
  calendar: Json<CalendarSnapshot>;
  warn_percent: Generated<number>;
  breach_actions: Json<Record<string, unknown>>;
  started_at: Timestamp;
  running_since: Timestamp | null;
  elapsed_ms: Generated<number>;
  paused_at: Timestamp | null;
  due_at: Timestamp | null;
  warn_at: Timestamp | null;
  state: ClockStateColumn;
  warned_at: Timestamp | null;
  breached_at: Timestamp | null;
  met_at: Timestamp | null;
  waived_at: Timestamp | null;
  waived_reason: string | null;
  waived_by: string | null;
  submissions: Json<Array<Record<string, unknown>>>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type IntegrationsTable = {
  id: Generated<string>;
  kind: 'pagerduty' | 'alertmanager' | 'grafana' | 'webhook' | 'email';
  name: string;
  type_id: string;
  team_id: string | null;
  key_hash: string;
  key_hint: string;
  settings: Json<Record<string, unknown>>;
  rate_limit_per_minute: number;
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type AlertEventsTable = {
  id: Generated<number>;
  integration_id: string;
  kind: 'alert' | 'change';
  stream_key: string;
  payload: Json;
  source_ip: string | null;
  user_agent: string | null;
  received_at: DefaultedTimestamp;
  status: Generated<'pending' | 'processed' | 'failed'>;
  processed_at: Timestamp | null;
  outcome: string | null;
  error: string | null;
};

export type AlertsTable = {
  id: Generated<string>;
  integration_id: string;
  dedup_key: string;
  group_key: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  title: string;
  severity: string | null;
  source: string | null;
  labels: Json<Record<string, string>>;
  incident_id: string | null;
  event_count: Generated<number>;
  first_event_at: Timestamp;
  last_event_at: Timestamp;
  acknowledged_at: Timestamp | null;
  resolved_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type AlertHistoryTable = {
  id: Generated<number>;
  alert_id: string;
  event_id: number | null;
  action: 'trigger' | 'repeat' | 'acknowledge' | 'resolve';
  status: 'triggered' | 'acknowledged' | 'resolved';
  at: Timestamp;
  data: Json<Record<string, unknown>>;
};

export type DeliveriesTable = {
  id: Generated<string>;
  channel: 'email' | 'slack' | 'mattermost' | 'teams' | 'webhook';
  target: string;
  incident_id: string | null;
  event_kind: string;
  payload: Json;
  status: Generated<'pending' | 'sending' | 'delivered' | 'failed' | 'dead' | 'disabled'>;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_error: string | null;
  response_code: number | null;
  idempotency_key: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
  delivered_at: Timestamp | null;
};

export type WebhookEndpointsTable = {
  id: Generated<string>;
  url: string;
  description: Generated<string>;
  secret_sealed: string;
  secret_hint: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Timestamp | null;
  event_types: ColumnType<string[], string[], string[]>;
  team_id: string | null;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type ChatChannelsTable = {
  id: Generated<string>;
  kind: 'slack' | 'mattermost' | 'teams';
  name: string;
  url_sealed: string;
  url_hint: string;
  team_id: string | null;
  locale: Generated<'en' | 'de'>;
  enabled: Generated<boolean>;
  disabled_reason: string | null;
  disabled_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type StakeholderListsTable = {
  id: Generated<string>;
  team_id: string;
  name: string;
  description: Generated<string>;
  emails: ColumnType<string[], string[], string[]>;
  locale: Generated<'en' | 'de'>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type NotificationsTable = {
  id: Generated<string>;
  user_id: string;
  incident_id: string | null;
  kind: string;
  urgency: 'high' | 'low';
  title: string;
  body: string;
  ack_url: string | null;
  dedupe_key: string;
  read_at: Timestamp | null;
  created_at: CreatedAt;
};

export type EscalationPoliciesTable = {
  id: Generated<string>;
  team_id: string;
  name: string;
  description: string;
  levels: Json<Array<{ delayMinutes: number; targets: Array<{ kind: 'user' | 'team' | 'schedule'; id: string }> }>>;
  repeat_count: number;
  version: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type EscalationsTable = {
  id: Generated<string>;
  incident_id: string;
  policy_id: string | null;
  snapshot: Json<{ policyId: string; name: string; version: number; teamId: string; repeatCount: number; levels: Array<{ delayMinutes: number; targets: Array<{ kind: 'user' | 'team' | 'schedule'; id: string }> }> }>;
  token: string;
  level: Generated<number>;
  repeat: Generated<number>;
  next_step_at: Timestamp | null;
  state: Generated<'running' | 'acknowledged' | 'resolved' | 'exhausted' | 'cancelled'>;
  reason: string;
  team_id: string | null;
  assignee_id: string | null;
  started_by: string | null;
  started_at: Timestamp;
  stopped_at: Timestamp | null;
  stop_reason: string | null;
  updated_at: Timestamp;
};

export type EscalationPagesTable = { escalation_id: string; level: number; repeat: number; user_id: string; paged_at: Timestamp };

export type AckLinkUsesTable = { token_hash: string; incident_id: string; user_id: string; used_at: Timestamp; expires_at: Timestamp };

export type SchedulesTable = {
  id: Generated<string>;
  team_id: string;
  name: string;
  description: Generated<string>;
  time_zone: string;
  layers: Json<unknown[]>;
  version: Generated<number>;
  revision: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type ScheduleOverridesTable = {
  id: Generated<string>;
  seq: ColumnType<number, never, never>;
  schedule_id: string;
  user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  note: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
};

export type ScheduleFeedTokensTable = {
  id: Generated<string>;
  schedule_id: string | null;
  user_id: string | null;
  token_hash: string;
  nonce: string | null;
  created_by: string | null;
  created_at: CreatedAt;
};

export type RoutingRulesTable = {
  id: Generated<string>;
  name: string;
  type_id: string | null;
  position: number;
  enabled: Generated<boolean>;
  conditions: Json<unknown[]>;
  effects: Json<unknown[]>;
  stop_processing: Generated<boolean>;
  version: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: DefaultedTimestamp;
};

export type RoutingApplicationsTable = {
  incident_id: string;
  rule_id: string;
  rule_version: number;
  applied_at: Timestamp;
};

export type InboundMailsTable = {
  id: Generated<number>;
  received_at: CreatedAt;
  remote_address: string | null;
  envelope_from: Generated<string>;
  envelope_to: string[];
  size: number;
  raw: Uint8Array;
  message_id: string | null;
  subject: string | null;
  from_address: string | null;
  status: Generated<'received' | 'processed' | 'dropped' | 'failed'>;
  outcome: string | null;
  incident_id: string | null;
  comment_id: string | null;
  integration_id: string | null;
  detail: string | null;
  processed_at: Timestamp | null;
};
export type InboundMailRow = Selectable<InboundMailsTable>;

export type NotificationPreferencesTable = {
  user_id: string;
  high_email: boolean;
  low_email: boolean;
  low_digest: 'none' | 'hourly' | 'daily';
  quiet_hours: Json<Array<{ days: Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'>; start: string; end: string }>>;
  version: Generated<number>;
  updated_at: Timestamp;
};
export type NotificationPreferencesRow = Selectable<NotificationPreferencesTable>;

export type NotificationDigestItemsTable = {
  notification_id: string;
  user_id: string;
  due_at: Timestamp;
  delivery_id: string | null;
  sent_at: Timestamp | null;
};

export type TeamNotificationRulesTable = {
  id: Generated<string>;
  team_id: string;
  type_id: string | null;
  kinds: string[];
  channel_ids: string[];
  enabled: Generated<boolean>;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
};
export type TeamNotificationRuleRow = Selectable<TeamNotificationRulesTable>;

export type DB = {
  notification_preferences: NotificationPreferencesTable;
  notification_digest_items: NotificationDigestItemsTable;
  team_notification_rules: TeamNotificationRulesTable;
  inbound_mails: InboundMailsTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  auth_throttle: AuthThrottleTable;
  settings: SettingsTable;
  incident_types: IncidentTypesTable;
  number_sequences: NumberSequencesTable;
  incidents: IncidentsTable;
  incident_watchers: IncidentWatchersTable;
  comments: CommentsTable;
  attachments: AttachmentsTable;
  incident_links: IncidentLinksTable;
  timeline_events: TimelineEventsTable;
  audit_head: AuditHeadTable;
  audit_log: AuditLogTable;
  jobs: JobsTable;
  schedules: SchedulesTable;
  schedule_overrides: ScheduleOverridesTable;
  schedule_feed_tokens: ScheduleFeedTokensTable;
  notifications: NotificationsTable;
  escalation_policies: EscalationPoliciesTable;
  escalations: EscalationsTable;
  escalation_pages: EscalationPagesTable;
  ack_link_uses: AckLinkUsesTable;
  deliveries: DeliveriesTable;
  webhook_endpoints: WebhookEndpointsTable;
  chat_channels: ChatChannelsTable;
  stakeholder_lists: StakeholderListsTable;
  integrations: IntegrationsTable;
  alert_events: AlertEventsTable;
  alerts: AlertsTable;
  alert_history: AlertHistoryTable;
  saved_views: SavedViewsTable;
  saved_view_defaults: SavedViewDefaultsTable;
  public_report_links: PublicReportLinksTable;
  portal_reports: PortalReportsTable;
  portal_spent_challenges: PortalSpentChallengesTable;
  portal_throttle: PortalThrottleTable;
  calendars: CalendarsTable;
  sla_policies: SlaPoliciesTable;
  clocks: ClocksTable;
  routing_rules: RoutingRulesTable;
  routing_applications: RoutingApplicationsTable;
};

export type UserRow = Selectable<UsersTable>;
export type TeamRow = Selectable<TeamsTable>;
export type IncidentRow = Selectable<IncidentsTable>;
export type NewIncident = Insertable<IncidentsTable>;
export type IncidentUpdate = Updateable<IncidentsTable>;
export type IncidentTypeRow = Selectable<IncidentTypesTable>;
export type TimelineEventRow = Selectable<TimelineEventsTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type JobRow = Selectable<JobsTable>;
export type CalendarRow = Selectable<CalendarsTable>;
export type SlaPolicyRow = Selectable<SlaPoliciesTable>;
export type ClockRow = Selectable<ClocksTable>;
export type IntegrationRow = Selectable<IntegrationsTable>;
export type AlertEventRow = Selectable<AlertEventsTable>;
export type AlertRow = Selectable<AlertsTable>;
export type AlertHistoryRow = Selectable<AlertHistoryTable>;
export type DeliveryRow = Selectable<DeliveriesTable>;
export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type ChatChannelRow = Selectable<ChatChannelsTable>;
export type StakeholderListRow = Selectable<StakeholderListsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type EscalationPolicyRow = Selectable<EscalationPoliciesTable>;
export type EscalationRow = Selectable<EscalationsTable>;
export type ScheduleRow = Selectable<SchedulesTable>;
export type ScheduleOverrideRow = Selectable<ScheduleOverridesTable>;
export type RoutingRuleRow = Selectable<RoutingRulesTable>;
