import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/api';
import { issuesByPath, issueText, isLastAdminError } from './server-errors';

describe('server validation messages in the user language', () => {
  it.each([
    ['Too small: expected string to have >=1 characters', { key: 'required' }],
    ['Too small: expected string to have >=8 characters', { key: 'minLength', params: { min: 8 } }],
    ['Too big: expected string to have <=200 characters', { key: 'maxLength', params: { max: 200 } }],
    ['Invalid email address', { key: 'email' }],
    ['already in use', { key: 'taken' }],
    ['must be lower_snake_case, starting with a letter', { key: 'snakeKey' }],
    ['must be 2-6 capital letters', { key: 'prefix' }],
    ['field key "site" is used twice', { key: 'duplicate' }],
    ['a enum field needs options', { key: 'needsOptions' }],
    ['"closed" is not a state', { key: 'notAState' }],
    ['"custom.root" is not a field of this type', { key: 'notAField' }],
    ['must be in the future', { key: 'future' }],
    ['something nobody foresaw', { key: 'invalid' }],
  ])('%s', (message, expected) => {
    expect(issueText(message)).toEqual(expected);
  });

  it('keys the issues of validation_failed and already_exists by body path, first one per path', () => {
    const invalid = new ApiError(400, 'validation_failed', 'x', [
      { path: 'body.fields.2.options', message: 'a enum field needs options' },
      { path: 'body.fields.2.options', message: 'option values must be unique' },
      { path: 'body.name.en', message: 'Too small: expected string to have >=1 characters' },
    ]);
    expect(issuesByPath(invalid)).toEqual({ 'fields.2.options': { key: 'needsOptions' }, 'name.en': { key: 'required' } });
    expect(issuesByPath(new ApiError(409, 'already_exists', 'x', [{ path: 'body.email', message: 'already in use' }]))).toEqual({ email: { key: 'taken' } });
    expect(issuesByPath(new ApiError(409, 'conflict', 'x'))).toEqual({});
  });

  it('recognises the last-administrator refusal', () => {
    expect(isLastAdminError(new ApiError(409, 'conflict', 'This is the last active administrator; make another user an administrator first'))).toBe(true);
    expect(isLastAdminError(new ApiError(409, 'conflict', 'Incidents still belong to this team'))).toBe(false);
  });
});
