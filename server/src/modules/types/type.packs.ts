import { readFileSync } from 'node:fs';
import { incidentTypeInputSchema, incidentTypeIssues } from '@vigil/shared';
import { z } from 'zod';

/** A type pack: one incident type as data, with the team that owns it named by slug (ids differ per install). */
export const typePackSchema = z.strictObject({
  pack: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
  packVersion: z.number().int().positive(),
  team: z.strictObject({
    slug: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
    name: z.string().min(1).max(200),
    description: z.string().max(2000).default(''),
  }),
  type: incidentTypeInputSchema,
});
export type TypePack = z.infer<typeof typePackSchema>;

/** The packs shipped with Vigil, installed at boot in this order. */
export const shippedPacks = ['it-outage', 'security', 'data-breach', 'quality-deviation', 'facility-fault'] as const;

/** Parses one pack; throws with every problem and its path so a broken pack fails loudly at boot and in tests. */
export function parseTypePack(name: string, raw: unknown): TypePack {
  const parsed = typePackSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`type pack "${name}" is not valid: ` + parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  }
  const issues = incidentTypeIssues(parsed.data.type);
  if (issues.length > 0) throw new Error(`type pack "${name}" is not consistent: ` + issues.map((i) => `type.${i.path.join('.')}: ${i.message}`).join('; '));
  if (parsed.data.type.defaultTeamId !== null) throw new Error(`type pack "${name}" must name its team by slug, not defaultTeamId`);
  return parsed.data;
}

/** Reads and validates the shipped packs from packs/*.json. */
export function loadTypePacks(): TypePack[] {
  return shippedPacks.map((name) => {
    const file = new URL(`./packs/${name}.json`, import.meta.url);
    return parseTypePack(name, JSON.parse(readFileSync(file, 'utf8')));
  });
}
