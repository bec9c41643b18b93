/**
 * The embedding bundle in a bare engine: dist/leafguard.min.js (built by `npm test` before vitest
 * runs) is evaluated in QuickJS, which has no Node globals, and must parse corpus statements to
 * the same plans, and fail with the same errors, as the library does under Node.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { getQuickJS, type QuickJSContext } from 'quickjs-emscripten';
import { parseSql, SqlParseError } from '../src/parser/index.js';
import { loadCorpus, sparkParsed } from '../src/cli/corpus.js';

const BUNDLE = 'dist/leafguard.min.js';
const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';

/** What one parse produced, as JSON text so that both engines are compared byte for byte. */
type Outcome = string;

/** Runs in both engines: a plan, or the error's identity and position. */
const OUTCOME_SOURCE = `(function (parseSql, sql) {
  try {
    return JSON.stringify({ plan: parseSql(sql) });
  } catch (e) {
    return JSON.stringify({ error: e.name, code: e.code, line: e.line, column: e.column, message: e.message });
  }
})`;
const outcomeInNode = (0, eval)(OUTCOME_SOURCE) as (parse: typeof parseSql, sql: string) => Outcome;

/** Statements that must fail, in different ways, besides the corpus' own rejects. */
const ERROR_CASES = [
  "SELECT 'abc",
  'SELECT 1 /* open /* nested */',
  'SELECT a\nFROM t WHERE',
  'SELECT # FROM t',
  'SELECT ' + '('.repeat(300) + '1' + ')'.repeat(300),
  'SELECT 12345678901234567890Y',
];

function statements(): string[] {
  const rows = existsSync(CORPUS) ? loadCorpus(CORPUS) : [];
  const parsed = rows.filter(sparkParsed).map((r) => r.sql);
  const rejected = rows.filter((r) => !sparkParsed(r)).map((r) => r.sql);
  const spaced = (xs: string[], n: number) => (xs.length <= n ? xs : Array.from({ length: n }, (_, i) => xs[Math.floor((i * xs.length) / n)]!));
  return [...spaced(parsed, 40), ...spaced(rejected, 10), ...ERROR_CASES];
}

describe('dist/leafguard.min.js in QuickJS', () => {
  let vm: QuickJSContext;

  beforeAll(async () => {
    if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run \`npm run build\` (npm test does)`);
    const QuickJS = await getQuickJS();
    vm = QuickJS.newContext();
    vm.unwrapResult(vm.evalCode(readFileSync(BUNDLE, 'utf8'), 'leafguard.min.js')).dispose();
  });

  afterAll(() => vm?.dispose());

  function evalString(code: string): string {
    const handle = vm.unwrapResult(vm.evalCode(code));
    try {
      return vm.getString(handle);
    } finally {
      handle.dispose();
    }
  }

  it('runs without Node globals', () => {
    expect(evalString('typeof process + typeof require + typeof Buffer + typeof setTimeout')).toBe('undefined'.repeat(4));
    expect(evalString('typeof globalThis.leafguard.parseSql')).toBe('function');
  });

  it('parses corpus statements to the same plans and errors as Node', () => {
    const sqls = statements();
    expect(sqls.length).toBeGreaterThanOrEqual(ERROR_CASES.length);
    const inQuickJs = JSON.parse(evalString(`JSON.stringify(${JSON.stringify(sqls)}.map((sql) => ${OUTCOME_SOURCE}(globalThis.leafguard.parseSql, sql)))`)) as Outcome[];
    const inNode = sqls.map((sql) => outcomeInNode(parseSql, sql));
    for (let i = 0; i < sqls.length; i++) expect({ sql: sqls[i], outcome: inQuickJs[i] }).toEqual({ sql: sqls[i], outcome: inNode[i] });
    // Both kinds of outcome were exercised.
    const errors = inNode.filter((o) => o.startsWith('{"error"'));
    expect(errors.length).toBeGreaterThanOrEqual(ERROR_CASES.length);
    expect(inNode.length - errors.length).toBeGreaterThanOrEqual(existsSync(CORPUS) ? 30 : 0);
  });

  it('throws SqlParseError instances from the bundle', () => {
    expect(evalString(`(() => { try { leafguard.parseSql('SELECT FROM WHERE'); return 'no error'; } catch (e) { return String(e instanceof leafguard.SqlParseError) + ' ' + e.code; } })()`)).toBe(
      'true PARSE_SYNTAX_ERROR',
    );
    expect(() => parseSql('SELECT FROM WHERE')).toThrow(SqlParseError);
  });

  it('analyses and secures a query in QuickJS exactly as in Node', async () => {
    const { createCatalog, createEngine, loadPolicies } = await import('../src/index.js');
    const catalogJson = readFileSync('examples/catalog.json', 'utf8');
    // The bundle reads policy text as JSON: the example's YAML is handed over as an object.
    const { parse } = await import('yaml');
    const policyJson = JSON.stringify(parse(readFileSync('examples/policies.yaml', 'utf8')));
    const sql = readFileSync('examples/query.sql', 'utf8');
    const identity = { user: 'alice', groups: ['analysts'], attributes: { region: 'EMEA' } };
    const run = `(function (lg) {
      const engine = lg.createEngine({ catalog: lg.createCatalog(${JSON.stringify(catalogJson)}), policies: lg.loadPolicies(${JSON.stringify(policyJson)}) });
      const r = engine.rewrite(${JSON.stringify(sql)}, ${JSON.stringify(identity)}, { now: '2026-02-01T00:00:00Z' });
      return JSON.stringify({ decision: r.decision, sql: r.sql, scans: r.scans });
    })(globalThis.leafguard)`;
    const inQuickJs = JSON.parse(evalString(run)) as { decision: string; sql: string };
    const node = createEngine({ catalog: createCatalog(catalogJson), policies: loadPolicies(policyJson) }).rewrite(sql, identity, { now: '2026-02-01T00:00:00Z' });
    expect(inQuickJs.decision).toBe('allow');
    expect(inQuickJs).toEqual({ decision: node.decision, sql: node.sql, scans: node.scans });
  });
});
