import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildMatchQuery, tokenize } from '../../../main/store/search-query';
import { file, tempStore } from './helpers';
import type { TempStore } from './helpers';
import { fileUpdates } from '../../../main/workers/file-updates';

let t: TempStore;
beforeEach(() => {
  t = tempStore();
  t.store.files.upsert(fileUpdates([
    file({ fileId: 'sunset', displayName: 'Sunset over Lisbon harbor', description: 'Boats in a golden light.' }),
    file({ fileId: 'garden', displayName: 'Japanese garden', description: 'Cherry blossoms at sunset by a koi pond.' }),
    file({ fileId: 'cafe', displayName: 'Café in Zürich', description: 'People drinking coffee.' }),
    file({ fileId: 'talk', displayName: 'keynote-final.mp4', description: 'A woman presenting.', transcript: 'Thanks for having me. Today I want to talk about light.' }),
    file({ fileId: 'ids', displayName: 'IMG_4821.jpg', description: 'A dog on a beach.' }),
  ]));
});
afterEach(() => t.cleanup());

const ids = (q: string, limit?: number) => t.store.search.searchLocal(q, limit).map((h) => h.item.fileId);

describe('search query builder', () => {
  it('quotes every word and adds a prefix star to words of two or more characters', () => {
    expect(buildMatchQuery('sun lis')).toBe('"sun"* "lis"*');
    expect(buildMatchQuery('a dog')).toBe('"a" "dog"*');
    expect(buildMatchQuery('say "hi" AND -bye*')).toBe('"say"* "hi"* "AND"* "bye"*');
    expect(buildMatchQuery('  !!! ')).toBeNull();
    expect(tokenize('Dog dog DOG cat')).toEqual(['Dog', 'cat']);
    expect(tokenize('x '.repeat(50)).length).toBe(1);
    expect(tokenize(Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ')).length).toBe(12);
  });
});

describe('search.searchLocal', () => {
  it('never throws on FTS syntax or odd input', () => {
    const nasty = [
      '"', '""', '"""', '"unbalanced', 'a"b', "'", '`', '\\', '*', '**', '-', '--', '+', '^', ':', '(', ')', '()', '{', '}', '[', ']',
      'AND', 'OR', 'NOT', 'NEAR', 'NEAR(sunset garden, 2)', 'sunset AND', 'OR sunset', 'NOT garden', 'sunset NOT',
      'display_name:sunset', '{display_name description}: sunset', 'description : garden', '-sunset', 'sun*', '*sun', 'sun" OR "1"="1',
      "'; DROP TABLE files; --", '\u0000', '\u0301', 'é\u0301', '🌅', '🌅 sunset', '\t\n', ' ', 'x'.repeat(500), 'a b c d e f g h i j k l m n o p',
      '%', '_', 'sun%', 'ﬁ', 'ß', 'İstanbul', '日本の庭', 'ЖЖЖ',
    ];
    for (const q of nasty) {
      expect(() => t.store.search.searchLocal(q, 10), JSON.stringify(q)).not.toThrow();
    }
    expect(ids('sunset AND')).toEqual([]); // "AND" is a word like any other, and no file has it
    expect(ids('sunset (')).toEqual(expect.arrayContaining(['sunset', 'garden']));
    expect(ids('"unbalanced')).toEqual([]);
    expect(ids('-sunset')).toEqual(expect.arrayContaining(['sunset']));
    expect(t.store.files.count()).toBe(5); // and nothing was dropped
  });

  it('matches prefixes while typing, and whole words for one letter', () => {
    expect(ids('sun')).toEqual(expect.arrayContaining(['sunset', 'garden']));
    expect(ids('lis')).toEqual(['sunset']);
    expect(ids('kEyNo')).toEqual(['talk']);
    expect(ids('img_48')).toEqual(['ids']);
    expect(ids('a')).toEqual(expect.arrayContaining(['garden', 'talk', 'ids', 'sunset']));
    expect(ids('j')).toEqual([]); // not a prefix: "Japanese" needs "ja"
  });

  it('ignores diacritics both ways', () => {
    expect(ids('cafe')).toEqual(['cafe']);
    expect(ids('zurich')).toEqual(['cafe']);
    expect(ids('ZÜRICH')).toEqual(['cafe']);
    t.store.files.upsert(fileUpdates([file({ fileId: 'plain', displayName: 'cafe racer' })]));
    expect(ids('café').sort()).toEqual(['cafe', 'plain']);
  });

  it('searches description and transcript, all words required', () => {
    expect(ids('coffee')).toEqual(['cafe']);
    expect(ids('talk light')).toEqual(['talk']);
    expect(ids('light boats')).toEqual(['sunset']);
    expect(ids('light zzz')).toEqual([]);
  });

  it('ranks a name match above a description match, scores from 1 down', () => {
    const hits = t.store.search.searchLocal('sunset');
    expect(hits.map((h) => h.item.fileId)).toEqual(['sunset', 'garden']);
    expect(hits[0]!.score).toBe(1);
    expect(hits[1]!.score).toBeGreaterThan(0);
    expect(hits[1]!.score).toBeLessThan(1);
    expect(hits.every((h) => h.source === 'local')).toBe(true);
    expect(hits[0]!.item).toMatchObject({ fileId: 'sunset', displayName: 'Sunset over Lisbon harbor', archived: false });

    // Same with many files where the word is only in descriptions or transcripts.
    const noise = Array.from({ length: 30 }, (_, i) =>
      file({ fileId: `n${i}`, displayName: `clip ${i}`, description: 'garden garden garden', transcript: 'garden '.repeat(20) }),
    );
    t.store.files.upsert(fileUpdates(noise));
    expect(ids('garden', 5)[0]).toBe('garden');
    const scores = t.store.search.searchLocal('garden', 50).map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(0);
  });

  it('excludes archived files and follows renames and new descriptions', () => {
    t.store.files.markArchived(['sunset']);
    expect(ids('sunset')).toEqual(['garden']);
    expect(ids('lisbon')).toEqual([]);
    t.store.files.upsert(fileUpdates([file({ fileId: 'ids', displayName: 'Dog at the beach', description: 'Golden retriever running.' })]));
    expect(ids('img')).toEqual([]);
    expect(ids('retriever')).toEqual(['ids']);
    expect(ids('beach')).toEqual(['ids']);
  });

  it('respects the limit', () => {
    t.store.files.upsert(fileUpdates(Array.from({ length: 120 }, (_, i) => file({ fileId: `m${i}`, displayName: `meeting ${i}` }))));
    expect(ids('meeting', 10)).toHaveLength(10);
    expect(ids('meeting', 1000)).toHaveLength(120);
    expect(ids('meeting', 0)).toHaveLength(1);
  });
});
