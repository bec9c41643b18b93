/**
 * The Node entries (`leafguard` and `leafguard/parser` under Node's `node` export condition:
 * dist/node/, one script with a V8 code cache) and the ES module bundles (dist/*.js, built with
 * chevrotain's start-up paths rewritten, scripts/lean-chevrotain.mjs) export the same names and
 * parse, print and secure exactly as the sources do.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parseSql } from '../../src/parser/index.js';
import { printPlan } from '../../src/plan/print/index.js';
import { createCatalog, createEngine, loadPolicies } from '../../src/index.js';
import { loadCorpus, sparkParsed } from '../../src/cli/corpus.js';
import { lastJson, requireBuild, runNode } from './child.js';

const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';

/** Statements that must fail, in different ways, besides the corpus' own rejects. */
const ERROR_CASES = ["SELECT 'abc", 'SELECT 1 /* open /* nested */', 'SELECT a\nFROM t WHERE', 'SELECT # FROM t', 'SELECT ' + '('.repeat(300) + '1' + ')'.repeat(300), 'SELECT FROM WHERE'];
/** Statements of many kinds, so that the test means something without the corpus too. */
const FIXED = [
  'SELECT a, b FROM t WHERE x > 1 ORDER BY a',
  "WITH q AS (SELECT id, max(v) OVER (PARTITION BY k ORDER BY ts) AS m FROM s) SELECT * FROM q UNION ALL SELECT 1, 2",
  'INSERT OVERWRITE TABLE t PARTITION (p = 1) SELECT * FROM s',
  'CREATE TABLE t (a INT, b MAP<STRING, ARRAY<INT>>) USING parquet',
  'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE',
  "SELECT CASE WHEN a RLIKE 'x' THEN 1 END, x -> x + 1, interval '1' day FROM t LATERAL VIEW explode(a) v AS c",
];

function statements(): string[] {
  const rows = existsSync(CORPUS) ? loadCorpus(CORPUS) : [];
  const spaced = (xs: string[], n: number) => (xs.length <= n ? xs : Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!));
  return [...FIXED, ...spaced(rows.filter(sparkParsed).map((r) => r.sql), 300), ...spaced(rows.filter((r) => !sparkParsed(r)).map((r) => r.sql), 60), ...ERROR_CASES];
}

/** Runs in both places: the plan and its printed text, or the error's identity and position. */
const OUTCOME_SOURCE = `(function (parseSql, toSql, sql) {
  try {
    const plan = parseSql(sql);
    return JSON.stringify({ plan, sql: toSql(plan) });
  } catch (e) {
    return JSON.stringify({ error: e.name, code: e.code, line: e.line, column: e.column, message: e.message, expected: e.expected });
  }
})`;
const outcome = (0, eval)(OUTCOME_SOURCE) as (parse: typeof parseSql, print: typeof printPlan, sql: string) => string;

/** The outcomes of `sqls` in a fresh process that imports `specifier`. */
function outcomesIn(specifier: string, sqls: string[]): string[] {
  return lastJson<string[]>(
    runNode(`
const { readFileSync } = await import('node:fs');
const { parseSql, toSql } = await import(${JSON.stringify(specifier)});
const sqls = JSON.parse(readFileSync(0, 'utf8'));
console.log(JSON.stringify(sqls.map((sql) => ${OUTCOME_SOURCE}(parseSql, toSql, sql))));`,
      { input: JSON.stringify(sqls) },
    ),
  );
}

describe('Node entries and ES module bundles', () => {
  beforeAll(requireBuild);

  it('resolve under Node to dist/node/', () => {
    const r = lastJson<string[]>(runNode(`console.log(JSON.stringify([import.meta.resolve('leafguard'), import.meta.resolve('leafguard/parser')]))`));
    expect(r.map((u) => u.replace(/^.*\/dist\//, 'dist/'))).toEqual(['dist/node/index.js', 'dist/node/parser.js']);
  });

  it('export what the ES module bundles export', () => {
    const names = lastJson<Record<string, string[]>>(
      runNode(`
const keys = async (s) => Object.keys(await import(s)).sort();
console.log(JSON.stringify({ index: await keys('leafguard'), indexEsm: await keys('./dist/index.js'), parser: await keys('leafguard/parser'), parserEsm: await keys('./dist/parser.js') }));`),
    );
    expect(names['index']).toEqual(names['indexEsm']);
    expect(names['parser']).toEqual(names['parserEsm']);
    expect(names['parser']).toContain('parseSql');
    expect(names['index']).toContain('createEngine');
  });

  it('parse and print corpus statements as the sources do', () => {
    const sqls = statements();
    const expected = sqls.map((sql) => outcome(parseSql, printPlan, sql));
    // Both kinds of outcome are exercised.
    expect(expected.filter((o) => o.startsWith('{"error"')).length).toBeGreaterThanOrEqual(ERROR_CASES.length);
    expect(expected.filter((o) => o.startsWith('{"plan"')).length).toBeGreaterThanOrEqual(FIXED.length);
    for (const specifier of ['leafguard/parser', 'leafguard', './dist/parser.js', './dist/index.js']) {
      const got = outcomesIn(specifier, sqls);
      for (let i = 0; i < sqls.length; i++) expect({ specifier, sql: sqls[i], outcome: got[i] }).toEqual({ specifier, sql: sqls[i], outcome: expected[i] });
    }
  });

  it('throw the SqlParseError class they export', () => {
    const r = lastJson<string[]>(
      runNode(`
const out = [];
for (const s of ['leafguard', 'leafguard/parser']) {
  const { parseSql, SqlParseError } = await import(s);
  try { parseSql('SELECT FROM WHERE'); out.push('no error'); } catch (e) { out.push(String(e instanceof SqlParseError) + ' ' + e.code); }
}
console.log(JSON.stringify(out));`),
    );
    expect(r).toEqual(['true PARSE_SYNTAX_ERROR', 'true PARSE_SYNTAX_ERROR']);
  });

  it('secure the example query as the sources do', () => {
    const catalog = readFileSync('examples/catalog.json', 'utf8');
    const policies = readFileSync('examples/policies.yaml', 'utf8');
    const sql = readFileSync('examples/query.sql', 'utf8');
    const identities = [{ user: 'alice', groups: ['analysts'], attributes: { region: 'EMEA' } }, { user: 'mallory', groups: [] }];
    const options = { now: '2026-02-01T00:00:00Z' };
    const engine = createEngine({ catalog: createCatalog(catalog), policies: loadPolicies(policies) });
    const expected = identities.map((id) => JSON.stringify(engine.rewrite(sql, id, options)));
    const got = lastJson<string[]>(
      runNode(`
const lg = await import('leafguard');
const engine = lg.createEngine({ catalog: lg.createCatalog(${JSON.stringify(catalog)}), policies: lg.loadPolicies(${JSON.stringify(policies)}) });
console.log(JSON.stringify(${JSON.stringify(identities)}.map((id) => JSON.stringify(engine.rewrite(${JSON.stringify(sql)}, id, ${JSON.stringify(options)})))));`),
    );
    expect(got).toEqual(expected);
    expect(JSON.parse(expected[0]!).decision).toBe('allow');
  });
});
