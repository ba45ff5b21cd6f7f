import type { CommentVisibility, IncidentCreateInput, IncidentFieldsInput, LinkKind } from '@vigil/shared';
import type { DemoTeamSlug } from './demo.people.js';

/**
 * The demo data as a plan: every change is a step done by a named demo person (or the system) at a
 * given time, through the same command a user would call. People are named by their key and teams
 * by slug; the runner turns them into ids.
 */

/** A demo person's key, or `system` for changes no person makes (alert and mail intake). */
export type Who = string;

type PeopleRefs = { assignee?: string | null; team?: DemoTeamSlug | null };

/** The fields of a change, with the assignee named by person key and the team by slug. */
export type DemoFields = Omit<IncidentFieldsInput, 'assigneeId' | 'teamId'> & PeopleRefs;

/** What a create sends (defaults are filled by the shared schema), with people by key. */
export type DemoCreate = Partial<Omit<IncidentCreateInput, 'assigneeId' | 'teamId' | 'watchers'>> &
  Pick<IncidentCreateInput, 'type' | 'title'> & { assignee?: string; team?: DemoTeamSlug; watchers?: string[] };

export type DemoStep =
  | { kind: 'create'; incident: string; as: Who; input: DemoCreate }
  | { kind: 'update'; incident: string; as: Who; fields: DemoFields }
  | { kind: 'transition'; incident: string; as: Who; to: string; fields?: DemoFields; resolution?: string; comment?: string; visibility?: CommentVisibility }
  | { kind: 'comment'; incident: string; as: Who; body: string; visibility: CommentVisibility }
  | { kind: 'watch'; incident: string; as: Who; user: string }
  | { kind: 'link'; incident: string; as: Who; to: string; linkKind: LinkKind }
  | { kind: 'merge'; incident: string; as: Who; into: string; comment?: string };

/** A step and the moment it happens. */
export type TimedStep = DemoStep & { at: Date };

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The moment `days` before the anchor's day at this UTC time of day. */
export function dayAt(anchor: Date, daysBefore: number, hour: number, minute = 0): Date {
  const d = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), anchor.getUTCDate(), hour, minute));
  return new Date(d.getTime() - daysBefore * DAY);
}

/** A calendar date (YYYY-MM-DD) for date fields. */
export const isoDate = (at: Date) => at.toISOString().slice(0, 10);

/** A date-time as the API takes it. */
export const iso = (at: Date) => at.toISOString();

/** A moment as people write it in a comment. */
export const utc = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

type StepBody<K extends DemoStep['kind']> = Omit<Extract<DemoStep, { kind: K }>, 'kind' | 'incident' | 'as'>;

/**
 * Writes the steps of one incident on a time cursor: `wait` moves the cursor forward, every other
 * call records a step at the cursor. Steps of all incidents are later run in time order.
 */
export type IncidentScript = {
  key: string;
  now: () => Date;
  wait: (ms: number) => IncidentScript;
  create: (as: Who, input: DemoCreate) => IncidentScript;
  update: (as: Who, fields: DemoFields) => IncidentScript;
  move: (as: Who, to: string, opts?: Omit<StepBody<'transition'>, 'to'>) => IncidentScript;
  comment: (as: Who, body: string, visibility?: CommentVisibility) => IncidentScript;
  watch: (as: Who, user: string) => IncidentScript;
  link: (as: Who, to: string, linkKind: LinkKind) => IncidentScript;
  merge: (as: Who, into: string, comment?: string) => IncidentScript;
};

/** Collects the steps of every incident of the demo. */
export type DemoPlan = { steps: TimedStep[]; script: (key: string, start: Date) => IncidentScript };

export function createPlan(): DemoPlan {
  const steps: TimedStep[] = [];
  const script = (key: string, start: Date): IncidentScript => {
    let cursor = start.getTime();
    const add = (step: DemoStep) => {
      steps.push({ ...step, at: new Date(cursor) });
      return self;
    };
    const self: IncidentScript = {
      key,
      now: () => new Date(cursor),
      wait: (ms) => {
        cursor += Math.max(1000, Math.round(ms / 1000) * 1000);
        return self;
      },
      create: (as, input) => add({ kind: 'create', incident: key, as, input }),
      update: (as, fields) => add({ kind: 'update', incident: key, as, fields }),
      move: (as, to, opts = {}) => add({ kind: 'transition', incident: key, as, to, ...opts }),
      comment: (as, body, visibility = 'internal') => add({ kind: 'comment', incident: key, as, body, visibility }),
      watch: (as, user) => add({ kind: 'watch', incident: key, as, user }),
      link: (as, to, linkKind) => add({ kind: 'link', incident: key, as, to, linkKind }),
      merge: (as, into, comment) => add({ kind: 'merge', incident: key, as, into, ...(comment ? { comment } : {}) }),
    };
    return self;
  };
  return { steps, script };
}
