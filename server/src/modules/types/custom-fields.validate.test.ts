import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../test/factories/directory.js';
import { buildFieldDefinition, createIncidentType, insertIncidentRow } from '../../../test/factories/types.js';
import { createTestDeps, type TestContext } from '../../../test/harness.js';
import { AppError } from '../../platform/errors.js';
import { validateCustomFields } from './custom-fields.validate.js';
import type { IncidentType } from '@vigil/shared';

describe('validateCustomFields against the database', () => {
  let ctx: TestContext;
  let type: IncidentType;
  let activeUserId: string;
  let inactiveUserId: string;
  let incidentId: string;
  beforeAll(async () => {
    ctx = await createTestDeps();
    type = await createIncidentType(ctx.deps, {
      fields: [
        buildFieldDefinition({ key: 'owner', kind: 'user', label: { en: 'Owner' }, required: true }),
        buildFieldDefinition({ key: 'related', kind: 'reference' }),
        buildFieldDefinition({ key: 'note', kind: 'string' }),
      ],
    });
    activeUserId = (await createUser(ctx.deps)).id;
    inactiveUserId = (await createUser(ctx.deps)).id;
    await ctx.deps.db.updateTable('users').set({ active: false }).where('id', '=', inactiveUserId).execute();
    incidentId = await insertIncidentRow(ctx.deps.db, type, 'new', 42);
  });
  afterAll(() => ctx.close());

  const failure = async (values: Record<string, unknown>, partial = false) => {
    const err = await validateCustomFields(ctx.deps.db, type, values, { partial }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('validation_failed');
    return (err as AppError).details;
  };

  it('accepts an active user and an incident named by id or by number, stored as its id', async () => {
    await expect(validateCustomFields(ctx.deps.db, type, { owner: activeUserId.toUpperCase(), related: `${type.prefix}-2026-000042` }, { partial: false })).resolves.toEqual({
      owner: activeUserId,
      related: incidentId,
    });
    await expect(validateCustomFields(ctx.deps.db, type, { related: incidentId }, { partial: true })).resolves.toEqual({ related: incidentId });
  });

  it('rejects an inactive or unknown user and a missing incident, naming each path', async () => {
    expect(await failure({ owner: inactiveUserId, related: 'INC-2026-999999' })).toEqual([
      { path: 'custom.owner', message: 'is not an active user' },
      { path: 'custom.related', message: 'is not an existing incident' },
    ]);
    expect(await failure({ owner: '00000000-0000-4000-8000-000000000000', related: '00000000-0000-4000-8000-000000000000' })).toEqual([
      { path: 'custom.owner', message: 'is not an active user' },
      { path: 'custom.related', message: 'is not an existing incident' },
    ]);
  });

  it('enforces required fields unless partial, rejects unknown keys and NUL bytes, and clears with null on patch', async () => {
    expect(await failure({ note: 'x' })).toEqual([{ path: 'custom.owner', message: 'Owner is required' }]);
    expect(await failure({ owner: activeUserId, colour: 'red', note: 'a\u0000b' })).toEqual([
      { path: 'custom.colour', message: 'is not a field of this incident type' },
      { path: 'custom.note', message: 'must not contain NUL characters' },
    ]);
    await expect(validateCustomFields(ctx.deps.db, type, { note: null, related: null }, { partial: true })).resolves.toEqual({ note: null, related: null });
  });
});
