/**
 * Lookups by name that src/parser/tokens.ts answers from its keyword map rather than from
 * dictionaries of their own (start-up allocation): `KW`, a read-only view, and `tokenTypeNamed`,
 * which restores the grammar snapshot's token names.
 */
import { describe, expect, it } from 'vitest';
import { EOF } from 'chevrotain';
import { allTokens, keyword, KW, tokenTypeNamed } from '../../src/parser/tokens.js';
import { KEYWORD_NAMES } from '../../src/parser/keywords.js';

describe('KW', () => {
  it('has every keyword by its name, in Spark order, and nothing else', () => {
    expect(Object.keys(KW)).toEqual(KEYWORD_NAMES);
    for (const name of KEYWORD_NAMES) {
      expect(KW[name]).toBe(keyword(name));
      expect(name in KW).toBe(true);
    }
    expect(KW['NO_SUCH_KEYWORD']).toBeUndefined();
    expect('NO_SUCH_KEYWORD' in KW).toBe(false);
    expect(KW['Ident']).toBeUndefined();
    expect(Object.entries(KW).length).toBe(KEYWORD_NAMES.length);
  });

  it('is read-only', () => {
    expect(() => {
      (KW as Record<string, unknown>)['SELECT'] = null;
    }).toThrow(TypeError);
    expect(() => {
      delete (KW as Record<string, unknown>)['SELECT'];
    }).toThrow(TypeError);
    expect(KW['SELECT']).toBe(keyword('SELECT'));
  });
});

describe('tokenTypeNamed', () => {
  it('finds every token type of the vocabulary and EOF, and nothing else', () => {
    for (const t of [EOF, ...allTokens]) expect(tokenTypeNamed(t.name)).toBe(t);
    expect(tokenTypeNamed('NoSuchToken')).toBeUndefined();
    expect(tokenTypeNamed('toString')).toBeUndefined();
  });
});
