/** The five journeys of the demo, one per incident type, each ending in a known state. */
export const journeys = {
  it: { key: 'journey-it', type: 'it-outage', endsIn: 'resolved' },
  dataProtection: { key: 'journey-data-breach', type: 'data-breach', endsIn: 'closed' },
  quality: { key: 'journey-quality', type: 'quality-deviation', endsIn: 'closed' },
  facility: { key: 'journey-facility', type: 'facility-fault', endsIn: 'resolved' },
  security: { key: 'journey-security', type: 'security', endsIn: 'active' },
} as const;

export type JourneyName = keyof typeof journeys;

/** Keys of the side stories the journeys link to. */
export const storyKeys = {
  backupWarning: 'story-backup-warning',
  mesDuplicate: 'story-mes-duplicate',
  mailboxBreach: 'story-mailbox-breach',
} as const;
