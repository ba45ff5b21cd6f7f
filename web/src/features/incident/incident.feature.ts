import type { Feature } from '../../app/feature';

/** The incident page: every signed-in role; the queue links here, the server decides what each role sees. */
export const incidentFeature: Feature = {
  id: 'incident',
  routes: [{ path: 'incidents/:idOrNumber', page: () => import('./incident.page').then((m) => m.IncidentPage) }],
};
