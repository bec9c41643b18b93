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

const one = { kind: 'Literal', type: 'int', value: '1' };

describe('SQL scripting', () => {
  it('a BEGIN … END block holds its statements as plans', () => {
    const p = validateIdentity('BEGIN SELECT 1; INSERT INTO t VALUES (1); END', 'BEGIN SELECT 1; INSERT INTO TABLE t VALUES 1; END');
    expect(p).toMatchObject({ kind: 'CompoundBlock', label: null, body: [{ kind: 'Project' }, { kind: 'InsertInto' }] });
    expect(validateIdentity('BEGIN NOT ATOMIC END;', 'BEGIN END')).toEqual({ kind: 'CompoundBlock', label: null, body: [] });
  });

  it('DECLARE and SET of variables; SET needs no VAR keyword inside a script', () => {
    const p = validateIdentity('BEGIN DECLARE v INT DEFAULT 1; SET v = v + 1; SET (a, b) = (SELECT 1, 2); END');
    expect(p).toMatchObject({
      body: [
        { kind: 'DeclareVariable', dataType: { kind: 'primitive', name: 'int' }, defaultValue: one },
        { kind: 'SetVariable', keyword: null, assignments: [{ name: ['v'] }] },
        { kind: 'SetVariable', keyword: null, targets: [['a'], ['b']] },
      ],
    });
  });

  it('IF / ELSEIF / ELSE and both CASE forms', () => {
    const p = validateIdentity(
      'BEGIN IF a > 1 THEN SELECT 1; ELSEIF a > 0 THEN SELECT 2; SELECT 3; ELSE SELECT 4; END IF; END',
      'BEGIN IF a > 1 THEN SELECT 1; ELSEIF a > 0 THEN SELECT 2; SELECT 3; ELSE SELECT 4; END IF; END',
    );
    expect(p).toMatchObject({ body: [{ kind: 'IfElseStatement', branches: [{ body: [{}] }, { body: [{}, {}] }], elseBody: [{}] }] });
    validateIdentity('BEGIN CASE WHEN a = 1 THEN SELECT 1; ELSE SELECT 2; END CASE; END');
    expect(validateIdentity('BEGIN CASE a WHEN 1 THEN SELECT 1; WHEN 2 THEN SELECT 2; END CASE; END')).toMatchObject({
      body: [{ kind: 'CaseStatement', operand: { kind: 'UnresolvedAttribute' }, elseBody: null }],
    });
  });

  it('labelled loops, LEAVE and ITERATE', () => {
    validateIdentity('BEGIN lbl: WHILE a < 3 DO SET a = a + 1; ITERATE lbl; END WHILE lbl; END');
    validateIdentity('BEGIN REPEAT SET a = a + 1; UNTIL a > 3 END REPEAT; END');
    validateIdentity('BEGIN l: LOOP LEAVE l; END LOOP; END');
    validateIdentity('BEGIN l1: BEGIN l2: BEGIN LEAVE l1; END l2; END; END', 'BEGIN l1: BEGIN l2: BEGIN LEAVE l1; END l2; END l1; END');
    const f = validateIdentity('BEGIN f: FOR r AS SELECT a FROM t LIMIT 3 DO VALUES (r.a); END FOR f; END');
    expect(f).toMatchObject({ body: [{ kind: 'ForStatement', label: 'f', variable: 'r', query: { kind: 'Limit' }, body: [{ kind: 'InlineTable' }] }] });
    validateIdentity('BEGIN FOR SELECT 1 DO SELECT 2; END FOR; END');
    // DO ends the FOR query; elsewhere it is an ordinary alias.
    expect(validateIdentity('BEGIN FOR r AS SELECT a FROM t DO SELECT 2; END FOR; END')).toMatchObject({ body: [{ query: { child: { kind: 'UnresolvedRelation' } } }] });
    expect(validateIdentity('SELECT 1 do FROM t do')).toMatchObject({ kind: 'Project', child: { kind: 'SubqueryAlias', alias: 'do' } });
  });

  it('conditions and handlers', () => {
    const p = validateIdentity(
      "BEGIN DECLARE c CONDITION FOR SQLSTATE VALUE '22012'; DECLARE EXIT HANDLER FOR c, SQLEXCEPTION, NOT FOUND, SQLSTATE '42000' BEGIN SELECT 1; END; SELECT 2; END",
      "BEGIN DECLARE c CONDITION FOR SQLSTATE '22012'; DECLARE EXIT HANDLER FOR c, SQLEXCEPTION, NOT FOUND, SQLSTATE '42000' BEGIN SELECT 1; END; SELECT 2; END",
    );
    expect(p).toMatchObject({
      body: [
        { kind: 'DeclareCondition', name: 'c', sqlState: '22012' },
        { kind: 'DeclareHandler', type: 'EXIT', conditions: [{ type: 'CONDITION', name: ['c'] }, { type: 'SQLEXCEPTION' }, { type: 'NOT FOUND' }, { type: 'SQLSTATE' }] },
        {},
      ],
    });
    validateIdentity('BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION SET a = 1; SELECT 2; END');
  });

  it("refuses what Spark's builder refuses", () => {
    rejects('BEGIN a: BEGIN SELECT 1; END b; END');
    rejects('BEGIN BEGIN SELECT 1; END b; END');
    rejects('BEGIN a: BEGIN a: LOOP LEAVE a; END LOOP; END; END');
    rejects('BEGIN LEAVE nowhere; END');
    rejects('BEGIN a: BEGIN ITERATE a; END; END');
    rejects('BEGIN SELECT 1; DECLARE v INT; END');
    rejects('BEGIN DECLARE EXIT HANDLER FOR SQLEXCEPTION SELECT 1; DECLARE v INT; END');
    rejects('BEGIN SELECT 1; DECLARE EXIT HANDLER FOR SQLEXCEPTION SELECT 1; END');
    rejects('BEGIN IF TRUE THEN DECLARE v INT; END IF; END');
    rejects('BEGIN IF TRUE THEN END IF; END', 'PARSE_SYNTAX_ERROR');
    rejects('BEGIN SELECT 1 END', 'PARSE_SYNTAX_ERROR');
  });

  it('a parenthesised subquery inside a row is a row item', () => {
    expect(validateIdentity('VALUES ((SELECT 1), 2)')).toMatchObject({ kind: 'InlineTable', rows: [[{ kind: 'ScalarSubquery' }, { kind: 'Literal' }]] });
    validateIdentity('SELECT ((SELECT 1) + 2)', 'SELECT (SELECT 1) + 2');
    validateIdentity('SELECT ((SELECT 1) UNION (SELECT 2))', 'SELECT (SELECT 1 UNION SELECT 2)');
  });
});
