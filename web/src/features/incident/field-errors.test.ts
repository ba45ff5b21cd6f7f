import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { errorsByField, fieldMessage } from './field-errors';

const t = (key: string, params?: Record<string, unknown>) => (params ? `${key}:${JSON.stringify(params)}` : key);

describe('server errors at the fields, in the user language', () => {
  it('puts unmet guards at the fields they name', () => {
    const err = new ApiError(422, 'guard_failed', 'Cannot resolve yet', [
      { requirement: 'resolution', message: 'Resolution is required' },
      { requirement: 'custom.work_performed', message: 'Work performed is required' },
      { requirement: 'comment', message: 'A comment is required' },
      { requirement: 'role', message: 'Only admin may close' },
    ]);
    expect(errorsByField(err, t)).toEqual({ resolution: 'errors.required', 'custom.work_performed': 'errors.required', comment: 'errors.required', _: 'transition.roleBlocked' });
  });

  it('puts validation issues at their fields, whatever the request location', () => {
    const err = new ApiError(400, 'validation_failed', 'invalid', [
      { path: 'body.fields.custom.cost', message: 'must be at least 0' },
      { path: 'assigneeId', message: 'must be an agent, manager or admin' },
      { path: 'body.title', message: 'must be at most 200 characters' },
    ]);
    expect(errorsByField(err, t)).toEqual({ 'custom.cost': 'errors.min:{"min":"0"}', assigneeId: 'errors.user', title: 'errors.maxLength:{"max":200}' });
  });

  it('knows the justification and delay-reason refusals', () => {
    expect(errorsByField(new ApiError(422, 'justification_required', 'x', [{ path: 'becameAwareAt', message: 'x' }]), t)).toEqual({ becameAwareAt: 'errors.justification_required' });
    expect(errorsByField(new ApiError(422, 'delay_reason_required', 'x', [{ path: 'delayReason', message: 'x' }]), t)).toEqual({ delayReason: 'errors.delay_reason_required' });
  });

  it('has nothing for errors that belong to no field', () => {
    expect(errorsByField(new ApiError(409, 'version_conflict', 'x', { changedFields: [] }), t)).toEqual({});
    expect(errorsByField(new Error('boom'), t)).toEqual({});
  });

  it('words the usual server messages itself and falls back to a general sentence', () => {
    expect(fieldMessage('Site is required', t)).toBe('errors.required');
    expect(fieldMessage('Jonas may not see this incident', t)).toBe('errors.cannotSee');
    expect(fieldMessage('must be a whole number', t)).toBe('errors.integer');
    expect(fieldMessage('must be one of: a, b', t)).toBe('errors.option');
    expect(fieldMessage('something new and unexpected', t)).toBe('errors.invalid');
  });
});
