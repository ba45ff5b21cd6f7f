import { defaultPriorityMatrix, type Workflow } from '@vigil/shared';

/**
 * The workflow a new type starts with: the usual path from new to closed, with a wait and a reopen.
 * Its labels are data of the type (stored in both languages), not texts of the screen.
 */
export function starterWorkflow(): Workflow {
  return {
    initial: 'new',
    states: [
      { key: 'new', label: { en: 'New', de: 'Neu' }, category: 'new' },
      { key: 'in_progress', label: { en: 'In progress', de: 'In Bearbeitung' }, category: 'active' },
      { key: 'waiting', label: { en: 'Waiting', de: 'Wartend' }, category: 'waiting' },
      { key: 'resolved', label: { en: 'Resolved', de: 'Gelöst' }, category: 'resolved' },
      { key: 'closed', label: { en: 'Closed', de: 'Geschlossen' }, category: 'closed' },
    ],
    transitions: [
      { key: 'start', label: { en: 'Start work', de: 'Bearbeitung beginnen' }, from: ['new'], to: 'in_progress' },
      { key: 'wait', label: { en: 'Wait', de: 'Warten' }, from: ['in_progress'], to: 'waiting', requires: { comment: true } },
      { key: 'resume', label: { en: 'Resume', de: 'Fortsetzen' }, from: ['waiting'], to: 'in_progress' },
      { key: 'resolve', label: { en: 'Resolve', de: 'Lösen' }, from: ['new', 'in_progress', 'waiting'], to: 'resolved', requires: { fields: ['resolution'] } },
      { key: 'reopen', label: { en: 'Reopen', de: 'Wieder öffnen' }, from: ['resolved'], to: 'in_progress', requires: { comment: true } },
      { key: 'close', label: { en: 'Close', de: 'Schließen' }, from: ['resolved'], to: 'closed' },
    ],
  };
}

export const starterMatrix = () => structuredClone(defaultPriorityMatrix);

/** A prefix suggestion from a name: the initials, or the first letters ("IT outage" → "IO", "Security" → "SEC"). */
export function suggestPrefix(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .split(/[^A-Z]+/)
    .filter(Boolean);
  if (words.length === 0) return '';
  const initials = words.map((w) => w[0]).join('').slice(0, 6);
  return initials.length >= 2 ? initials : words[0]!.slice(0, 3);
}
