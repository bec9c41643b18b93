/**
 * Quoting of names and string literals. The Spark answers are remembered in bounded memos
 * (names.ts): the answers must stay right when the memo is emptied, for keys it does not hold, and
 * whatever the dialect printed before.
 */
import { describe, expect, it } from 'vitest';
import { quoteIdent, quoteString } from '../../src/plan/print/names.js';
import { analyze, createCatalog, toSql } from '../../src/index.js';

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
