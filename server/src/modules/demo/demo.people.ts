import type { Locale, Role, TeamRole } from '@vigil/shared';

/**
 * The demo organisation: Nordwind Components, a mid-sized manufacturer with its head office in
 * Hamburg, a plant in Leipzig and a sales office in London. The five teams are the ones the type
 * packs create (their slugs); the users are a handful per team plus reporters and auditors.
 */
export const demoCompany = { name: 'Nordwind Components', domain: 'nordwind.example' } as const;

export type DemoTeamSlug = 'it-operations' | 'security' | 'data-protection' | 'quality' | 'facilities';

export type DemoPerson = {
  key: string;
  name: string;
  email: string;
  role: Role;
  locale: Locale;
  timeZone: string;
  title: string;
  teams: ReadonlyArray<{ slug: DemoTeamSlug; role: TeamRole }>;
  /** Where their requests come from, for the audit trail. */
  ip: string;
};

const person = (key: string, name: string, role: Role, locale: Locale, timeZone: string, title: string, teams: DemoPerson['teams'], ip: string): DemoPerson => ({
  key,
  name,
  email: `${key}@${demoCompany.domain}`,
  role,
  locale,
  timeZone,
  title,
  teams,
  ip,
});

const lead = (slug: DemoTeamSlug) => ({ slug, role: 'lead' as const });
const member = (slug: DemoTeamSlug) => ({ slug, role: 'member' as const });

export const demoPeople: readonly DemoPerson[] = [
  person('sabine.krueger', 'Sabine Krüger', 'admin', 'de', 'Europe/Berlin', 'Head of IT (Vigil administrator)', [member('it-operations')], '10.10.4.11'),
  person('jonas.weber', 'Jonas Weber', 'manager', 'de', 'Europe/Berlin', 'IT operations lead, incident manager', [lead('it-operations')], '10.10.4.23'),
  person('priya.raman', 'Priya Raman', 'agent', 'en', 'Europe/London', 'Systems engineer (on call)', [member('it-operations')], '10.30.1.42'),
  person('lukas.hoffmann', 'Lukas Hoffmann', 'agent', 'de', 'Europe/Berlin', 'Service desk and infrastructure engineer', [member('it-operations')], '10.10.4.37'),
  person('emily.carter', 'Emily Carter', 'agent', 'en', 'Europe/London', 'Network and cloud engineer', [member('it-operations')], '10.30.1.18'),
  person('daniel.schaefer', 'Daniel Schäfer', 'manager', 'de', 'Europe/Berlin', 'Information security officer (CISO)', [lead('security'), member('data-protection')], '10.10.4.51'),
  person('olivia.bennett', 'Olivia Bennett', 'agent', 'en', 'Europe/London', 'SOC analyst', [member('security')], '10.30.1.27'),
  person('mehmet.yilmaz', 'Mehmet Yılmaz', 'agent', 'de', 'Europe/Berlin', 'Security engineer', [member('security')], '10.10.4.58'),
  person('katharina.vogel', 'Dr. Katharina Vogel', 'manager', 'de', 'Europe/Berlin', 'Data protection officer', [lead('data-protection'), member('security')], '10.10.5.12'),
  person('thomas.reed', 'Thomas Reed', 'agent', 'en', 'Europe/Dublin', 'Privacy analyst', [member('data-protection')], '10.30.1.33'),
  person('andreas.becker', 'Andreas Becker', 'manager', 'de', 'Europe/Berlin', 'Quality manager, Leipzig plant', [lead('quality')], '10.20.2.14'),
  person('julia.neumann', 'Julia Neumann', 'agent', 'de', 'Europe/Berlin', 'Quality engineer', [member('quality')], '10.20.2.21'),
  person('mark.thompson', 'Mark Thompson', 'agent', 'en', 'America/New_York', 'Supplier quality engineer', [member('quality')], '10.40.0.15'),
  person('stefan.richter', 'Stefan Richter', 'manager', 'de', 'Europe/Berlin', 'Facility manager', [lead('facilities')], '10.20.3.10'),
  person('claudia.schmitt', 'Claudia Schmitt', 'agent', 'de', 'Europe/Berlin', 'Building services technician', [member('facilities')], '10.20.3.17'),
  person('kevin.obrien', "Kevin O'Brien", 'agent', 'en', 'Europe/Dublin', 'Maintenance technician', [member('facilities')], '10.20.3.19'),
  person('anna.schulz', 'Anna Schulz', 'reporter', 'de', 'Europe/Berlin', 'Production shift lead, Leipzig', [], '10.20.7.31'),
  person('michael.brown', 'Michael Brown', 'reporter', 'en', 'Europe/London', 'Key account manager, London', [], '10.30.2.44'),
  person('laura.fischer', 'Laura Fischer', 'reporter', 'de', 'Europe/Berlin', 'HR business partner', [], '10.10.6.25'),
  person('james.wilson', 'James Wilson', 'reporter', 'en', 'Europe/London', 'Finance controller', [], '10.30.2.19'),
  person('petra.wagner', 'Petra Wagner', 'reporter', 'de', 'Europe/Berlin', 'Warehouse supervisor, Leipzig', [], '10.20.7.12'),
  person('helga.braun', 'Dr. Helga Braun', 'auditor', 'de', 'Europe/Berlin', 'Internal audit', [], '10.10.6.40'),
  person('robert.clarke', 'Robert Clarke', 'auditor', 'en', 'Europe/London', 'External ISO 9001 / ISO 27001 auditor', [], '10.30.9.5'),
];

/** The people of one team, leads first. */
export function teamPeople(slug: DemoTeamSlug): DemoPerson[] {
  return demoPeople.filter((p) => p.teams.some((t) => t.slug === slug)).sort((a, b) => Number(isLead(b, slug)) - Number(isLead(a, slug)));
}

function isLead(p: DemoPerson, slug: DemoTeamSlug): boolean {
  return p.teams.some((t) => t.slug === slug && t.role === 'lead');
}

/** The lead of a team (a manager). */
export function teamLead(slug: DemoTeamSlug): DemoPerson {
  const found = demoPeople.find((p) => isLead(p, slug));
  if (!found) throw new Error(`demo team ${slug} has no lead`);
  return found;
}

/** Agents of a team who work incidents (everyone in the team with the agent role). */
export function teamAgents(slug: DemoTeamSlug): DemoPerson[] {
  return teamPeople(slug).filter((p) => p.role === 'agent');
}

export const reporters = demoPeople.filter((p) => p.role === 'reporter');

export const businessAreas = ['Production', 'Logistics', 'Sales', 'Finance', 'Human Resources', 'Procurement', 'Research & Development', 'Customer Service', 'IT', 'Management'] as const;

export const sites = {
  hamburg: 'Hamburg head office',
  leipzig: 'Leipzig plant',
  london: 'London sales office',
  datacentre: 'Hamburg data centre (HH-DC1)',
} as const;
