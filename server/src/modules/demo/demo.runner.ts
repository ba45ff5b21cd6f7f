import { incidentCreateSchema, incidentFieldsSchema, incidentTransitionSchema, type IncidentFieldsInput } from '@vigil/shared';
import type { IncidentRow } from '../../db/schema.js';
import type { Actor, Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import { addComment, addWatcher, createIncident, mergeIncident, transitionIncident, updateIncident } from '../incidents/index.js';
import { addLink } from '../links/index.js';
import type { DemoFields, DemoStep, TimedStep } from './demo.plan.js';

/** Ids the plan's names stand for: people by key (with their actor), teams by slug. */
export type DemoDirectory = {
  people: Map<string, { id: string; actor: Actor }>;
  teams: Map<string, string>;
};

/** The clock the runner moves to each step's moment before calling the command. */
export type SettableClock = { now: () => Date; set: (at: Date) => void };

type Made = { id: string; number: string; version: number };

/**
 * Runs the steps in time order through the incident, comment, watcher and link commands, each as
 * its demo person at the step's moment, so every change gets its timeline event and audit record.
 * Steps later than `until` are left out: the incidents they belong to stay where their story had got
 * to by then. Returns the incidents made, by plan key.
 */
export async function runSteps(deps: Deps & { clock: SettableClock }, directory: DemoDirectory, steps: readonly TimedStep[], until: Date): Promise<Map<string, Made>> {
  const made = new Map<string, Made>();
  const ordered = steps.map((step, i) => ({ step, i })).sort((a, b) => a.step.at.getTime() - b.step.at.getTime() || a.i - b.i);
  for (const { step } of ordered) {
    if (step.at.getTime() > until.getTime()) break;
    deps.clock.set(step.at);
    try {
      await runStep(deps, directory, made, step);
    } catch (err) {
      const what = step.kind === 'transition' ? `transition to ${step.to}` : step.kind;
      throw new Error(`demo step failed (${step.incident}: ${what} as ${step.as} at ${step.at.toISOString()}): ${(err as Error).message}`, { cause: err });
    }
  }
  return made;
}

async function runStep(deps: Deps, directory: DemoDirectory, made: Map<string, Made>, step: DemoStep): Promise<void> {
  const actor = actorOf(directory, step.as);
  const remember = (row: IncidentRow) => made.set(step.incident, { id: row.id, number: row.number, version: row.version });
  if (step.kind === 'create') {
    const { assignee, team, watchers, ...rest } = step.input;
    const input = incidentCreateSchema.parse({
      ...rest,
      ...(assignee ? { assigneeId: personId(directory, assignee) } : {}),
      ...(team ? { teamId: teamId(directory, team) } : {}),
      ...(watchers ? { watchers: watchers.map((w) => personId(directory, w)) } : {}),
    });
    remember((await createIncident(deps, actor, input)).row);
    return;
  }
  const incident = incidentOf(made, step.incident);
  switch (step.kind) {
    case 'update':
      remember(await updateIncident(deps, actor, incident.id, fieldsOf(directory, step.fields), incident.version));
      return;
    case 'transition': {
      const input = incidentTransitionSchema.parse({
        to: step.to,
        version: incident.version,
        ...(step.fields ? { fields: fieldsOf(directory, step.fields) } : {}),
        ...(step.resolution ? { resolution: step.resolution } : {}),
        ...(step.comment ? { comment: step.comment, commentVisibility: step.visibility ?? 'internal' } : {}),
      });
      remember(await transitionIncident(deps, actor, incident.id, input));
      return;
    }
    case 'comment':
      await addComment(deps, actor, incident.id, { body: step.body, visibility: step.visibility });
      return;
    case 'watch':
      await addWatcher(deps, actor, incident.id, personId(directory, step.user));
      return;
    case 'link':
      await addLink(deps, actor, incident.id, { to: incidentOf(made, step.to).id, kind: step.linkKind });
      return;
    case 'merge':
      remember(await mergeIncident(deps, actor, incident.id, { into: incidentOf(made, step.into).id, ...(step.comment ? { comment: step.comment } : {}) }));
      return;
  }
}

function fieldsOf(directory: DemoDirectory, fields: DemoFields): IncidentFieldsInput {
  const { assignee, team, ...rest } = fields;
  return incidentFieldsSchema.parse({
    ...rest,
    ...(assignee !== undefined ? { assigneeId: assignee === null ? null : personId(directory, assignee) } : {}),
    ...(team !== undefined ? { teamId: team === null ? null : teamId(directory, team) } : {}),
  });
}

function actorOf(directory: DemoDirectory, who: string): Actor {
  if (who === 'system') return systemActor;
  const person = directory.people.get(who);
  if (!person) throw new Error(`unknown demo person ${who}`);
  return person.actor;
}

function personId(directory: DemoDirectory, key: string): string {
  const person = directory.people.get(key);
  if (!person) throw new Error(`unknown demo person ${key}`);
  return person.id;
}

function teamId(directory: DemoDirectory, slug: string): string {
  const id = directory.teams.get(slug);
  if (!id) throw new Error(`unknown demo team ${slug}`);
  return id;
}

function incidentOf(made: Map<string, Made>, key: string): Made {
  const incident = made.get(key);
  if (!incident) throw new Error(`incident ${key} is not created yet at this point of the plan`);
  return incident;
}
