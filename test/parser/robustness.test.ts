/**
 * Robustness properties on arbitrary input: random token soups and mutated corpus statements.
 * - parseSql returns a plan or throws SqlParseError, nothing else, and every call finishes within
 *   HANG_MS (a hang detector, not a performance threshold);
 * - whatever parseSql accepts prints to SQL that parses to the identical plan.
 * Fixed seeds keep CI deterministic; raise NUM_RUNS locally (ROBUSTNESS_RUNS) to hunt for bugs.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { tokenize } from '../../src/parser/lexer.js';
import { printPlan } from '../../src/plan/print/index.js';
import { KEYWORD_SPELLINGS } from '../../src/parser/keywords.js';
import { loadCorpus, sparkParsed } from '../../src/cli/corpus.js';
import type { Plan } from '../../src/plan/logical.js';

const NUM_RUNS = Number(process.env['ROBUSTNESS_RUNS'] ?? 300);
const SEED = Number(process.env['ROBUSTNESS_SEED'] ?? 20240611);
const HANG_MS = 2000;
const CORPUS = '../shared/corpus/spark-sql-tests/expected.jsonl';

type Outcome = { readonly plan: Plan } | { readonly error: SqlParseError };

/** Parses `sql`; anything thrown but a SqlParseError, or a call over HANG_MS, fails the property. */
function parseChecked(sql: string): Outcome {
  const started = performance.now();
  let outcome: Outcome;
  try {
    outcome = { plan: parseSql(sql) };
  } catch (e) {
    if (!(e instanceof SqlParseError)) throw new Error(`parseSql threw ${String(e)} (not a SqlParseError)`, { cause: e });
    outcome = { error: e };
  }
  const ms = performance.now() - started;
  if (ms > HANG_MS) throw new Error(`parseSql took ${ms.toFixed(0)} ms`);
  return outcome;
}

/** Accepted input must round-trip: print → parse gives the identical plan. */
function roundTrips(sql: string): boolean {
  const first = parseChecked(sql);
  if (!('plan' in first)) return true;
  const printed = printPlan(first.plan);
  const again = parseChecked(printed);
  if (!('plan' in again)) throw new Error(`print of an accepted plan does not parse: ${printed} (${again.error.reason})`);
  expect(again.plan).toEqual(first.plan);
  return true;
}

// ---- generators ---------------------------------------------------------------------------------

const COMMON_KEYWORDS = [
  'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'ORDER', 'HAVING', 'LIMIT', 'JOIN', 'LEFT', 'ON', 'AS', 'AND', 'OR', 'NOT',
  'IN', 'IS', 'NULL', 'CASE', 'WHEN', 'THEN', 'ELSE', 'END', 'UNION', 'ALL', 'DISTINCT', 'WITH', 'OVER', 'PARTITION',
  'CAST', 'BETWEEN', 'LIKE', 'EXISTS', 'INTERVAL', 'LATERAL', 'VIEW', 'VALUES', 'TABLE', 'INSERT', 'INTO', 'CREATE',
  'TRUE', 'FALSE', 'ARRAY', 'MAP', 'STRUCT', 'INT', 'STRING', 'DECIMAL', 'TIMESTAMP', 'DATE', 'X',
];
const ALL_KEYWORDS = Object.values(KEYWORD_SPELLINGS).flat();
const OPERATORS = [
  '(', ')', '(', ')', ',', '.', '*', '+', '-', '/', '%', '=', '==', '<', '>', '<=', '>=', '<>', '!=', '<=>', '||', '|>',
  '&', '|', '^', '~', '!', '::', ':', '->', '=>', '[', ']', '{', '}', ';', '?', '@',
];
const identifier = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/);
const literal = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
  fc.constantFrom('1L', '2Y', '3S', '1.5', '1.5BD', '2D', '1e10', '.5', '12345678901234567890', '99999999999999999999Y'),
  fc.string({ maxLength: 6 }).map((s) => `'${s.replace(/['\\]/g, '')}'`),
  fc.constantFrom("X'0A'", "DATE '2020-01-01'", "TIMESTAMP 'x'", "INTERVAL '1' DAY", "r'\\d'", '`a``b`', '"dq"'),
);
const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...COMMON_KEYWORDS) },
  { weight: 1, arbitrary: fc.constantFrom(...ALL_KEYWORDS) },
  { weight: 3, arbitrary: identifier },
  { weight: 4, arbitrary: fc.constantFrom(...OPERATORS) },
  { weight: 2, arbitrary: literal },
);
const soup = fc.tuple(fc.constantFrom('', 'SELECT ', 'SELECT * FROM t WHERE ', 'SELECT a FROM t '), fc.array(token, { maxLength: 25 }), fc.constantFrom(' ', '')).map(
  ([prefix, tokens, sep]) => prefix + tokens.join(sep),
);

const corpusRows = existsSync(CORPUS) ? loadCorpus(CORPUS) : [];
/** Statements Spark parses that we accept and round-trip today, up to 400 characters (keeps runs fast). */
const seeds = corpusRows
  .filter((r) => sparkParsed(r) && r.sql.length <= 400)
  .map((r) => r.sql)
  .filter((sql) => {
    try {
      const plan = parseSql(sql);
      return JSON.stringify(parseSql(printPlan(plan))) === JSON.stringify(plan);
    } catch {
      return false;
    }
  });
const FALLBACK_SEEDS = ['SELECT a, b + 1 AS c FROM t WHERE x > 1 GROUP BY a ORDER BY c DESC LIMIT 10'];

type Mutation =
  | { readonly op: 'delete' | 'duplicate' | 'swap'; readonly at: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'junk'; readonly at: number; readonly text: string };
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('junk' as const), at: fc.nat(), text: fc.constantFrom("'", '"', '`', '(', ')', '/*', '*/', '--', '#', ',', '\\', ';', '$', 'é', '\u0000') }),
);

/** Applies token-level mutations (positions taken modulo the current token count). */
function mutate(sql: string, mutations: readonly Mutation[]): string {
  let text = sql;
  for (const m of mutations) {
    let spans: { start: number; end: number }[];
    try {
      spans = tokenize(text, { maxLength: 1_000_000, maxTokens: 200_000 }).map((t) => ({ start: t.startOffset, end: t.endOffset! + 1 }));
    } catch {
      spans = [];
    }
    if (m.op === 'junk' || spans.length === 0) {
      const at = m.at % (text.length + 1);
      text = text.slice(0, at) + (m.op === 'junk' ? m.text : ' ') + text.slice(at);
      continue;
    }
    const i = m.at % spans.length;
    const s = spans[i]!;
    const image = text.slice(s.start, s.end);
    if (m.op === 'delete') text = text.slice(0, s.start) + text.slice(s.end);
    else if (m.op === 'duplicate') text = text.slice(0, s.end) + ' ' + image + text.slice(s.end);
    else if (m.op === 'truncate') text = text.slice(0, s.start);
    else {
      const n = spans[(i + 1) % spans.length]!;
      if (n.start > s.start) text = text.slice(0, s.start) + text.slice(n.start, n.end) + text.slice(s.end, n.start) + image + text.slice(n.end);
    }
  }
  return text;
}
const pool = seeds.length > 0 ? seeds : FALLBACK_SEEDS;
const mutated = fc.tuple(fc.nat({ max: pool.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([i, ms]) => mutate(pool[i]!, ms));

const params = { seed: SEED, numRuns: NUM_RUNS };

describe('robustness on arbitrary input', () => {
  it('has corpus statements to mutate', () => {
    expect(seeds.length).toBeGreaterThan(existsSync(CORPUS) ? 1000 : -1);
  });

  it('token soups: a plan or a SqlParseError, in bounded time', () => {
    fc.assert(fc.property(soup, (sql) => void parseChecked(sql)), params);
  });

  it('mutated corpus statements: a plan or a SqlParseError, in bounded time', () => {
    fc.assert(fc.property(mutated, (sql) => void parseChecked(sql)), params);
  });

  it('token soups that parse round-trip', () => {
    fc.assert(fc.property(soup, roundTrips), params);
  });

  it('mutated corpus statements that parse round-trip', () => {
    fc.assert(fc.property(mutated, roundTrips), params);
  });

  it('round-trips the shapes fuzzing once found printing wrongly', () => {
    const shapes = ['SELECT 0 . a', "SELECT * FROM (VALUES 'a'), t", 'SELECT * FROM (t AS g) ss', "SELECT * FROM VALUES ('a' x), ('b')", 'SELECT sum(x) OVER w FROM t WINDOW w AS (ORDER BY x)'];
    for (const sql of shapes) expect(roundTrips(sql)).toBe(true);
  });

  it('the mutations produce both accepted and rejected statements', () => {
    const sample = fc.sample(mutated, { seed: SEED, numRuns: 200 }).map(parseChecked);
    expect(sample.some((o) => 'plan' in o)).toBe(true);
    expect(sample.some((o) => 'error' in o)).toBe(true);
  });
});
