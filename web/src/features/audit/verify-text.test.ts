import { describe, expect, it } from 'vitest';
import { reasonText } from './verify-text';

describe('why the audit chain is broken, as a translation key', () => {
  it.each([
    ['record 7 is missing (next present is 9)', { key: 'missing', params: { seq: 7, next: 9 } }],
    ['prev_hash does not match the hash of the record before it', { key: 'link' }],
    ['content does not match its hash (the record was changed)', { key: 'changed' }],
    ['the chain head says 12 records, found 10 (records were removed)', { key: 'removed', params: { head: 12, found: 10 } }],
    ['the chain head hash does not match the last record', { key: 'head' }],
    ['a reason from a newer server', null],
  ])('%s', (reason, expected) => {
    expect(reasonText(reason)).toEqual(expected);
  });
});
