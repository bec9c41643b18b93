/**
 * `leafguard corpus <expected.jsonl> --analyze [--json] [--failures]`: analyzer fidelity over a
 * corpus of Spark statements. Each corpus file runs in order in a fresh session (its own CREATE
 * statements build its catalog). Reports, for queries Spark ran, how many we analyse and whether
 * our output schema (column count, names, types) equals Spark's; for statements Spark rejected
 * with an analysis error, how many we reject too, by Spark's error class.
 */
import { SqlParseError } from '../parser/errors.js';
import { parseSql } from '../parser/parser.js';
import { isStatement } from '../plan/print/statement.js';
import { AnalysisError } from '../plan/analysis/errors.js';
import { createSession, schemaOf, type SchemaField, type Session } from '../plan/analysis/session.js';
import type { CorpusRow } from './corpus.js';
import type { Plan } from '../plan/logical.js';
import { createCatalog } from '../plan/catalog/catalog.js';
import { aggregate, scalar, type FunctionDef } from '../plan/analysis/functions.js';
import { T } from '../plan/analysis/types.js';

export interface AnalyzeReport {
  statements: number;
  /** Queries (SELECT, WITH, VALUES, TABLE, FROM-first) Spark ran without error. */
  queries: {
    total: number;
    analyzed: number;
    sameCount: number;
    sameNames: number;
    sameTypes: number;
    /** Spark succeeded, we failed: by our error class. */
    failedBy: Record<string, number>;
  };
  /** Statements Spark rejected with an analysis error (any statement kind). */
  analysisErrors: {
    total: number;
    rejected: number;
    sameClass: number;
    /** By Spark's error class: [Spark's count, our rejections]. */
    byClass: Record<string, [number, number]>;
  };
  /** Anything other than a SqlParseError or AnalysisError: bugs, listed so the tests can insist on none. */
  crashes: { file: string; index: number; message: string }[];
  failures?: { file: string; index: number; sql: string; problem: string }[];
}

const TENK = 'unique1 unique2 two four ten twenty hundred thousand twothousand fivethous tenthous odd even'
  .split(' ')
  .map((name) => ({ name, type: 'int' }))
  .concat(['stringu1', 'stringu2', 'string4'].map((name) => ({ name, type: 'string' })));

/** The tables Spark's SQLQueryTestSuite creates before running the files (`createTestTables`). */
export const SQL_QUERY_TEST_TABLES = createCatalog({
  tables: [
    { name: 'default.testdata', format: 'parquet', columns: [{ name: 'key', type: 'int' }, { name: 'value', type: 'string' }] },
    { name: 'default.arraydata', format: 'parquet', columns: [{ name: 'arraycol', type: 'array<int>' }, { name: 'nestedarraycol', type: 'array<array<int>>' }] },
    { name: 'default.mapdata', format: 'parquet', columns: [{ name: 'mapcol', type: 'map<int,string>' }] },
    { name: 'default.aggtest', format: 'parquet', columns: [{ name: 'a', type: 'int' }, { name: 'b', type: 'float' }] },
    { name: 'default.onek', format: 'parquet', columns: TENK },
    { name: 'default.tenk1', format: 'parquet', columns: TENK },
  ],
});

/**
 * The test functions SQLQueryTestSuite registers for the files under `udf/` and `udaf/`
 * (IntegratedUDFTestUtils): `udf(x)` casts its input to string and back, so it returns its
 * input's type; `udaf(x)` is an aggregate returning int. Spark names calls `udf(x)`, `udaf(x)`.
 */
const TEST_UDF: FunctionDef = scalar('udf', 1, 1, ([a]) => ({ type: a!.type, nullable: true }));
const TEST_UDAF: FunctionDef = aggregate('udaf', 1, 1, () => ({ type: T.int, nullable: true }));

function testFunctionsFor(file: string): readonly FunctionDef[] {
  if (file.startsWith('udf/')) return [TEST_UDF];
  if (file.startsWith('udaf/')) return [TEST_UDAF];
  return [];
}

/** Configuration SQLQueryTestSuite sets for the files of a folder (TimestampNTZTestCase …). */
function confFor(file: string): Record<string, string> {
  return file.startsWith('timestampNTZ/') ? { 'spark.sql.timestampType': 'TIMESTAMP_NTZ' } : {};
}

const isAnalysisException = (e: string): boolean => /AnalysisException|NoSuch\w*Exception/.test(e);

/** `onPlan` sees every plan we analyse (the tests check plan integrity on each). */
export function analyzeCorpus(rows: readonly CorpusRow[], withFailures: boolean, onPlan?: (plan: Plan, row: CorpusRow, session: Session) => void): AnalyzeReport {
  const report: AnalyzeReport = {
    statements: rows.length,
    queries: { total: 0, analyzed: 0, sameCount: 0, sameNames: 0, sameTypes: 0, failedBy: {} },
    analysisErrors: { total: 0, rejected: 0, sameClass: 0, byClass: {} },
    crashes: [],
  };
  const failures: NonNullable<AnalyzeReport['failures']> = [];
  const fail = (row: CorpusRow, problem: string): void => {
    if (withFailures) failures.push({ file: row.file, index: row.index, sql: row.sql, problem });
  };
  let session: Session | null = null;
  let file = '';
  for (const row of rows) {
    if (row.file !== file || session === null) {
      session = createSession({ catalog: SQL_QUERY_TEST_TABLES, functions: testFunctionsFor(row.file), conf: confFor(row.file) });
      file = row.file;
    }
    const exception = row.error?.exception ?? '';
    if (exception.includes('ParseException')) continue;
    let isQuery = false;
    try {
      isQuery = !isStatement(parseSql(row.sql));
    } catch {
      // our parser rejects it: counted below through analyze's own error
    }
    let result: { schema: SchemaField[] } | { error: string };
    try {
      const plan = session.analyze(row.sql);
      onPlan?.(plan, row, session);
      result = { schema: schemaOf(plan) };
    } catch (e) {
      if (e instanceof AnalysisError) result = { error: e.errorClass };
      else if (e instanceof SqlParseError) result = { error: `PARSE:${e.code}` };
      else {
        result = { error: 'CRASH' };
        report.crashes.push({ file: row.file, index: row.index, message: String(e instanceof Error ? e.stack ?? e.message : e).slice(0, 500) });
      }
    }
    if (row.error === null && isQuery) {
      const q = report.queries;
      q.total++;
      if ('error' in result) {
        q.failedBy[result.error] = (q.failedBy[result.error] ?? 0) + 1;
        fail(row, `we fail: ${result.error}`);
        continue;
      }
      q.analyzed++;
      const cmp = compareSchema(row.schema ?? '', result.schema);
      if (cmp.count) q.sameCount++;
      if (cmp.names) q.sameNames++;
      if (cmp.types) q.sameTypes++;
      if (!cmp.names || !cmp.types) fail(row, `schema differs: spark ${row.schema} ours ${formatSchema(result.schema)}`);
    } else if (row.error !== null && isAnalysisException(exception)) {
      const a = report.analysisErrors;
      const cls = row.error.errorClass ?? exception;
      a.total++;
      const entry = (a.byClass[cls] ??= [0, 0]);
      entry[0]++;
      if ('error' in result) {
        a.rejected++;
        entry[1]++;
        if (result.error === cls) a.sameClass++;
      } else fail(row, `spark rejects with ${cls}; we accept`);
    }
  }
  if (withFailures) report.failures = failures;
  return report;
}

export function formatSchema(fields: readonly SchemaField[]): string {
  return `struct<${fields.map((f) => `${f.name}:${f.type}`).join(',')}>`;
}

/** Compares Spark's `struct<name:type,…>` (names unquoted) with our schema. */
export function compareSchema(spark: string, ours: readonly SchemaField[]): { count: boolean; names: boolean; types: boolean } {
  const body = spark.startsWith('struct<') && spark.endsWith('>') ? spark.slice(7, -1) : spark;
  // Walk Spark's text expecting our names in order; each type is read up to the next top-level comma.
  let at = 0;
  let names = true;
  let types = true;
  for (let i = 0; i < ours.length; i++) {
    const f = ours[i]!;
    const prefix = `${f.name}:`;
    if (!body.startsWith(prefix, at)) {
      names = false;
      break;
    }
    at += prefix.length;
    const end = typeEnd(body, at);
    if (body.slice(at, end) !== f.type) types = false;
    at = end + 1;
  }
  if (names && at < body.length) names = false;
  const count = names || topLevelCount(body) === ours.length;
  return { count, names, types: names && types };
}

function typeEnd(s: string, from: number): number {
  let depth = 0;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) return i;
  }
  return s.length;
}

function topLevelCount(body: string): number {
  if (body.length === 0) return 0;
  let n = 1;
  let depth = 0;
  for (const c of body) {
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) n++;
  }
  return n;
}
