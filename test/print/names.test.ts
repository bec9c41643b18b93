/**
 * Quoting of names and string literals (names.ts): plain words stay bare unless reserved, in any
 * case. The Spark answers are remembered in bounded memos: the answers must stay right when the
 * memo is emptied, for keys it does not hold, and whatever the dialect printed before.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quoteFunctionName, quoteIdent, quoteString } from '../../src/plan/print/names.js';
import { ANSI_NON_RESERVED, KEYWORD_SPELLINGS, STRICT_NON_RESERVED } from '../../src/parser/keywords.js';
import { analyze, createCatalog, toSql } from '../../src/index.js';

/** The rule names.ts implements, written the slow and obvious way. */
const RESERVED = new Set([
  ...Object.entries(KEYWORD_SPELLINGS)
    .filter(([token]) => !ANSI_NON_RESERVED.includes(token) || STRICT_NON_RESERVED.includes(token))
    .flatMap(([, spellings]) => spellings),
  'TRUE',
  'FALSE',
  'IDENTIFIER',
  'VALUES',
]);
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
const referenceIdent = (name: string): string => (PLAIN.test(name) && !RESERVED.has(name.toUpperCase()) ? name : '`' + name.replace(/`/g, '``') + '`');
const referenceString = (value: string): string => "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";

describe('quoteIdent', () => {
  it('leaves plain words bare and quotes the rest', () => {
    expect(quoteIdent('c1')).toBe('c1');
    expect(quoteIdent('_x')).toBe('_x');
    expect(quoteIdent('select')).toBe('`select`');
    expect(quoteIdent('Select')).toBe('`Select`');
    expect(quoteIdent('a b')).toBe('`a b`');
    expect(quoteIdent('a`b')).toBe('`a``b`');
    expect(quoteIdent('1a')).toBe('`1a`');
    expect(quoteIdent('')).toBe('``');
  });
  it('quotes every keyword spelling as the rule says, in lower, upper and mixed case', () => {
    const spellings = Object.values(KEYWORD_SPELLINGS).flat();
    expect(spellings.some((w) => RESERVED.has(w))).toBe(true);
    for (const word of [...spellings, 'TRUE', 'FALSE', 'IDENTIFIER', 'VALUES']) {
      const mixed = [...word].map((c, i) => (i % 2 === 0 ? c.toLowerCase() : c)).join('');
      for (const name of [word, word.toLowerCase(), mixed, `${word}_`, `_${word}`, `${word}1`, word.slice(0, -1), `${word}s`]) {
        expect(quoteIdent(name)).toBe(referenceIdent(name));
      }
    }
  });
  it('agrees with the rule on any name (near-keywords, digits, symbols, non-ASCII)', () => {
    const char = fc.constantFrom(...'aAbBeEfFiInNoOsStTxXzZ_09`$ -.é\u212a\u0130ß'.split(''));
    const name = fc.oneof(fc.constantFrom(...RESERVED), fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')));
    fc.assert(
      fc.property(name, (n) => {
        expect(quoteIdent(n)).toBe(referenceIdent(n));
        expect(quoteFunctionName(n)).toBe(PLAIN.test(n) ? n : '`' + n.replace(/`/g, '``') + '`');
      }),
      { seed: 20261125, numRuns: 2000 },
    );
  });
  it('answers alike when asked again, after the memo was emptied, and for names too long to be kept', () => {
    const names = ['from', 'x', 'x y', 'TRUE', 'values'];
    const first = names.map(quoteIdent);
    for (let i = 0; i < 10_000; i++) quoteIdent(`n${i}`);
    expect(names.map(quoteIdent)).toEqual(first);
    expect(first).toEqual(['`from`', 'x', '`x y`', '`TRUE`', '`values`']);
    const long = 'a'.repeat(100);
    expect(quoteIdent(long)).toBe(long);
    expect(quoteIdent(`${long} `)).toBe(`\`${long} \``);
    expect(quoteIdent(`${long} `)).toBe(`\`${long} \``);
  });
});

describe('quoteString', () => {
  it('escapes backslashes and quotes, every time', () => {
    for (let round = 0; round < 2; round++) {
      expect(quoteString('plain')).toBe("'plain'");
      expect(quoteString("it's")).toBe("'it\\'s'");
      expect(quoteString('a\\b')).toBe("'a\\\\b'");
      expect(quoteString('x'.repeat(80) + "'")).toBe(`'${'x'.repeat(80)}\\''`);
    }
  });
  it('agrees with the escaping rule on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'b', "'", '\\', '"', '`', ' ', 'é', '\n') }), (v) => {
        expect(quoteString(v)).toBe(referenceString(v));
      }),
      { seed: 20261125, numRuns: 2000 },
    );
  });
});

describe('the Spark memos do not leak into the DuckDB dialect, nor back', () => {
  it('prints the same plan alike before and after a DuckDB print', () => {
    const catalog = createCatalog({ databases: [{ name: 'db' }], tables: [{ name: 'db.t', columns: [{ name: 'select', type: 'string' }] }] });
    const plan = analyze("SELECT `select` FROM db.t WHERE `select` = 'it''s'", catalog);
    const spark = toSql(plan);
    expect(spark).toBe("SELECT t.`select` FROM spark_catalog.db.t WHERE t.`select` = 'it\\'s'");
    expect(toSql(plan, { dialect: 'duckdb' })).toBe(`SELECT "t"."select" FROM "db"."t" WHERE "t"."select" = 'it''s'`);
    expect(toSql(plan)).toBe(spark);
  });
});

describe('the texts expression.ts remembers around names (`t.`, ` AS name`, `f(`)', () => {
  const catalog = createCatalog({ databases: [{ name: 'db' }], tables: [{ name: 'db.t', columns: [{ name: 'select', type: 'string' }, { name: 'a', type: 'string' }] }] });
  it('stay right in both dialects, in either order', () => {
    const plan = analyze('SELECT upper(`select`) AS `from`, lower(t.a) AS b FROM db.t', catalog);
    const spark = 'SELECT upper(t.`select`) AS `from`, lower(t.a) AS b FROM spark_catalog.db.t';
    const duckdb = 'SELECT upper("t"."select") AS "from", lower("t"."a") AS "b" FROM "db"."t"';
    expect(toSql(plan)).toBe(spark);
    expect(toSql(plan, { dialect: 'duckdb' })).toBe(duckdb);
    expect(toSql(plan)).toBe(spark);
  });
  it('stay right past the memo bound, for keys seen before and after it was emptied', () => {
    // More distinct aliases than the memos hold (4,096): they are emptied on the way.
    const names = Array.from({ length: 5000 }, (_, i) => (i % 1000 === 0 ? `select${i}` : `x${i}`)).concat(['select', 'x1', 'order']);
    const plan = analyze(`SELECT ${names.map((n) => `a AS ${referenceIdent(n)}`).join(', ')} FROM db.t`, catalog);
    expect(toSql(plan)).toBe(`SELECT ${names.map((n) => `t.a AS ${referenceIdent(n)}`).join(', ')} FROM spark_catalog.db.t`);
  });
});
