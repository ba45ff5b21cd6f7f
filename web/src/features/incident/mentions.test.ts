import { describe, expect, it } from 'vitest';
import { fold, insertMention, matchPeople, mentionAt } from './mentions';

const people = [
  { name: 'Priya Raman', email: 'priya.raman@nordwind.example' },
  { name: 'Daniel Schäfer', email: 'daniel.schaefer@nordwind.example' },
  { name: 'Dr. Katharina Vogel', email: 'katharina.vogel@nordwind.example' },
  { name: 'Emily Carter', email: 'emily.carter@nordwind.example' },
];

describe('mentions in the comment box', () => {
  it('finds the mention being typed at the caret, names with a space included', () => {
    expect(mentionAt('Hi @pri', 7)).toEqual({ start: 3, query: 'pri' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('Ask @Priya Ra', 13)).toEqual({ start: 4, query: 'Priya Ra' });
    expect(mentionAt('(@dan', 5)).toEqual({ start: 1, query: 'dan' });
  });

  it('is no mention inside a word, after a line break, two spaces, or far behind', () => {
    expect(mentionAt('mail me at ops@example', 22)).toBeNull();
    expect(mentionAt('@priya\nthanks', 13)).toBeNull();
    expect(mentionAt('@priya  raman', 13)).toBeNull();
    expect(mentionAt('@Priya Raman ', 13)).toBeNull();
    expect(mentionAt('@ priya', 7)).toBeNull();
    expect(mentionAt('no at sign', 10)).toBeNull();
    expect(mentionAt(`@${'x'.repeat(50)}`, 51)).toBeNull();
  });

  it('matches names by any word, without accents, then by email; best first', () => {
    expect(fold('Schäfer')).toBe('schafer');
    expect(matchPeople(people, 'schaf').map((p) => p.name)).toEqual(['Daniel Schäfer']);
    expect(matchPeople(people, 'kath').map((p) => p.name)).toEqual(['Dr. Katharina Vogel']);
    expect(matchPeople(people, 'e').map((p) => p.name)).toEqual(['Emily Carter']);
    expect(matchPeople(people, 'daniel.s').map((p) => p.name)).toEqual(['Daniel Schäfer']);
    expect(matchPeople(people, '', 2)).toHaveLength(2);
    expect(matchPeople(people, 'zzz')).toEqual([]);
  });

  it('replaces the typed mention with @Name and a space, and puts the caret after it', () => {
    const text = 'Ask @pri about it';
    const caret = 8;
    const m = mentionAt(text, caret)!;
    expect(insertMention(text, caret, m, 'Priya Raman')).toEqual({ text: 'Ask @Priya Raman about it', caret: 17 });
    expect(insertMention('@da', 3, mentionAt('@da', 3)!, 'Daniel Schäfer')).toEqual({ text: '@Daniel Schäfer ', caret: 16 });
  });
});
