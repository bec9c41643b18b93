/**
 * `leafguard corpus <expected.jsonl> [--json] [--failures]`: parse coverage of a corpus of Spark
 * statements, split by Spark's own outcome, with a parse → print → parse round-trip check.
 */
import { readFileSync } from 'node:fs';
import { parseSql } from '../parser/index.js';
import { SqlParseError } from '../parser/errors.js';
import { printPlan } from '../plan/print/index.js';

export interface CorpusRow {
  file: string;
  index: number;
  sql: string;
  schema?: string;
  error: { exception?: string; errorClass?: string } | null;
}

interface Split {
  statements: number;
  accepted: number;
  /** Accepted as an `UnsupportedStatement` (recognised, not modelled yet: the engine refuses it). */
  unsupported: number;
  rejected: number;
  roundTripFailures: number;
}

export interface CorpusReport extends Split {
  bySpark: { parsed: Split; parseException: Split };
  failures?: { file: string; index: number; sql: string; sparkParsed: boolean; problem: string }[];
}

export function loadCorpus(path: string): CorpusRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as CorpusRow);
}

export function sparkParsed(row: CorpusRow): boolean {
  return !(row.error?.exception ?? '').includes('ParseException');
}

function emptySplit(): Split {
  return { statements: 0, accepted: 0, unsupported: 0, rejected: 0, roundTripFailures: 0 };
}

/** Parses, prints and re-parses one statement; returns null when all is well. */
export function roundTrip(sql: string): { accepted: boolean; unsupported: boolean; problem: string | null } {
  let plan;
  try {
    plan = parseSql(sql);
  } catch (e) {
    if (e instanceof SqlParseError) return { accepted: false, unsupported: false, problem: `${e.code}: ${e.reason}` };
    return { accepted: false, unsupported: false, problem: `CRASH: ${String(e)}` };
  }
  const unsupported = plan.kind === 'UnsupportedStatement';
  let printed = '';
  try {
    printed = printPlan(plan);
    const again = parseSql(printed);
    if (JSON.stringify(again) !== JSON.stringify(plan)) return { accepted: true, unsupported, problem: `ROUND_TRIP_DIFFERS: ${printed}` };
  } catch (e) {
    return { accepted: true, unsupported, problem: `ROUND_TRIP_FAILED: ${String(e instanceof SqlParseError ? e.reason : e)} in: ${printed}` };
  }
  return { accepted: true, unsupported, problem: null };
}

export function corpusReport(rows: CorpusRow[], withFailures: boolean): CorpusReport {
  const total = emptySplit();
  const parsed = emptySplit();
  const parseException = emptySplit();
  const failures: NonNullable<CorpusReport['failures']> = [];
  for (const row of rows) {
    const split = sparkParsed(row) ? parsed : parseException;
    const r = roundTrip(row.sql);
    for (const s of [total, split]) {
      s.statements++;
      if (r.accepted) s.accepted++;
      else s.rejected++;
      if (r.unsupported) s.unsupported++;
      if (r.accepted && r.problem !== null) s.roundTripFailures++;
    }
    const wrong = sparkParsed(row) ? r.problem !== null : r.accepted;
    if (withFailures && wrong) {
      failures.push({ file: row.file, index: row.index, sql: row.sql, sparkParsed: sparkParsed(row), problem: r.problem ?? 'ACCEPTED (Spark raised a ParseException)' });
    }
  }
  return { ...total, bySpark: { parsed, parseException }, ...(withFailures ? { failures } : {}) };
}
