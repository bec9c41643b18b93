import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { validateIdentity } from '../helpers/sql.js';

function rejects(sql: string, code = 'INVALID_SQL_SYNTAX'): void {
  let err: unknown;
  try {
    parseSql(sql);
  } catch (e) {
    err = e;
  }
  expect(err, `accepted: ${sql}`).toBeInstanceOf(SqlParseError);
  expect((err as SqlParseError).code).toBe(code);
}

const rel = (n: string) => ({ kind: 'UnresolvedRelation', name: [n], identifierClause: null, timeTravel: null, options: null, file: null });

describe('table arguments of table functions', () => {
  it('TABLE(t) with partitioning and ordering, in its place among the arguments', () => {
    const p = validateIdentity(
      'SELECT * FROM f(0, TABLE(t) PARTITION BY a ORDER BY b DESC, 1)',
      'SELECT * FROM f(0, TABLE(t) PARTITION BY (a) ORDER BY (b DESC), 1)',
    );
    expect(p).toMatchObject({
      child: {
        kind: 'TableValuedFunction',
        args: [{ kind: 'Literal', value: '0' }, { kind: 'Literal', value: '1' }],
        tableArgs: [{ position: 1, name: null, query: rel('t'), partitionBy: [{ kind: 'UnresolvedAttribute' }], singlePartition: false, orderBy: [{ direction: 'DESC' }] }],
      },
    });
  });

  it('the spellings of partitioning and of the table', () => {
    validateIdentity('SELECT * FROM f(TABLE(t) WITH SINGLE PARTITION)', 'SELECT * FROM f(TABLE(t) WITH SINGLE PARTITION)');
    validateIdentity('SELECT * FROM f(TABLE t DISTRIBUTE BY (a, b + 1) SORT BY (a, b))', 'SELECT * FROM f(TABLE(t) PARTITION BY (a, b + 1) ORDER BY (a, b))');
    expect(validateIdentity('SELECT * FROM f(TABLE(SELECT 1 AS a) PARTITION BY a)')).toMatchObject({ child: { tableArgs: [{ query: { kind: 'Project' } }] } });
    expect(validateIdentity('SELECT * FROM f(arg => TABLE(t), n => 2)')).toMatchObject({ child: { tableArgs: [{ name: 'arg', position: 0 }], args: [{ kind: 'NamedArgument' }] } });
  });
});

describe('NEAREST BY joins', () => {
  it('builds a NearestByJoin with its defaults', () => {
    const p = validateIdentity(
      'SELECT * FROM u JOIN p APPROX NEAREST BY SIMILARITY -abs(u.s - p.s)',
      'SELECT * FROM u JOIN p APPROX NEAREST 1 BY SIMILARITY -abs(u.s - p.s)',
    );
    expect(p).toMatchObject({ child: { kind: 'NearestByJoin', left: rel('u'), right: rel('p'), joinType: 'INNER', approx: true, numResults: 1, direction: 'SIMILARITY' } });
    validateIdentity('SELECT * FROM u AS a LEFT OUTER JOIN p AS b EXACT NEAREST 5 BY DISTANCE abs(a.s - b.s) JOIN q ON TRUE');
  });

  it("refuses what Spark's builder refuses", () => {
    rejects('SELECT * FROM u RIGHT JOIN p APPROX NEAREST 1 BY DISTANCE 1');
    rejects('SELECT * FROM u JOIN LATERAL (SELECT 1) p APPROX NEAREST 1 BY DISTANCE 1');
    rejects('SELECT * FROM u JOIN p APPROX NEAREST 0 BY DISTANCE 1');
    rejects('SELECT * FROM u JOIN p APPROX NEAREST 100001 BY DISTANCE 1');
  });
});

describe('recursive CTE limits and a leading LATERAL', () => {
  it('MAX RECURSION LEVEL on a recursive CTE', () => {
    expect(validateIdentity('WITH RECURSIVE r(n) MAX RECURSION LEVEL 35 AS (VALUES 0 UNION ALL SELECT n + 1 FROM r) SELECT * FROM r')).toMatchObject({
      kind: 'With',
      ctes: [{ name: 'r', maxRecursionLevel: 35 }],
    });
    rejects('WITH r MAX RECURSION LEVEL 35 AS (SELECT 1) SELECT * FROM r');
  });

  it('LATERAL on the first relation is ignored, as Spark does', () => {
    expect(parseSql('SELECT * FROM LATERAL (SELECT 1)')).toEqual(parseSql('SELECT * FROM (SELECT 1)'));
    expect(parseSql('SELECT * FROM LATERAL explode(array(1))')).toEqual(parseSql('SELECT * FROM explode(array(1))'));
    validateIdentity('SELECT * FROM lateral', 'SELECT * FROM `lateral`');
  });
});
