/**
 * Remembered texts (known-texts.ts, and the alias texts of expression.ts): a text is reused only
 * for what prints the same. Each case prints plans that share a shape but differ in one thing the
 * text depends on (qualifier, literal, dialect, column printer, disambiguation), in both orders and
 * again, and checks the exact texts.
 */
import { describe, expect, it } from 'vitest';
import { analyze, createCatalog, explain, parseSql, printExpression, toSql, DialectError } from '../../src/index.js';
import type { Expression } from '../../src/index.js';

const catalog = createCatalog({
  databases: [{ name: 'db' }, { name: 'db2' }],
  tables: [
    { name: 'db.t', columns: [{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }] },
    { name: 'db2.t', columns: [{ name: 'a', type: 'int' }, { name: 'c', type: 'string' }] },
  ],
});
const print = (sql: string): string => toSql(analyze(sql, catalog));

/** Prints each statement, then all again in reverse order: every text must be the first one. */
function stable(statements: readonly string[]): string[] {
  const first = statements.map(print);
  const again = [...statements].reverse().map(print).reverse();
  expect(again).toEqual(first);
  return first;
}

describe('remembered texts', () => {
  it('a column under another qualifier prints with it', () => {
    const [t, u] = stable([
      "SELECT upper(regexp_replace(t.b, '[a-z]', 'x')) AS m FROM db.t AS t",
      "SELECT upper(regexp_replace(u.b, '[a-z]', 'x')) AS m FROM db.t AS u",
    ]);
    expect(t).toBe("SELECT upper(regexp_replace(t.b, '[a-z]', 'x')) AS m FROM spark_catalog.db.t AS t");
    expect(u).toBe("SELECT upper(regexp_replace(u.b, '[a-z]', 'x')) AS m FROM spark_catalog.db.t AS u");
  });

  it('the same shape with another literal, column or function prints its own text', () => {
    const texts = stable([
      "SELECT concat(b, 'x') AS m FROM db.t",
      "SELECT concat(b, 'y') AS m FROM db.t",
      "SELECT concat(CAST(a AS STRING), 'x') AS m FROM db.t",
      "SELECT concat_ws(b, 'x') AS m FROM db.t",
      "SELECT CASE WHEN a > 1 THEN b ELSE 'z' END AS m FROM db.t",
      "SELECT CASE WHEN a > 2 THEN b ELSE 'z' END AS m FROM db.t",
      "SELECT CASE WHEN a > 2 THEN b END AS m FROM db.t",
      'SELECT a - -1 AS m FROM db.t',
      'SELECT a - 1 AS m FROM db.t',
    ]);
    expect(texts).toEqual([
      "SELECT concat(t.b, 'x') AS m FROM spark_catalog.db.t",
      "SELECT concat(t.b, 'y') AS m FROM spark_catalog.db.t",
      "SELECT concat(CAST(t.a AS STRING), 'x') AS m FROM spark_catalog.db.t",
      "SELECT concat_ws(t.b, 'x') AS m FROM spark_catalog.db.t",
      "SELECT CASE WHEN t.a > 1 THEN t.b ELSE 'z' END AS m FROM spark_catalog.db.t",
      "SELECT CASE WHEN t.a > 2 THEN t.b ELSE 'z' END AS m FROM spark_catalog.db.t",
      'SELECT CASE WHEN t.a > 2 THEN t.b END AS m FROM spark_catalog.db.t',
      'SELECT t.a - -1 AS m FROM spark_catalog.db.t',
      'SELECT t.a - 1 AS m FROM spark_catalog.db.t',
    ]);
  });

  it('AND and OR chains keep their parentheses', () => {
    const texts = stable(['SELECT a FROM db.t WHERE a > 1 AND (a < 5 AND b = b) OR a = 0', 'SELECT a FROM db.t WHERE a > 1 AND a < 5 AND b = b OR a = 0']);
    expect(texts[0]).toBe('SELECT t.a FROM spark_catalog.db.t WHERE t.a > 1 AND (t.a < 5 AND t.b = t.b) OR t.a = 0');
    expect(texts[1]).toBe('SELECT t.a FROM spark_catalog.db.t WHERE t.a > 1 AND t.a < 5 AND t.b = t.b OR t.a = 0');
  });

  it('explain, DuckDB and Spark texts of one plan do not mix', () => {
    const plan = analyze("SELECT upper(concat(b, 'x')) AS m FROM db.t WHERE a > 1", catalog);
    const spark = toSql(plan);
    const duck = toSql(plan, { dialect: 'duckdb' });
    const explained = explain(plan);
    expect(spark).toBe("SELECT upper(concat(t.b, 'x')) AS m FROM spark_catalog.db.t WHERE t.a > 1");
    expect(duck).not.toBe(spark);
    expect(explained).toMatch(/#\d+/);
    for (let i = 0; i < 3; i++) {
      expect(explain(plan)).toBe(explained);
      expect(toSql(plan, { dialect: 'duckdb' })).toBe(duck);
      expect(toSql(plan)).toBe(spark);
    }
  });

  it('a disambiguated join prints its fresh alias, before and after the plain one', () => {
    const texts = stable(["SELECT concat(db2.t.c, 'x') AS m FROM db.t, db2.t", "SELECT concat(t.c, 'x') AS m FROM db2.t AS t"]);
    expect(texts).toEqual(["SELECT concat(t_2.c, 'x') AS m FROM spark_catalog.db.t, spark_catalog.db2.t AS t_2", "SELECT concat(t.c, 'x') AS m FROM spark_catalog.db2.t AS t"]);
  });

  it('an error in the middle of a print leaves the next prints whole', () => {
    const refused = analyze("SELECT concat(b, sha2(b, 384)) AS m FROM db.t WHERE a IN (1, 2)", catalog);
    const before = print("SELECT concat(b, 'x') AS m FROM db.t WHERE a IN (1, 2)");
    expect(() => toSql(refused, { dialect: 'duckdb' })).toThrow(DialectError);
    expect(print("SELECT concat(b, 'x') AS m FROM db.t WHERE a IN (1, 2)")).toBe(before);
    expect(toSql(refused)).toBe("SELECT concat(t.b, sha2(t.b, 384)) AS m FROM spark_catalog.db.t WHERE t.a IN (1, 2)");
  });

  it('texts stay right past the bounds (many distinct texts, long texts)', () => {
    const expr = (i: number): Expression => {
      const p = parseSql(`SELECT concat(b, '${i}') AS m${i % 7}`);
      if (p.kind !== 'Project') throw new Error(`expected a Project, got ${p.kind}`);
      return p.projectList[0]!;
    };
    const first = Array.from({ length: 10_000 }, (_, i) => printExpression(expr(i)));
    for (let i = 0; i < 10_000; i += 997) expect(printExpression(expr(i))).toBe(first[i]);
    expect(first[1234]).toBe("concat(b, '1234') AS m2");
    const long = `'${'x'.repeat(5000)}'`;
    const sql = `SELECT concat(b, ${long}, b) AS m FROM db.t`;
    expect(print(sql)).toBe(`SELECT concat(t.b, ${long}, t.b) AS m FROM spark_catalog.db.t`);
    expect(print(sql)).toBe(print(sql));
  });
});
