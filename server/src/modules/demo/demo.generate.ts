import type { CommentVisibility, Level } from '@vigil/shared';
import { reporters, teamAgents, teamLead, teamPeople, type DemoTeamSlug } from './demo.people.js';
import { DAY, HOUR, MINUTE, type DemoCreate, type DemoFields, type DemoPlan, type IncidentScript } from './demo.plan.js';
import type { Random } from './demo.random.js';

/** How long before the next step of a generated incident: a few minutes, a working session, a wait on others, a long wait. */
export type Pause = 'short' | 'work' | 'wait' | 'long';

/** One workflow move of a catalogue incident; fields may depend on the moment of the move (date fields). */
export type CatalogueMove = {
  to: string;
  fields?: DemoFields | ((at: Date) => DemoFields);
  resolution?: string;
  comment?: string;
  visibility?: CommentVisibility;
  /** Who moves: the assignee (default) or the team lead (closing guards that need a manager). */
  by?: 'assignee' | 'lead';
  pause?: Pause;
  /** An internal note written just before the move. */
  note?: string;
};

/** An incident of the catalogue: what is reported, and the path it would take if nothing stopped it. */
export type CatalogueEntry = {
  type: 'it-outage' | 'security' | 'data-breach' | 'quality-deviation' | 'facility-fault';
  team: DemoTeamSlug;
  create: Omit<DemoCreate, 'type'>;
  /** A reporter, a team member, the system (alert or mail intake), or a named person. */
  creator: 'reporter' | 'staff' | 'system' | { key: string };
  moves: CatalogueMove[];
  /** Public status updates the assignee may post while working. */
  updates?: string[];
  /** A question the reporter (when `creator` is `reporter`) asks while waiting. */
  followUp?: string;
};

const pauseRange: Record<Pause, [number, number]> = {
  short: [4 * MINUTE, 40 * MINUTE],
  work: [1 * HOUR, 7 * HOUR],
  wait: [1 * DAY, 4 * DAY],
  long: [3 * DAY, 9 * DAY],
};

const typePace: Record<CatalogueEntry['type'], number> = {
  'it-outage': 1,
  security: 0.7,
  'data-breach': 0.8,
  'quality-deviation': 2.2,
  'facility-fault': 1.2,
};

const levelPace: Record<Level, number> = { high: 0.35, medium: 1, low: 1.8 };

/** What a generated incident came to, for the summary and tests. */
export type GeneratedIncident = { key: string; entry: CatalogueEntry; start: Date };

const priorityReasons = [
  'Raised to P2 by hand: this affects one of our top-ten customers.',
  'Set to P2: the end-of-month closing depends on this.',
  'P2 by hand: a customer audit is scheduled for next week.',
];

const genericUpdates = [
  'We are working on it and will post an update here.',
  'The cause is known; the fix is being prepared.',
  'Thanks for your patience: the work is scheduled and we will let you know when it is done.',
];

/**
 * Plans one catalogue incident: reported at `start`, assigned, moved along its path until the
 * path ends or the incident is left in an earlier state, with notes, updates and watchers on the way.
 * Steps later than `until` are dropped by the runner, so recent incidents stay open on their own.
 */
export function planCatalogueIncident(plan: DemoPlan, rng: Random, key: string, entry: CatalogueEntry, start: Date, ageDays: number): GeneratedIncident {
  const team = entry.team;
  const lead = teamLead(team);
  const agents = teamAgents(team);
  const assignee = rng.chance(0.12) ? lead : rng.pick(agents);
  const creator = entry.creator === 'reporter' ? rng.pick(reporters).key : entry.creator === 'staff' ? rng.pick(teamPeople(team)).key : entry.creator === 'system' ? 'system' : entry.creator.key;
  const pace = typePace[entry.type] * Math.min(levelPace[entry.create.impact ?? 'medium'], levelPace[entry.create.urgency ?? 'medium']);
  const s: IncidentScript = plan.script(key, start);
  const urgent = entry.create.impact === 'high' && entry.create.urgency === 'high';
  const gap = (p: Pause) => {
    const [min, max] = pauseRange[p];
    const ms = (min + rng.next() * (max - min)) * (p === 'wait' || p === 'long' ? 1 : pace);
    // Only urgent incidents are worked at night and at weekends.
    return urgent ? ms : ms + untilWorkingHours(new Date(s.now().getTime() + ms), rng);
  };

  const selfAssigned = creator === assignee.key;
  const detected = new Date(start.getTime() - rng.int(3, 90) * MINUTE);
  const times = {
    detectedAt: detected.toISOString(),
    ...(rng.chance(0.7) ? { occurredAt: new Date(detected.getTime() - rng.int(0, 180) * MINUTE).toISOString() } : {}),
    ...(entry.type === 'data-breach' ? { becameAwareAt: new Date(start.getTime() - rng.int(5, 120) * MINUTE).toISOString() } : {}),
  };
  s.create(creator, { type: entry.type, ...times, ...entry.create, ...(selfAssigned ? { assignee: assignee.key } : {}) });

  // Where the story stops: older incidents mostly ran their course, recent ones are more often still open.
  const full = entry.moves.length;
  const stallChance = ageDays < 10 ? 0.6 : ageDays < 30 ? 0.3 : 0.1;
  const waiting = entry.moves.findIndex((m) => m.to.startsWith('waiting_for'));
  let stop = full;
  if (waiting >= 0 && ageDays < 25 && rng.chance(0.45)) stop = waiting + 1;
  else if (rng.chance(stallChance)) stop = rng.int(0, full - 1);
  else if (entry.moves[full - 1]?.to === 'closed' && rng.chance(ageDays < 20 ? 0.45 : 0.15)) stop = full - 1;

  if (stop === 0 && rng.chance(0.5)) return { key, entry, start };
  if (!selfAssigned) {
    s.wait(gap('short'));
    if (rng.chance(0.7)) s.update(lead.key, { assignee: assignee.key });
    else s.update(assignee.key, { assignee: assignee.key });
  }
  if (!urgent && entry.type !== 'security' && entry.type !== 'data-breach' && rng.chance(0.1)) {
    s.wait(MINUTE * rng.int(5, 30)).update(lead.key, { priority: 'P2' });
    s.comment(lead.key, rng.pick(priorityReasons));
  }
  if (rng.chance(0.25)) s.watch(lead.key, lead.key);
  if (rng.chance(0.15)) {
    const colleague = agents.find((a) => a.key !== assignee.key);
    if (colleague) s.wait(MINUTE * rng.int(1, 20)).watch(assignee.key, colleague.key);
  }

  let worker = assignee;
  let updates = [...(entry.updates ?? []), ...rng.sample(genericUpdates, 1)];
  for (let i = 0; i < stop; i++) {
    const move = entry.moves[i]!;
    s.wait(gap(move.pause ?? (i === 0 ? 'short' : 'work')));
    if (move.note) s.comment(worker.key, move.note).wait(MINUTE * rng.int(2, 25));
    const by = move.by === 'lead' ? lead.key : worker.key;
    const fields = typeof move.fields === 'function' ? move.fields(s.now()) : move.fields;
    s.move(by, move.to, {
      ...(fields ? { fields } : {}),
      ...(move.resolution ? { resolution: move.resolution } : {}),
      ...(move.comment ? { comment: move.comment, visibility: move.visibility ?? 'internal' } : {}),
    });
    if (updates.length > 0 && i < stop - 1 && rng.chance(0.35)) {
      s.wait(MINUTE * rng.int(5, 50)).comment(worker.key, updates[0]!, 'public');
      updates = updates.slice(1);
    }
    if (entry.followUp && entry.creator === 'reporter' && i === 0 && rng.chance(0.5)) {
      s.wait(gap('work')).comment(creator, entry.followUp, 'public');
    }
    if (i === 0 && stop > 2 && agents.length > 1 && rng.chance(0.1)) {
      const next = agents.find((a) => a.key !== worker.key)!;
      s.wait(gap('work')).update(lead.key, { assignee: next.key });
      s.comment(lead.key, `Handing over to ${next.name}: ${worker.name} is out of office for the rest of the week.`);
      worker = next;
    }
  }
  return { key, entry, start };
}

/** How long from `at` until the next working hours (Monday to Friday, 06:30 to 17:00 UTC); 0 when inside them. */
export function untilWorkingHours(at: Date, rng: Random): number {
  const day = at.getUTCDay();
  const minutes = at.getUTCHours() * 60 + at.getUTCMinutes();
  if (day >= 1 && day <= 5 && minutes >= 390 && minutes < 1020) return 0;
  const next = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), 6, 30 + rng.int(0, 80)));
  if (minutes >= 390) next.setUTCDate(next.getUTCDate() + 1);
  while (next.getUTCDay() === 0 || next.getUTCDay() === 6) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - at.getTime();
}

/** Spreads the catalogue over the last 60 days: working hours for people, any hour for alerts. */
export function catalogueStart(rng: Random, anchor: Date, entry: CatalogueEntry): { start: Date; ageDays: number } {
  const ageDays = 0.2 + Math.pow(rng.next(), 1.35) * 59.5;
  const day = new Date(anchor.getTime() - ageDays * DAY);
  const start = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate()));
  const hour = entry.creator === 'system' ? rng.int(0, 23) : rng.int(6, 16);
  start.setUTCHours(hour, rng.int(0, 59), rng.int(0, 59));
  if (entry.creator !== 'system') start.setTime(start.getTime() + untilWorkingHours(start, rng));
  const bounded = start.getTime() >= anchor.getTime() - 10 * MINUTE ? new Date(anchor.getTime() - rng.int(30, 180) * MINUTE) : start;
  return { start: bounded, ageDays: (anchor.getTime() - bounded.getTime()) / DAY };
}
