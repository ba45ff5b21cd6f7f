import type { Locale, Role, SavedViewCreate } from '@vigil/shared';
import { defaultViewColumns } from '@vigil/shared';

const open = ['new', 'active', 'waiting'];

type DefaultView = { name: Record<Locale, string>; view: Omit<SavedViewCreate, 'name' | 'position'> };

/**
 * The two views a user starts with, by role: those who work incidents get their urgent ones and the
 * unassigned queue; reporters their own reports; auditors the urgent and the recently finished.
 */
const byRole: Record<Role, [DefaultView, DefaultView]> = {
  admin: workerViews(),
  manager: workerViews(),
  agent: workerViews(),
  reporter: [
    { name: { en: 'My open reports', de: 'Meine offenen Meldungen' }, view: { filters: { reporterId: 'me', stateCategory: open }, sort: { key: 'updated', order: 'desc' }, columns: ['number', 'title', 'type', 'state', 'updatedAt'] } },
    { name: { en: 'All my reports', de: 'Alle meine Meldungen' }, view: { filters: { reporterId: 'me' }, sort: { key: 'created', order: 'desc' }, columns: ['number', 'title', 'type', 'state', 'createdAt'] } },
  ],
  auditor: [
    { name: { en: 'Open P1-P2', de: 'Offene P1-P2' }, view: { filters: { stateCategory: open, priority: ['P1', 'P2'] }, sort: { key: 'priority', order: 'desc' }, columns: defaultViewColumns } },
    { name: { en: 'Recently resolved', de: 'Kürzlich gelöst' }, view: { filters: { stateCategory: ['resolved', 'closed'] }, sort: { key: 'updated', order: 'desc' }, columns: defaultViewColumns } },
  ],
};

function workerViews(): [DefaultView, DefaultView] {
  return [
    { name: { en: 'My open P1-P2', de: 'Meine offenen P1-P2' }, view: { filters: { assigneeId: 'me', stateCategory: open, priority: ['P1', 'P2'] }, sort: { key: 'priority', order: 'desc' }, columns: defaultViewColumns } },
    { name: { en: 'Unassigned', de: 'Nicht zugewiesen' }, view: { filters: { assigneeId: 'none', stateCategory: open }, sort: { key: 'created', order: 'desc' }, columns: ['number', 'title', 'type', 'state', 'priority', 'team', 'createdAt'] } },
  ];
}

/** The default views of a role, named in the user's language. */
export function defaultViewsFor(role: Role, locale: Locale): Array<Omit<SavedViewCreate, 'position'>> {
  return byRole[role].map((d) => ({ name: d.name[locale], ...d.view }));
}
