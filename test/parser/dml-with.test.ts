import { describe, expect, it } from 'vitest';
import { validateIdentity } from '../helpers/sql.js';

describe('WITH before INSERT, UPDATE, DELETE and MERGE', () => {
  it("wraps an INSERT's query, as Spark does", () => {
    const p = validateIdentity('WITH s AS (SELECT 43 AS col) INSERT INTO t SELECT * FROM s', 'INSERT INTO TABLE t WITH s AS (SELECT 43 AS col) SELECT * FROM s');
    expect(p).toMatchObject({ kind: 'InsertInto', query: { kind: 'With', ctes: [{ name: 's' }], child: { kind: 'Project' } } });
  });

  it('wraps the other statements', () => {
    expect(validateIdentity('WITH s AS (SELECT 1 AS a) DELETE FROM t WHERE a IN (SELECT a FROM s)')).toMatchObject({ kind: 'With', child: { kind: 'DeleteFromTable' } });
    expect(validateIdentity('WITH RECURSIVE s AS (SELECT 1 AS a) UPDATE t SET a = 1')).toMatchObject({ kind: 'With', recursive: true, child: { kind: 'UpdateTable' } });
  });
});
