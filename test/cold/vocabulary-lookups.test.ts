/**
 * Lookups by name that src/parser/tokens.ts answers from its keyword map rather than from
 * dictionaries of their own (start-up allocation): `KW`, a read-only view, and `tokenTypeNamed`,
 * which restores the grammar snapshot's token names.
 */
import { describe, expect, it } from 'vitest';
import { EOF } from 'chevrotain';
import { allTokens, keyword, KW, tokenTypeNamed } from '../../src/parser/tokens.js';
import { ANSI_NON_RESERVED, DEFAULT_NON_RESERVED, KEYWORD_ALIASES, KEYWORD_CLASSES, KEYWORD_NAMES, KEYWORD_SPELLINGS, STRICT_NON_RESERVED } from '../../src/parser/keywords.js';
import { keywordBySpelling, UnquotedIdentifier } from '../../src/parser/tokens.js';
import { tokenize } from '../../src/parser/lexer.js';

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

describe('KEYWORD_SPELLINGS', () => {
  it('is a read-only view: every keyword in Spark order, its aliases or else its name', () => {
    expect(Object.keys(KEYWORD_SPELLINGS)).toEqual(KEYWORD_NAMES);
    for (const name of KEYWORD_NAMES) expect(KEYWORD_SPELLINGS[name]).toEqual(KEYWORD_ALIASES[name] ?? [name]);
    expect(KEYWORD_SPELLINGS['TEMPORARY']).toEqual(['TEMPORARY', 'TEMP']);
    expect(KEYWORD_SPELLINGS['toString']).toBeUndefined();
    expect('SELECT' in KEYWORD_SPELLINGS).toBe(true);
    expect(() => {
      (KEYWORD_SPELLINGS as Record<string, unknown>)['SELECT'] = ['x'];
    }).toThrow(TypeError);
    expect(KEYWORD_SPELLINGS['SELECT']).toEqual(['SELECT']);
  });

  it('lexes as keywordBySpelling does: the same spellings, each to its keyword', () => {
    const pairs = Object.entries(KEYWORD_SPELLINGS).flatMap(([name, spellings]) => spellings.map((s) => [s, name]));
    expect([...keywordBySpelling].map(([s, t]) => [s, t.name])).toEqual(pairs);
    expect(keywordBySpelling.size).toBe(pairs.length);
  });

  it('looks a spelling up without its map: each spelling to its keyword, nothing else', () => {
    for (const [spelling, name] of Object.entries(KEYWORD_SPELLINGS).flatMap(([name, spellings]) => spellings.map((s) => [s, name] as const))) {
      expect(keywordBySpelling.get(spelling)?.name).toBe(name);
      expect(keywordBySpelling.has(spelling)).toBe(true);
    }
    // A keyword with aliases is spelled only so; names of nothing and Object's keys are no spelling.
    for (const none of ['BINARY_HEX', 'IDENTIFIER_KW', 'PERCENTLIT', 'SETMINUS', 'TEMPORARY_', 'select', 'toString', '__proto__', 'constructor']) {
      expect(keywordBySpelling.get(none)).toBeUndefined();
      expect(keywordBySpelling.has(none)).toBe(false);
    }
  });

  it("lexes every spelling, in any case, to its keyword, a word whose upper case is one too ('ſelect'), and a keyword's name that is not its spelling to an identifier", () => {
    const limits = { maxLength: 1e6, maxTokens: 1e5 };
    const lexed = (sql: string) => tokenize(sql, limits).map((t) => t.tokenType.name);
    for (const [spelling, type] of keywordBySpelling) {
      expect(lexed(spelling)).toEqual([type.name]);
      expect(lexed(spelling.toLowerCase())).toEqual([type.name]);
    }
    expect(lexed('ſelect ſet_minus ınto é')).toEqual(['SELECT', UnquotedIdentifier.name, 'INTO', UnquotedIdentifier.name]);
    expect(lexed('BINARY_HEX identifier_kw Temporary temp')).toEqual([UnquotedIdentifier.name, UnquotedIdentifier.name, 'TEMPORARY', 'TEMPORARY']);
  });
});

describe("Spark's keyword lists", () => {
  it('are the keywords of each class digit, in Spark order', () => {
    expect(KEYWORD_CLASSES).toMatch(new RegExp(`^[0-7]{${KEYWORD_NAMES.length}}$`));
    const of = (bit: number) => KEYWORD_NAMES.filter((_, i) => (Number(KEYWORD_CLASSES[i]) & bit) !== 0);
    expect(STRICT_NON_RESERVED).toEqual(of(1));
    expect(DEFAULT_NON_RESERVED).toEqual(of(2));
    expect(ANSI_NON_RESERVED).toEqual(of(4));
    expect(STRICT_NON_RESERVED).toContain('JOIN');
    expect(ANSI_NON_RESERVED).not.toContain('SELECT');
    expect(DEFAULT_NON_RESERVED).toContain('SELECT');
  });
});
