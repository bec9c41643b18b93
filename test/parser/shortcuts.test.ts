/**
 * The grammar's shortcuts (code that reads what a rule or a choice would, without going through
 * it) against the rules themselves: every corpus statement, and statements built around the
 * shortcuts' edges, must give the same plan with the same positions, or the same error, with and
 * without them, in both keyword modes and close to the nesting limit.
 */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { parseSql, parseSqlWithoutShortcuts } from '../../src/parser/parser.js';
import { positionOf } from '../../src/parser/positions.js';
import type { ParseOptions } from '../../src/parser/options.js';
import { loadCorpus } from '../../src/cli/corpus.js';

const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';

/** The plan as JSON with `@offset` after every node that has a position, or the error. */
function outcome(parse: typeof parseSql, sql: string, options?: Partial<ParseOptions>): string {
  let plan;
  try {
    plan = parse(sql, options);
  } catch (e) {
    const { name, code, message, line, column, expected } = e as Record<string, unknown>;
    return JSON.stringify({ name, code, message, line, column, expected });
  }
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (x === null || typeof x !== 'object') {
      out.push(JSON.stringify(x));
      return;
    }
    const at = positionOf(x);
    out.push(Array.isArray(x) ? '[' : `{@${at ?? ''}`);
    for (const [k, v] of Object.entries(x)) {
      out.push(`${k}:`);
      walk(v);
    }
    out.push(Array.isArray(x) ? ']' : '}');
  };
  walk(plan);
  return out.join(' ');
}

function differences(statements: readonly string[], options?: Partial<ParseOptions>): string[] {
  return statements.filter((sql) => outcome(parseSql, sql, options) !== outcome(parseSqlWithoutShortcuts, sql, options));
}

/** Expressions around the shortcuts' edges: what ends or continues an operand, a list, a call, a type. */
const EDGE_EXPRESSIONS = [
  'a.b.c', 't.*', 't.* EXCEPT (a)', 'a.b(c)', 'a.b[0]', 'a.b::int', 'a.`x y`', 'a.from', 'a.1', 'a.', '*', '* EXCEPT (a)',
  'a = b AND c <> d OR e >= f', 'a >> b', 'a > > b', 'a - -1', 'a -1', '- a', '-1.5e3', 'NOT a', '!a', "'a' 'b'", "DATE '2020-01-01'", "X'00'",
  "INTERVAL 1 DAY", "INTERVAL '1' DAY", 'trim(BOTH FROM a)', 'extract(year FROM a)', '128Y', '1.5L', '?', ':p', 'f(?, ?)', '? + ?',
  'f(a) IS NULL', 'f(a) BETWEEN 1 AND 2 AND c', 'a NOT IN (1, ?)', "a LIKE b ESCAPE 'x'", 'a ! IN (1)', 'a IS NOT DISTINCT FROM b', 'a IS UNKNOWN',
  'a IS NOT NULL IS NULL', 'a IS', 'a IS NOT', 'a IN ()', 'a IN (,)', 'a IN (1, )', 'a IN (SELECT 1)', 'a NOT IN ((SELECT 1))', '(a, b) IN ((1, 2))',
  'cast(? AS int)', '(SELECT ?)', 'f(x -> x + ?)', 'f(a => ?)', 'f(1 => 2)', 'f(DISTINCT a)', 'f(ALL a)', 'f(all)', 'f(distinct)', 'count(*)', 'f(*, a)',
  'f(-1, *)', 'f(a, )', 'f(,)', 'f()', 'f(a) FILTER (WHERE b)', 'f(a) OVER w', 'f(a) IGNORE NULLS', 'f(a).b', 'f(a)[0]', 'f(a)::int',
  'CASE WHEN a THEN b END.c', 'CASE END', 'CASE a END', 'CASE WHEN a END', 'CASE WHEN a THEN b', 'CASE WHEN a THEN b ELSE END', 'CASE * WHEN 1 THEN 2 END',
  'CASE a WHEN 1 THEN 2 WHEN 3 THEN 4 ELSE 5 END', '(a).b', '((a))', '(a AS b)', '(a AS b, c)', '(x) -> x', '()', '(,)', '(select)', '(*)', '(-a)',
  'exists(a)', 'identifier(a)', 'cast(a)', 'cast(a AS)', 'cast(a, b)', 'try_cast(a AS int)', 'cast(a AS decimal(10, 2))', 'cast(a AS int(5))',
  'cast(a AS varchar(3))', 'cast(a AS decimal(1.5))', 'cast(a AS decimal(10,))', 'cast(a AS string COLLATE utf8_lcase)',
  'cast(a AS timestamp WITH LOCAL TIME ZONE)', 'a AS x', 'a x', 'a AS `y z`', 'a AS (p, q)', 'a (p, q)', 'a AS select', 'a from', 'a join',
  'a + b * c - d', 'a = b = c', 'a + b >> c', 'a + b > > c', 'a + b +', 'a + b IS NULL AND c', 'a AND b AND c OR d AND e OR f', 'a OR b AND c',
  'a = b AND', 'a = f(b) AND c.d < 1 OR e',
  "a LIKE 'x%'", "a NOT LIKE 'x' AND b", "a ! ILIKE 'x' OR c", "a LIKE 'x' ESCAPE '/'", "a LIKE 'x' 'y'", "a LIKE 'x' || 'y'", "a LIKE 'x'::string",
  "a LIKE 'x' IS NULL", "a LIKE ANY ('x', 'y')", "a LIKE 'x' (", "a LIKE 'x\\'", "a LIKE b", "a LIKE", "a ILIKE 'x' COLLATE utf8", "a LIKE 'x' > > 1",
];
/** Relations around the shortcuts' edges. */
const EDGE_RELATIONS = [
  'db.t AS x', '`u v`', 't y', 't AS y(a)', 't TABLESAMPLE (1 ROWS)', 't FOR VERSION AS OF 1', 't AS', 't.1', 'db.t.', "IDENTIFIER('t')",
  'range(1)', 't natural join u', 't anti join u', 't x.y', 't AS select', 't select',
  't JOIN u ON a = b LEFT JOIN v USING (c) RIGHT OUTER JOIN w CROSS JOIN x, y JOIN z', 't LEFT SEMI JOIN u', 't left anti join u on x',
  't JOIN LATERAL (SELECT 1) s', 't JOIN u APPROX NEAREST BY DISTANCE a', 't JOIN u EXACT', 't INNER u', 't LEFT', 't JOIN', 't JOIN u ON',
  't JOIN u USING', 't FULL OUTER JOIN u ON a PIVOT (sum(a) FOR b IN (1))', '(t JOIN u ON a)', 't JOIN u ON ? = ?',
  't JOIN u', 't JOIN u JOIN v ON a', 't JOIN u x ON x.a = t.a JOIN v y ON y.a = x.a WHERE a', 't JOIN u USING (a) JOIN v', 't JOIN u NATURAL JOIN v',
  't JOIN (SELECT 1) s ON a', 't JOIN u x ON', 't JOIN u ON a JOIN LATERAL (SELECT 1) s', 't JOIN u APPROX NEAREST BY SIMILARITY a JOIN v ON b',
  't JOIN u ON a, v JOIN w ON b', 't JOIN u ON a LATERAL VIEW explode(b) v', 't JOIN JOIN u', 't JOIN u ON a PIVOT (sum(a) FOR b IN (1))',
];
/** Query clauses around the shortcuts' edges. */
const EDGE_CLAUSES = [
  'WHERE a ORDER BY b', 'WHERE a GROUP BY b', 'WHERE a LATERAL VIEW explode(b) v', 'ORDER BY a DESC NULLS FIRST, b LIMIT 1', 'ORDER BY a NULLS',
  'ORDER BY a NULLS b', 'ORDER BY', 'ORDER BY a,', 'ORDER BY a LIMIT ALL', 'ORDER BY a LIMIT all + 1', 'LIMIT 1 OFFSET 2', 'LIMIT 1 ORDER BY a',
  'ORDER BY a SORT BY b', 'ORDER BY ? LIMIT ?', 'SORT BY a', 'LIMIT', 'ORDER BY a ASC DESC',
];
const EDGES = [
  ...EDGE_EXPRESSIONS.flatMap((e) => [`SELECT ${e} FROM t`, `SELECT * FROM t WHERE ${e}`]),
  ...EDGE_RELATIONS.map((r) => `SELECT * FROM ${r}`),
  ...EDGE_CLAUSES.flatMap((c) => [`SELECT * FROM t ${c}`, `SELECT 1 ${c}`]),
  // Set operators.
  'SELECT 1 UNION SELECT 2', 'SELECT 1 UNION ALL SELECT 2 EXCEPT DISTINCT SELECT 3 INTERSECT SELECT 4 MINUS SELECT 5 SETMINUS ALL SELECT 6',
  'SELECT 1 UNION BY NAME SELECT 2', 'SELECT 1 UNION ALL BY NAME SELECT 2 UNION SELECT 3', 'SELECT 1 UNION DISTINCT BY', 'SELECT 1 UNION BY x',
  'SELECT 1 UNION ALL', 'SELECT 1 UNION', 'SELECT 1 UNION ALL ALL SELECT 2', 'SELECT 1 UNION |> WHERE a', 'SELECT 1 |> WHERE a UNION SELECT 2',
  'SELECT 1 UNION SELECT 2 |> WHERE a UNION ALL SELECT 3', 'SELECT 1 UNION (SELECT 2) UNION TABLE t UNION VALUES (1) UNION FROM t SELECT a',
  'SELECT 1 UNION SELECT 2 ORDER BY 1', '(SELECT 1 UNION SELECT 2) UNION ALL SELECT 3', 'SELECT 1 UNION ALL SELECT 2 UNION ? SELECT 3',
  Array.from({ length: 40 }, (_, i) => `SELECT ${i}`).join(' UNION ALL '),
  `SELECT ${'f('.repeat(90)}a.b = c${')'.repeat(90)} FROM t`,
  `SELECT ${'CASE WHEN '.repeat(99)}a.b${' THEN f(a) END'.repeat(99)} FROM t`,
  `SELECT ${'(a + '.repeat(99)}1${')'.repeat(99)} FROM t`,
];

describe('the shortcuts stand for the rules', () => {
  it('on statements around their edges, in both keyword modes and with a low nesting limit', () => {
    expect(differences(EDGES)).toEqual([]);
    expect(differences(EDGES, { keywords: 'ansi' })).toEqual([]);
    expect(differences(EDGES, { maxDepth: 7 })).toEqual([]);
    // The statements do reach the shortcuts' errors and limits.
    expect(() => parseSql('SELECT 128Y FROM t')).toThrow(/does not fit in range/);
    expect(() => parseSql(EDGES[EDGES.length - 1]!, { maxDepth: 50 })).toThrow(/nested/);
    expect(() => parseSql(EDGES[EDGES.length - 4]!, { maxDepth: 7 })).toThrow(/joined by set operators/);
  });

  it.runIf(existsSync(CORPUS))('on every corpus statement, in both keyword modes', () => {
    const statements = loadCorpus(CORPUS).map((r) => r.sql);
    expect(differences(statements).slice(0, 5)).toEqual([]);
    expect(differences(statements, { keywords: 'ansi' }).slice(0, 5)).toEqual([]);
  });
});
