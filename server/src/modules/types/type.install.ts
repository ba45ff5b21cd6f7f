import type { Tx } from '../../db/client.js';
import type { Actor, Deps } from '../../platform/context.js';
import { systemActor } from '../../platform/context.js';
import { appendAudit } from '../audit/index.js';
import { ensureTeam } from '../directory/index.js';
import { toTypeValues } from './type.commands.js';
import { loadTypePacks, type TypePack } from './type.packs.js';
import { auditView, presentIncidentType } from './type.presenter.js';
import { countIncidentsInStates, insertType, lockPackInstall, selectPackState, selectTypeClashes, selectTypeForUpdate, updateType } from './type.repo.js';

export type PackOutcome = 'installed' | 'upgraded' | 'unchanged' | 'customized' | 'conflict';

/**
 * Installs one pack in the caller's transaction: a missing type is created with its team; a type
 * still as shipped by an older pack version is upgraded; a type an admin edited, a type of the
 * same key from elsewhere, or an upgrade that would drop states in use is left alone.
 */
export async function installTypePack(tx: Tx, pack: TypePack, actor: Actor, at: Date): Promise<{ outcome: PackOutcome; reason?: string }> {
  await lockPackInstall(tx);
  const existing = await selectTypeForUpdate(tx, pack.type.key);
  if (!existing) {
    const clash = (await selectTypeClashes(tx, pack.type.key, pack.type.prefix, null))[0];
    if (clash) return { outcome: 'conflict', reason: `prefix ${pack.type.prefix} is used by type "${clash.key}"` };
    const teamId = await ensureTeam(tx, pack.team, actor, at);
    const row = await insertType(tx, { ...toTypeValues({ ...pack.type, defaultTeamId: teamId }), pack: pack.pack, pack_version: pack.packVersion, at });
    const type = presentIncidentType(row);
    await appendAudit(tx, actor, at, { entityType: 'incident_type', entityId: type.id, action: 'install', after: auditView(type) });
    return { outcome: 'installed' };
  }
  if (existing.pack !== pack.pack) return { outcome: 'conflict', reason: `key "${pack.type.key}" belongs to a type not installed from this pack` };
  if (existing.customized_at) return { outcome: 'customized' };
  if ((existing.pack_version ?? 0) >= pack.packVersion) return { outcome: 'unchanged' };

  const clash = (await selectTypeClashes(tx, pack.type.key, pack.type.prefix, existing.id)).find((c) => c.prefix === pack.type.prefix);
  if (clash) return { outcome: 'conflict', reason: `prefix ${pack.type.prefix} is used by type "${clash.key}"` };
  const before = presentIncidentType(existing);
  const kept = new Map(pack.type.workflow.states.map((s) => [s.key, s.category]));
  const dropped = before.workflow.states.filter((s) => kept.get(s.key) !== s.category).map((s) => s.key);
  const inUse = await countIncidentsInStates(tx, existing.id, dropped);
  if (inUse.length > 0) return { outcome: 'conflict', reason: `the upgrade changes states incidents are in: ${inUse.map((u) => `${u.state} (${u.count})`).join(', ')}` };
  const teamId = before.defaultTeamId ?? (await ensureTeam(tx, pack.team, actor, at));
  const row = await updateType(tx, existing.id, { ...toTypeValues({ ...pack.type, defaultTeamId: teamId }), at, pack_version: pack.packVersion });
  const type = presentIncidentType(row);
  await appendAudit(tx, actor, at, { entityType: 'incident_type', entityId: type.id, action: 'upgrade', before: auditView(before), after: auditView(type) });
  return { outcome: 'upgraded' };
}

/** Boot step: installs or upgrades the shipped type packs, one transaction each. Safe to run on every start. */
export async function installTypePacks(deps: Deps): Promise<void> {
  const packs = loadTypePacks();
  const installed = await selectPackState(deps.db, packs.map((p) => p.type.key));
  for (const pack of packs) {
    // Fast path for the usual boot: nothing to do, no transaction and no lock taken.
    const current = installed.find((r) => r.key === pack.type.key);
    if (current && current.pack === pack.pack && (current.pack_version ?? 0) >= pack.packVersion) continue;
    const result = await deps.db.transaction().execute((tx) => installTypePack(tx, pack, systemActor, deps.clock.now()));
    if (result.outcome === 'conflict') deps.log.warn({ pack: pack.pack, reason: result.reason }, 'type pack not installed');
    else deps.log.info({ pack: pack.pack, version: pack.packVersion, outcome: result.outcome }, 'type pack');
  }
}
