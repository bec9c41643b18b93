import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { validateIdentity } from '../helpers/sql.js';

function rejects(sql: string, code = 'INVALID_SQL_SYNTAX'): void {
  try {
    parseSql(sql);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlParseError);
    expect((e as SqlParseError).code).toBe(code);
    return;
  }
  throw new Error(`accepted: ${sql}`);
}

describe('FROM-first queries', () => {
  it('a FROM without body is the relation itself', () => {
    expect(validateIdentity('FROM t AS v', 'FROM t AS v')).toMatchObject({ kind: 'SubqueryAlias', alias: 'v' });
  });
  it('one body is a SELECT block, several are a UNION ALL', () => {
    validateIdentity('FROM t SELECT a WHERE b', 'SELECT a FROM t WHERE b');
    expect(validateIdentity('FROM t SELECT a SELECT b ORDER BY b')).toMatchObject({
      kind: 'SetOperation',
      op: 'UNION',
      all: true,
      right: { kind: 'Sort' },
    });
  });
});

describe('joins and comma lists', () => {
  it('comma items fold left before their joins, as Spark does by default', () => {
    expect(validateIdentity('SELECT * FROM a, b JOIN c ON x')).toMatchObject({
      child: { kind: 'Join', comma: false, left: { kind: 'Join', comma: true } },
    });
    validateIdentity('SELECT * FROM a, (b JOIN c ON x)');
    validateIdentity('SELECT * FROM a, LATERAL (SELECT b.x)');
  });
});

describe('relation extensions', () => {
  it('PIVOT with aliases', () => {
    const p = validateIdentity("SELECT * FROM t PIVOT (sum(e) AS s FOR (c, y) IN (('a', 1) AS a1, ('b', 2))) AS pv");
    expect(p).toMatchObject({ child: { kind: 'SubqueryAlias', alias: 'pv', child: { kind: 'Pivot', column: { kind: 'Row' } } } });
    validateIdentity("SELECT * FROM ((SELECT y, c, e FROM s) PIVOT (sum(e) FOR c IN ('x' AS n))) AS pv JOIN u ON pv.y = u.y");
    validateIdentity("SELECT * FROM a JOIN b PIVOT (sum(e) FOR c IN (1, 2))");
  });
  it('UNPIVOT single and multi value', () => {
    validateIdentity('SELECT * FROM t UNPIVOT (v FOR k IN (a AS x, b))');
    expect(validateIdentity('SELECT * FROM t UNPIVOT INCLUDE NULLS ((v1, v2) FOR k IN ((a, b) AS ab, (c, d)))')).toMatchObject({
      child: { kind: 'Unpivot', includeNulls: true, valueColumns: ['v1', 'v2'] },
    });
  });
  it('TABLESAMPLE: a table is aliased before sampling, a subquery after', () => {
    expect(validateIdentity('SELECT * FROM t TABLESAMPLE (10 PERCENT) AS s')).toMatchObject({
      child: { kind: 'Sample', child: { kind: 'SubqueryAlias', alias: 's' } },
    });
    expect(validateIdentity('SELECT * FROM (SELECT 1) TABLESAMPLE (BUCKET 1 OUT OF 4) s')).toMatchObject({
      child: { kind: 'SubqueryAlias', child: { kind: 'Sample', method: { type: 'BUCKET' } } },
    });
    expect(validateIdentity('SELECT * FROM t TABLESAMPLE (5 ROWS)')).toMatchObject({ child: { kind: 'Limit' } });
    validateIdentity('SELECT * FROM t TABLESAMPLE SYSTEM (0.5 PERCENT)');
    validateIdentity('SELECT * FROM t TABLESAMPLE (-0 PERCENT) REPEATABLE (3)');
    rejects('SELECT * FROM t TABLESAMPLE ()');
    rejects('SELECT * FROM t TABLESAMPLE (101 PERCENT)');
    rejects('SELECT * FROM t TABLESAMPLE (BUCKET 4 OUT OF 2)');
    rejects('SELECT * FROM t TABLESAMPLE (100M)');
    rejects('SELECT * FROM t TABLESAMPLE SYSTEM (1 PERCENT) REPEATABLE (1)');
  });
  it('LATERAL VIEW builds Generate nodes below the WHERE', () => {
    const p = validateIdentity('SELECT c FROM t LATERAL VIEW OUTER explode(a) e AS c LATERAL VIEW posexplode(b) f WHERE c > 1');
    expect(p).toMatchObject({ child: { kind: 'Filter', child: { kind: 'Generate', tableAlias: 'f', child: { kind: 'Generate', outer: true, columnAliases: ['c'] } } } });
  });
  it('time travel', () => {
    expect(validateIdentity('SELECT * FROM t VERSION AS OF 3 AS x')).toMatchObject({
      child: { kind: 'SubqueryAlias', child: { kind: 'UnresolvedRelation', timeTravel: { type: 'VERSION' } } },
    });
    validateIdentity("SELECT * FROM t FOR SYSTEM_TIME AS OF '2024-01-01'", "SELECT * FROM t TIMESTAMP AS OF '2024-01-01'");
    rejects('SELECT * FROM t VERSION AS OF a');
  });
  it('VALUES takes its own alias', () => {
    expect(validateIdentity('VALUES (1, 2), (3, 4) AS v(a, b)')).toMatchObject({ kind: 'SubqueryAlias', columnAliases: ['a', 'b'] });
  });
});

describe('SELECT blocks and query organization', () => {
  it('a WINDOW clause sits above DISTINCT, as Spark builds it', () => {
    expect(validateIdentity('SELECT DISTINCT sum(a) OVER w FROM t WINDOW w AS (ORDER BY b) ORDER BY 1')).toMatchObject({
      kind: 'Sort',
      child: { kind: 'WithWindowDefinition', child: { kind: 'Distinct' } },
    });
    validateIdentity('(SELECT a FROM t UNION SELECT b FROM u) WINDOW w AS (ORDER BY a)');
    validateIdentity('SELECT * FROM (SELECT sum(a) OVER w AS s FROM t WINDOW w AS (ORDER BY a)) sub WINDOW w AS (ORDER BY b)');
  });
  it('WINDOW definitions resolve references to other definitions', () => {
    const p = validateIdentity('SELECT sum(a) OVER w2 FROM t WINDOW w1 AS (ORDER BY b), w2 AS w1', 'SELECT sum(a) OVER w2 FROM t WINDOW w1 AS (ORDER BY b), w2 AS (ORDER BY b)');
    expect(p).toMatchObject({ kind: 'WithWindowDefinition', windows: [{ name: 'w1' }, { name: 'w2', spec: { orderBy: [{}] } }] });
    rejects('SELECT sum(a) OVER w1 FROM t WINDOW w1 AS w2, w2 AS w1');
    rejects('SELECT 1 FROM t WINDOW w1 AS (ORDER BY b), w1 AS (ORDER BY c)');
    rejects('SELECT 1 FROM t WINDOW w1 AS w9');
  });
  it("Hive's GROUP BY columns GROUPING SETS (…)", () => {
    expect(validateIdentity('SELECT a, b, sum(c) FROM t GROUP BY a, b GROUPING SETS ((a), (b), ())')).toMatchObject({
      kind: 'Aggregate',
      groupingModifier: 'GROUPING SETS',
    });
  });
  it('refuses combinations of ORDER BY / SORT BY / DISTRIBUTE BY / CLUSTER BY Spark refuses', () => {
    rejects('SELECT a FROM t ORDER BY a SORT BY a');
    rejects('SELECT a FROM t CLUSTER BY a SORT BY a');
    validateIdentity('SELECT a FROM t DISTRIBUTE BY a SORT BY a');
  });
});
