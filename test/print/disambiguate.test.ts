/**
 * toSql disambiguates a join whose sides expose the same relation name only when printing meets a
 * join onto a bare relation (printPlan in query.ts): wherever that join sits — in a subquery, a
 * CTE, a set operation, a statement's query — the clash is found and the right side renamed.
 */
import { describe, expect, it } from 'vitest';
import { analyze, createCatalog, parseSql, toSql } from '../../src/index.js';

const catalog = createCatalog({
  databases: [{ name: 'db1' }, { name: 'db2' }],
  tables: [
    { name: 'db1.t', columns: [{ name: 'a', type: 'int' }] },
    { name: 'db2.t', columns: [{ name: 'a', type: 'string' }, { name: 'b', type: 'int' }] },
    { name: 'db1.u', columns: [{ name: 'a', type: 'int' }] },
  ],
});
const print = (sql: string): string => toSql(analyze(sql, catalog));

describe('a clash is renamed wherever the join sits', () => {
  const cases: readonly [string, string][] = [
    ['SELECT db1.t.a, db2.t.a FROM db1.t, db2.t', 'SELECT t.a, t_2.a FROM spark_catalog.db1.t, spark_catalog.db2.t AS t_2'],
    [
      'SELECT 1 AS x WHERE EXISTS (SELECT db1.t.a FROM db1.t, db2.t WHERE db2.t.b = 1)',
      'SELECT 1 AS x WHERE EXISTS (SELECT t.a FROM spark_catalog.db1.t, spark_catalog.db2.t AS t_2 WHERE t_2.b = 1)',
    ],
    ['WITH c AS (SELECT db2.t.b FROM db1.t, db2.t) SELECT * FROM c', 'WITH c AS (SELECT t_2.b FROM spark_catalog.db1.t, spark_catalog.db2.t AS t_2) SELECT c.b FROM c'],
    [
      'SELECT a FROM db1.u UNION ALL SELECT db1.t.a FROM db1.t JOIN db2.t ON db1.t.a = db2.t.b',
      'SELECT u.a FROM spark_catalog.db1.u UNION ALL SELECT t.a FROM spark_catalog.db1.t JOIN spark_catalog.db2.t AS t_2 ON t.a = t_2.b',
    ],
    [
      'INSERT INTO db1.u SELECT db1.t.a FROM db1.t JOIN db2.t ON db1.t.a = db2.t.b',
      'INSERT INTO TABLE db1.u SELECT t.a FROM spark_catalog.db1.t JOIN spark_catalog.db2.t AS t_2 ON t.a = t_2.b',
    ],
  ];
  for (const [sql, printed] of cases) it(sql, () => expect(print(sql)).toBe(printed));
});

describe('no clash, nothing renamed', () => {
  it('a join of two different names', () => {
    expect(print('SELECT t.a, u.a FROM db1.t JOIN db1.u ON t.a = u.a')).toBe('SELECT t.a, u.a FROM spark_catalog.db1.t JOIN spark_catalog.db1.u ON t.a = u.a');
  });
  it('an unresolved plan (no columns to clash)', () => {
    expect(toSql(parseSql('SELECT t.a FROM db1.t, db2.t'))).toBe('SELECT t.a FROM db1.t, db2.t');
  });
  it('a print after one that renamed', () => {
    const clash = analyze('SELECT db1.t.a, db2.t.a FROM db1.t, db2.t', catalog);
    const plain = analyze('SELECT a FROM db1.u', catalog);
    expect(toSql(clash)).toContain('AS t_2');
    expect(toSql(plain)).toBe('SELECT u.a FROM spark_catalog.db1.u');
    expect(toSql(clash)).toBe(toSql(clash));
  });
});
