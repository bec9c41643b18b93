import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { validateIdentity } from '../helpers/sql.js';

const t = { kind: 'UnresolvedRelation', name: ['t'], identifierClause: null, timeTravel: null, options: null, file: null };
const col = (n: string) => ({ kind: 'UnresolvedAttribute', nameParts: [n] });
const str = (name: string) => ({ name, type: { kind: 'string', collation: null }, nullable: true, comment: null });

function rejects(sql: string, code: string): void {
  let err: unknown;
  try {
    parseSql(sql);
  } catch (e) {
    err = e;
  }
  expect(err, `accepted: ${sql}`).toBeInstanceOf(SqlParseError);
  expect((err as SqlParseError).code).toBe(code);
}

describe('script transform', () => {
  it('SELECT TRANSFORM is a ScriptTransform over the block selecting its input', () => {
    const p = validateIdentity("SELECT TRANSFORM(a, b) USING 'cat' AS (p, q) FROM t", "SELECT TRANSFORM(a, b) USING 'cat' AS (p, q) FROM t");
    expect(p).toEqual({
      kind: 'ScriptTransform',
      script: 'cat',
      output: [str('p'), str('q')],
      inRowFormat: null,
      outRowFormat: null,
      child: { kind: 'Project', projectList: [col('a'), col('b')], child: t },
    });
  });

  it('without AS the output is schema-less (null)', () => {
    expect(validateIdentity("SELECT TRANSFORM(a) USING 'cat' FROM t", "SELECT TRANSFORM(a) USING 'cat' FROM t")).toMatchObject({ output: null });
  });

  it('typed output columns; CHAR/VARCHAR read as STRING, as Spark does', () => {
    const p = validateIdentity(
      "SELECT TRANSFORM(a, b) USING 'cat' AS (a CHAR(10), b DECIMAL(38, 18) NOT NULL COMMENT 'x') FROM t",
      "SELECT TRANSFORM(a, b) USING 'cat' AS (a STRING, b DECIMAL(38,18) NOT NULL COMMENT 'x') FROM t",
    );
    expect(p).toMatchObject({ output: [str('a'), { name: 'b', type: { kind: 'decimal', precision: 38, scale: 18 }, nullable: false, comment: 'x' }] });
    // Unparenthesised output lists.
    validateIdentity("SELECT TRANSFORM(a) USING 'cat' AS p, q FROM t", "SELECT TRANSFORM(a) USING 'cat' AS (p, q) FROM t");
    validateIdentity("SELECT TRANSFORM(a) USING 'cat' AS p INT, q STRING FROM t", "SELECT TRANSFORM(a) USING 'cat' AS (p INT, q STRING) FROM t");
  });

  it('keeps the row formats on both sides', () => {
    const sql =
      "SELECT TRANSFORM(a, NULL) ROW FORMAT DELIMITED FIELDS TERMINATED BY '@' NULL DEFINED AS 'NULL' USING 'cat' AS (a, b) " +
      "ROW FORMAT DELIMITED FIELDS TERMINATED BY ',' FROM t";
    const p = validateIdentity(sql, sql);
    expect(p).toMatchObject({
      inRowFormat: { type: 'DELIMITED', fieldsTerminatedBy: '@', nullDefinedAs: 'NULL' },
      outRowFormat: { type: 'DELIMITED', fieldsTerminatedBy: ',' },
    });
    validateIdentity("SELECT TRANSFORM(a) ROW FORMAT SERDE 'x.Serde' WITH SERDEPROPERTIES ('k' = 'v') USING 'cat' FROM t");
  });

  it('the block keeps WHERE, GROUP BY, HAVING, LATERAL VIEW and WINDOW', () => {
    validateIdentity(
      "SELECT TRANSFORM(b, max(a)) USING 'cat' AS (a, b) FROM t LATERAL VIEW explode(c) v AS d WHERE a <= 4 GROUP BY b HAVING max(a) > 1",
      "SELECT TRANSFORM(b, max(a)) USING 'cat' AS (a, b) FROM t LATERAL VIEW explode(c) v AS d WHERE a <= 4 GROUP BY b HAVING max(a) > 1",
    );
    validateIdentity("SELECT TRANSFORM(max(a) OVER w) USING 'cat' FROM t WINDOW w AS (PARTITION BY b)");
    validateIdentity("SELECT TRANSFORM(*) USING 'cat' AS (a) FROM t ORDER BY a LIMIT 1");
    validateIdentity("SELECT x FROM (SELECT TRANSFORM(a) USING 'cat' AS (x) FROM t) AS s");
    validateIdentity("WITH c AS (SELECT TRANSFORM(a) USING 'cat' AS (b STRING) FROM t) SELECT b FROM c");
  });

  it('MAP and REDUCE are the same transform; so is the FROM-first form', () => {
    const canonical = parseSql("SELECT TRANSFORM(a, b) USING 'cat' AS (a, b) FROM t");
    expect(validateIdentity("MAP a, b USING 'cat' AS (a, b) FROM t")).toEqual(canonical);
    expect(validateIdentity("REDUCE a, b USING 'cat' AS (a, b) FROM t")).toEqual(canonical);
    expect(validateIdentity("FROM t SELECT TRANSFORM(a, b) USING 'cat' AS (a, b)")).toEqual(canonical);
    expect(validateIdentity("FROM t MAP a, b USING 'cat' AS (a, b)")).toEqual(canonical);
  });

  it('transform(…) not followed by USING or ROW FORMAT is the higher-order function', () => {
    expect(validateIdentity('SELECT transform(a, x -> x + 1) FROM t')).toMatchObject({ kind: 'Project' });
  });

  it("refuses what Spark's parser refuses", () => {
    rejects("SELECT TRANSFORM(DISTINCT a) USING 'cat' FROM t", 'UNSUPPORTED_FEATURE');
    rejects("SELECT TRANSFORM(ALL a) USING 'cat' FROM t", 'UNSUPPORTED_FEATURE');
    rejects("MAP DISTINCT a USING 'cat' FROM t", 'UNSUPPORTED_FEATURE');
    rejects("SELECT TRANSFORM(a AS b) USING 'cat' FROM t", 'PARSE_SYNTAX_ERROR');
    rejects("SELECT TRANSFORM(a b) USING 'cat' FROM t", 'PARSE_SYNTAX_ERROR');
    rejects("SELECT TRANSFORM(a) RECORDWRITER 'w' USING 'cat' FROM t", 'UNSUPPORTED_FEATURE');
    rejects("SELECT TRANSFORM(a) USING 'cat' RECORDREADER 'r' FROM t", 'UNSUPPORTED_FEATURE');
    rejects("SELECT TRANSFORM(a) ROW FORMAT DELIMITED LINES TERMINATED BY '@' USING 'cat' FROM t", 'INVALID_SQL_SYNTAX');
    rejects("SELECT TRANSFORM(a) USING 'cat' AS (x INT, y) FROM t", 'PARSE_SYNTAX_ERROR');
    rejects("SELECT TRANSFORM(a) USING 'cat' FROM t QUALIFY a > 1", 'PARSE_SYNTAX_ERROR');
  });
});
