/** Checks Spark's AstBuilder makes while building the tree: well-formed SQL it still refuses. */
import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { validateIdentity } from '../helpers/sql.js';

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

describe("Spark's builder checks", () => {
  it('duplicate CTE names (case-insensitive)', () => {
    rejects('WITH t(x) AS (SELECT 1), t(x) AS (SELECT 2) SELECT * FROM t', 'INVALID_SQL_SYNTAX');
    rejects('WITH cte1 AS (SELECT 42), CTE1 AS (SELECT 42) SELECT * FROM cte1', 'INVALID_SQL_SYNTAX');
    validateIdentity('WITH a AS (SELECT 1), b AS (SELECT 2) SELECT * FROM a, b');
  });

  it('TIME literals: 24-hour or 12-hour clock with AM/PM', () => {
    for (const bad of ['00:00:60', '00:60:00', '24:00:00', '00:00:00 AM', '13:00:00 PM', '12:60:00 AM', 'noon']) {
      rejects(`SELECT TIME'${bad}'`, 'INVALID_LITERAL');
    }
    for (const good of ['00:00:00', '23:59:59.999999999', '01:02:03 pm', '12:00:00 AM', '08:30', '0:0:0']) {
      validateIdentity(`SELECT TIME'${good}'`, `SELECT TIME '${good}'`);
    }
  });

  it('LIKE ANY / ALL need at least one pattern', () => {
    rejects('SELECT a LIKE ANY () FROM t', 'INVALID_SQL_SYNTAX');
    rejects('SELECT a ILIKE ALL () FROM t', 'INVALID_SQL_SYNTAX');
    validateIdentity("SELECT a LIKE ANY ('x%', 'y') FROM t");
  });

  it('inline tables of literals have as many values per row as columns', () => {
    rejects("SELECT * FROM VALUES ('one', 2.0), ('two') AS data(a, b)", 'INVALID_SQL_SYNTAX');
    rejects("SELECT * FROM VALUES ('one'), ('two') AS data(a, b)", 'INVALID_SQL_SYNTAX');
    rejects('VALUES (1, 2), (3)', 'INVALID_SQL_SYNTAX');
    validateIdentity("SELECT * FROM VALUES ('one', 2.0), ('two', 3.0) AS data(a, b)");
    // Not all literals: Spark leaves the check to the analyzer.
    validateIdentity('SELECT * FROM VALUES (a, 2), (b) AS data(a, b)');
  });

  it('CUBE and ROLLUP refuse the empty grouping set', () => {
    rejects('SELECT a, b FROM t GROUP BY CUBE(a, b, ())', 'INVALID_SQL_SYNTAX');
    rejects('SELECT a, b FROM t GROUP BY ROLLUP(a, (a, b), ())', 'INVALID_SQL_SYNTAX');
    validateIdentity('SELECT a, b FROM t GROUP BY GROUPING SETS ((a, b), ())');
  });

  it('float and double literals in range; BD literals of at most 38 digits', () => {
    rejects('SELECT -3.4028235E39f', 'INVALID_LITERAL');
    rejects('SELECT 1E309', 'INVALID_LITERAL');
    rejects('SELECT 1e400D', 'INVALID_LITERAL');
    rejects('SELECT 1.20E-38BD', 'INVALID_LITERAL');
    rejects('SELECT 1234567890123456789012345678901234567890BD', 'INVALID_LITERAL');
    validateIdentity('SELECT 3.4E38F, 1E308, 1.2E-37BD, 12345678901234567890123456789012345678BD');
    // Unsuffixed literals too wide for a decimal are no error (Spark reads them as doubles).
    validateIdentity('SELECT 1234567890123456789012345678901234567890', 'SELECT 1234567890123456789012345678901234567890');
  });

  it('IDENTIFIER of a literal must name an identifier', () => {
    rejects("SELECT IDENTIFIER('') FROM t", 'INVALID_IDENTIFIER');
    rejects("SELECT IDENTIFIER('c 1') FROM t", 'INVALID_IDENTIFIER');
    validateIdentity("SELECT IDENTIFIER('`c 1`.b'), IDENTIFIER('s.t.c') FROM t");
  });

  it('DESCRIBE describes queries, not INSERT; DROP VARIABLE needs TEMPORARY', () => {
    rejects("DESCRIBE INSERT INTO t VALUES (1, 'a')", 'PARSE_SYNTAX_ERROR');
    rejects('DESCRIBE QUERY INSERT INTO t SELECT * FROM u', 'PARSE_SYNTAX_ERROR');
    validateIdentity('DESCRIBE QUERY SELECT * FROM u');
    rejects('DROP VARIABLE v', 'PARSE_SYNTAX_ERROR');
    validateIdentity('DROP TEMPORARY VARIABLE IF EXISTS v');
  });
});
