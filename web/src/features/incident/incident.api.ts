import type {
  Attachment,
  AwarenessInput,
  ClockSubmissionInput,
  Clock,
  Comment,
  CommentCreateInput,
  Communication,
  CommunicationCreate,
  Escalation,
  EscalationPolicy,
  EscalationStart,
  Incident,
  IncidentLink,
  IncidentMergeInput,
  IncidentPatchInput,
  IncidentTransitionInput,
  IncidentType,
  LinkInput,
  Ref,
  StakeholderList,
  Team,
  TimelineEvent,
  UserSummary,
} from '@vigil/shared';
import { api, apiUrl } from '../../lib/api';

const at = (ref: string) => `/incidents/${encodeURIComponent(ref)}`;

/** GET /incidents/{idOrNumber}: the incident with what the caller may do next. */
export const getIncident = (ref: string, signal?: AbortSignal) => api.get<Incident>(at(ref), { signal });

/** PATCH /incidents/{id} with If-Match: only the fields sent change. */
export const patchIncident = (id: string, version: number, patch: Omit<IncidentPatchInput, 'version'>) => api.patch<Incident>(at(id), patch, { ifMatch: version });

/** POST /incidents/{id}/transitions: move along the workflow, setting fields and a comment in the same step. */
export const transitionIncident = (id: string, version: number, body: Omit<IncidentTransitionInput, 'version' | 'commentVisibility'> & { commentVisibility?: 'internal' | 'public' }) =>
  api.post<Incident>(`${at(id)}/transitions`, body, { ifMatch: version });

/** POST /incidents/{id}/acknowledge: "I have it"; stops pending escalation steps. */
export const acknowledgeIncident = (id: string) => api.post<Incident>(`${at(id)}/acknowledge`);

/** POST /incidents/{id}/merge: close this duplicate into the original. */
export const mergeIncident = (id: string, body: IncidentMergeInput) => api.post<Incident>(`${at(id)}/merge`, body);

/** POST /incidents/{id}/awareness: the legal awareness time, with a justification. */
export const setAwareness = (id: string, body: AwarenessInput) => api.post<Incident>(`${at(id)}/awareness`, body);

/** Every event of the timeline in order (pages of 500 until the end). */
export async function getTimeline(id: string, signal?: AbortSignal): Promise<TimelineEvent[]> {
  const all: TimelineEvent[] = [];
  let after: number | null | undefined;
  do {
    const page = await api.get<{ items: TimelineEvent[]; nextAfter: number | null }>(`${at(id)}/timeline`, { query: { limit: 500, after }, signal });
    all.push(...page.items);
    after = page.nextAfter;
  } while (after !== null && after !== undefined);
  return all;
}

/** POST /incidents/{id}/comments */
export const addComment = (id: string, body: CommentCreateInput) => api.post<Comment>(`${at(id)}/comments`, body);

/** PUT /incidents/{id}/watchers/{userId} */
export const addWatcher = (id: string, userId: string) => api.put<{ items: Ref[] }>(`${at(id)}/watchers/${userId}`);

/** DELETE /incidents/{id}/watchers/{userId} */
export const removeWatcher = (id: string, userId: string) => api.delete<{ items: Ref[] }>(`${at(id)}/watchers/${userId}`);

/** POST /incidents/{id}/attachments (multipart), optionally onto one of the caller's comments. */
export function uploadAttachment(id: string, file: File, commentId?: string) {
  const form = new FormData();
  if (commentId) form.append('commentId', commentId);
  form.append('file', file, file.name);
  return api.post<Attachment>(`${at(id)}/attachments`, form);
}

/** Where an attachment's content is: inline (images only) for previews, otherwise as a download. */
export const attachmentUrl = (attachmentId: string, inline = false) => apiUrl(`/attachments/${attachmentId}/content`, inline ? { inline: 1 } : undefined);

/** GET /incidents/{id}/links */
export const listLinks = (id: string, signal?: AbortSignal) => api.get<{ items: IncidentLink[] }>(`${at(id)}/links`, { signal });

/** POST /incidents/{id}/links */
export const addLink = (id: string, body: LinkInput) => api.post<IncidentLink>(`${at(id)}/links`, body);

/** DELETE /incidents/{id}/links/{linkId} */
export const removeLink = (id: string, linkId: string) => api.delete(`${at(id)}/links/${linkId}`);

/** GET /incidents/{id}/clocks: SLA and legal clocks in detail (warning time, submissions, calendar). */
export const listClocks = (id: string, signal?: AbortSignal) => api.get<{ items: Clock[]; asOf: string }>(`${at(id)}/clocks`, { signal });

/** POST /incidents/{id}/clocks/{clockId}/submission: a legal submission or the decision that none is required. */
export const submitClock = (id: string, clockId: string, body: Partial<ClockSubmissionInput>) => api.post<Clock>(`${at(id)}/clocks/${clockId}/submission`, body);

/** POST /incidents/{id}/clocks/{clockId}/waive (managers, admins) */
export const waiveClock = (id: string, clockId: string, reason: string) => api.post<Clock>(`${at(id)}/clocks/${clockId}/waive`, { reason });

/** GET /incidents/{id}/escalations: newest first, with who was paged. */
export const listEscalations = (id: string, signal?: AbortSignal) => api.get<{ items: Escalation[] }>(`${at(id)}/escalations`, { signal });

/** POST /incidents/{id}/escalations: start a policy by hand. */
export const startEscalation = (id: string, body: EscalationStart) => api.post<Escalation>(`${at(id)}/escalations`, body);

/** GET /escalation-policies */
export const listEscalationPolicies = (signal?: AbortSignal) => api.get<{ items: EscalationPolicy[] }>('/escalation-policies', { signal });

/** GET /stakeholder-lists */
export const listStakeholderLists = (signal?: AbortSignal) => api.get<{ items: StakeholderList[] }>('/stakeholder-lists', { signal });

/** POST /incidents/{id}/communications: email a public update to the reporter and stakeholder lists. */
export const sendCommunication = (id: string, body: CommunicationCreate) => api.post<Communication>(`${at(id)}/communications`, body);

/** GET /incident-types/{key}: fields, workflow and categories of the incident's type. */
export const getIncidentType = (key: string, signal?: AbortSignal) => api.get<IncidentType>(`/incident-types/${encodeURIComponent(key)}`, { signal });

/** GET /users: active people (assignee, watchers, mentions); not for reporters. */
export const listActiveUsers = (signal?: AbortSignal) => api.get<{ items: UserSummary[]; total: number }>('/users', { query: { active: 'true', limit: 200 }, signal });

/** GET /teams */
export const listTeams = (signal?: AbortSignal) => api.get<{ items: Team[] }>('/teams', { signal });
