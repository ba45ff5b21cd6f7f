import { z } from 'zod';

/** `from duplicate_of to`: from repeats to; `from caused_by to`: to caused from; `related` has no direction. */
export const linkKinds = ['duplicate_of', 'related', 'caused_by'] as const;
export const linkKindSchema = z.enum(linkKinds);
export type LinkKind = z.infer<typeof linkKindSchema>;

export const linkInputSchema = z.object({
  to: z.string().trim().min(1).max(100).describe('The other incident: id or number (INC-2026-000042)'),
  kind: linkKindSchema,
});
export type LinkInput = z.infer<typeof linkInputSchema>;

export const incidentLinkSchema = z.object({
  id: z.uuid(),
  kind: linkKindSchema,
  /** outgoing: this incident is the link's `from` (this duplicate_of other); incoming: the other incident is. */
  direction: z.enum(['outgoing', 'incoming']),
  incident: z.object({ id: z.uuid(), number: z.string(), title: z.string(), state: z.string(), stateCategory: z.string() }),
  createdBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export type IncidentLink = z.infer<typeof incidentLinkSchema>;

export const incidentLinkListSchema = z.object({ items: z.array(incidentLinkSchema) });

export const linkIncidentParamsSchema = z.object({ id: z.string().min(1).max(100).describe('Incident id or number (INC-2026-000042)') });
export const linkParamsSchema = linkIncidentParamsSchema.extend({ linkId: z.uuid() });
