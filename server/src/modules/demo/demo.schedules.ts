import type { Deps } from '../../platform/context.js';
import { createOverride, createSchedule, listSchedules, onCallForTeam } from '../schedules/index.js';
import { demoPeople, teamAgents, teamLead, type DemoTeamSlug } from './demo.people.js';
import { DAY, dayAt, isoDate } from './demo.plan.js';
import type { DemoDirectory } from './demo.runner.js';

/** A demo schedule and who is on call in it at the anchor. */
export type DemoSchedule = { team: DemoTeamSlug; name: string; onCallNow: string | null };

const scheduleNames: Record<DemoTeamSlug, string> = {
  'it-operations': 'IT operations on call',
  security: 'Security on call',
  'data-protection': 'Data protection on call',
  quality: 'Quality on call',
  facilities: 'Facilities on call',
};

/** The Monday of the week (UTC dates) the day falls in. */
function mondayOf(day: Date): Date {
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY);
}

/**
 * One on-call schedule per demo team: the team's agents take turns weekly, handing off on Mondays at
 * 09:00 Berlin time from nine weeks before the anchor, and the team lead covers one day later this week
 * as an override. Made by the lead through the schedules commands (audited); a team that already has the
 * schedule keeps it.
 */
export async function seedDemoSchedules(deps: Deps, directory: DemoDirectory, anchor: Date): Promise<DemoSchedule[]> {
  const result: DemoSchedule[] = [];
  for (const [slug, name] of Object.entries(scheduleNames) as Array<[DemoTeamSlug, string]>) {
    const teamId = directory.teams.get(slug)!;
    const lead = directory.people.get(teamLead(slug).key)!;
    const agents = teamAgents(slug).map((p) => directory.people.get(p.key)!.id);
    const existing = (await listSchedules(deps, lead.actor, { teamId })).items.find((s) => s.name === name);
    if (!existing) {
      const schedule = await createSchedule(deps, lead.actor, {
        teamId,
        name,
        description: 'Weekly rotation of the team; hand-off on Mondays at 09:00 (Europe/Berlin).',
        timeZone: 'Europe/Berlin',
        layers: [
          {
            name: 'Weekly rotation',
            participants: agents.length > 0 ? agents : [lead.id],
            rotation: 'weekly',
            handoffTime: '09:00',
            startDate: isoDate(mondayOf(dayAt(anchor, 63, 12))),
            endsAt: null,
            restrictions: [],
          },
        ],
      });
      const start = dayAt(anchor, -2, 7);
      await createOverride(deps, lead.actor, schedule.id, {
        userId: lead.id,
        start: start.toISOString(),
        end: new Date(start.getTime() + DAY).toISOString(),
        note: 'Covering while the rotation is at the team training',
      });
    }
    const onCall = (await onCallForTeam(deps.db, teamId, anchor)).find((e) => e.scheduleName === name);
    const person = demoPeople.find((p) => directory.people.get(p.key)?.id === onCall?.userId);
    result.push({ team: slug, name, onCallNow: person?.name ?? null });
  }
  return result;
}
