import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { validateIdentity } from '../helpers/sql.js';

const t = { kind: 'UnresolvedRelation', name: ['t'], identifierClause: null, timeTravel: null, options: null, file: null };
const col = (n: string) => ({ kind: 'UnresolvedAttribute', nameParts: [n] });

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

describe('pipe syntax |>', () => {
  it('WHERE puts a Filter over the PipeOperator marker', () => {
    const p = validateIdentity('TABLE t |> WHERE a > 1', 'TABLE t |> WHERE a > 1');
    expect(p).toMatchObject({ kind: 'Filter', child: { kind: 'PipeOperator', child: t } });
  });

  it('SELECT, EXTEND and DROP are Projects over the input', () => {
    expect(validateIdentity('FROM t |> SELECT a, b', 'SELECT a, b FROM t')).toEqual({ kind: 'Project', projectList: [col('a'), col('b')], child: t });
    expect(validateIdentity('TABLE t |> EXTEND a + 1 AS z', 'SELECT *, a + 1 AS z FROM t')).toMatchObject({
      kind: 'Project',
      projectList: [{ kind: 'UnresolvedStar' }, { kind: 'Alias', name: 'z' }],
    });
    expect(validateIdentity('TABLE t |> DROP a, b.c', 'SELECT * EXCEPT (a, b.c) FROM t')).toMatchObject({
      kind: 'Project',
      projectList: [{ kind: 'UnresolvedStar', except: [['a'], ['b', 'c']] }],
    });
  });

  it('SET keeps one PipeSet per assignment', () => {
    const p = validateIdentity('TABLE t |> SET a = 1, b = a + 1', 'TABLE t |> SET a = 1 |> SET b = a + 1');
    expect(p).toMatchObject({ kind: 'PipeSet', column: 'b', child: { kind: 'PipeSet', column: 'a', child: t } });
    rejects('TABLE t |> SET a.b = 1');
  });

  it('AS, JOIN, set operations and relation extensions map to their plain plans', () => {
    validateIdentity('TABLE t |> AS v', 'FROM t AS v');
    validateIdentity('TABLE t |> WHERE a = 1 |> AS v', 'TABLE t |> WHERE a = 1 |> AS v');
    expect(validateIdentity('TABLE t |> JOIN u ON t.a = u.a', 'FROM t JOIN u ON t.a = u.a')).toMatchObject({ kind: 'Join', left: t });
    expect(validateIdentity('TABLE t |> UNION ALL (TABLE u |> WHERE b)')).toMatchObject({ kind: 'SetOperation', op: 'UNION', all: true });
    validateIdentity('TABLE t |> TABLESAMPLE (10 PERCENT)', 'FROM t TABLESAMPLE (10 PERCENT)');
    validateIdentity("TABLE t |> PIVOT (sum(e) FOR k IN ('a', 'b'))", "FROM t PIVOT (sum(e) FOR k IN ('a', 'b'))");
    rejects('TABLE t |> UNION BY NAME TABLE u');
  });

  it('applies to everything before it, with the lowest precedence', () => {
    const p = validateIdentity('TABLE a UNION TABLE b |> WHERE x INTERSECT TABLE c');
    expect(p).toMatchObject({ kind: 'SetOperation', op: 'INTERSECT', left: { kind: 'Filter', child: { kind: 'PipeOperator', child: { kind: 'SetOperation', op: 'UNION' } } } });
    validateIdentity('TABLE a UNION (TABLE b |> WHERE c)', 'TABLE a UNION (TABLE b |> WHERE c)');
  });

  it('AGGREGATE prepends its keys, allows key aliases, and is marked pipe', () => {
    const p = validateIdentity('TABLE t |> AGGREGATE sum(b) AS s GROUP BY a + 1 AS k, c', 'TABLE t |> AGGREGATE sum(b) AS s GROUP BY a + 1 AS k, c');
    expect(p).toMatchObject({ kind: 'Aggregate', pipe: true, groupingExpressions: [{ kind: 'Alias', name: 'k' }, col('c')] });
    expect(p).toMatchObject({ aggregateExpressions: [{ kind: 'Alias', name: 'k' }, col('c'), { kind: 'Alias', name: 's' }] });
    validateIdentity('TABLE t |> AGGREGATE count(1)', 'TABLE t |> AGGREGATE count(1)');
    validateIdentity('TABLE t |> AGGREGATE GROUP BY 1, 2', 'TABLE t |> AGGREGATE GROUP BY 1, 2');
    rejects('TABLE t |> AGGREGATE');
    rejects('TABLE t |> AGGREGATE sum(a) GROUP BY ALL');
    rejects('TABLE t |> AGGREGATE sum(a) GROUP BY ROLLUP(a, b)');
    rejects('TABLE t |> AGGREGATE sum(a), grouping(b) GROUP BY b');
  });

  it('takes one result clause over the PipeOperator marker', () => {
    expect(validateIdentity('TABLE t |> ORDER BY a |> LIMIT 2 OFFSET 1')).toMatchObject({
      kind: 'Limit',
      child: { kind: 'Offset', child: { kind: 'PipeOperator', child: { kind: 'Sort', child: { kind: 'PipeOperator' } } } },
    });
    validateIdentity('(TABLE t |> ORDER BY a) LIMIT 1', '(TABLE t |> ORDER BY a) LIMIT 1');
    validateIdentity('TABLE t |> DISTRIBUTE BY a SORT BY b');
    rejects('TABLE t |> ORDER BY a LIMIT 1');
    rejects('TABLE t |> WINDOW w AS (ORDER BY a)');
    rejects('TABLE t |> WHERE a WINDOW w AS (ORDER BY a)');
  });

  it('chains a long pipeline and prints it back', () => {
    validateIdentity(
      `FROM store_sales ss1
       |> WHERE ss_store_sk = 4
       |> AGGREGATE avg(ss_net_profit) rank_col GROUP BY ss_item_sk AS item_sk
       |> SELECT item_sk, rank() OVER (ORDER BY rank_col) rnk
       |> AS v11
       |> WHERE rnk < 11
       |> JOIN item i1 ON i1.i_item_sk = v11.item_sk
       |> ORDER BY rnk
       |> LIMIT 100`,
    );
  });

  it('substitutes a pipe SELECT WINDOW clause into the select list', () => {
    const p = validateIdentity('TABLE t |> SELECT sum(a) OVER w AS s WINDOW w AS (ORDER BY b)', 'SELECT sum(a) OVER (ORDER BY b) AS s FROM t');
    expect(p).toMatchObject({ kind: 'Project', projectList: [{ kind: 'Alias', child: { kind: 'WindowExpression', window: { orderBy: [{}] } } }] });
    rejects('TABLE t |> SELECT sum(a) OVER w9 WINDOW w AS (ORDER BY b)');
  });

  it('accepts a single | before a pipe operator word', () => {
    expect(parseSql('TABLE t | EXTEND 1 AS z')).toEqual(parseSql('TABLE t |> EXTEND 1 AS z'));
  });
});
