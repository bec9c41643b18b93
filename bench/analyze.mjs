/**
 * `npm run bench` (second part): analyzer time per statement over the Spark corpus, beside
 * parse time and dt-sql-parser's parse of the same statements, in one process.
 *
 * Each corpus file replays in order in a fresh session (its CREATE statements build the
 * catalog, as in the corpus report). For every query the session analyses, we time, over ROUNDS
 * rounds, leafguard's parse alone, its analyze alone (of the parsed plan) and dt-sql-parser's
 * parse; a statement's time is its median over the rounds. Queries do not change a session, so
 * re-analysing them in place is safe. The first measurements of each statement are cold-ish
 * (few rounds per statement), so these are upper bounds beside the parse bench's figures. Results go to bench/results/analyze-latest.json.
 *
 * Env: BENCH_ROUNDS (default 7).
 */
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT, CORPUS, ensureDtBundle, median, mean } from './parsers.mjs';
import { grammarDefine } from '../scripts/bundle.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** The library and the corpus runner's built-in tables, bundled together (one module instance). */
async function loadLeafguard() {
  const cache = join(ROOT, '.bench-cache');
  mkdirSync(cache, { recursive: true });
  const entry = join(cache, 'analyze-entry.mjs');
  writeFileSync(entry, `export * from ${JSON.stringify(join(ROOT, 'src/embed.ts'))};\nexport { SQL_QUERY_TEST_TABLES } from ${JSON.stringify(join(ROOT, 'src/cli/corpus-analyze.ts'))};\n`);
  const outfile = join(cache, 'analyze-bundle.mjs');
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, define: await grammarDefine(), logLevel: 'warning' });
  return import(pathToFileURL(outfile).href);
}

const lg = await loadLeafguard();
const { SparkSQL } = await import(pathToFileURL(await ensureDtBundle()).href);
const SQL_QUERY_TEST_TABLES = lg.SQL_QUERY_TEST_TABLES;
const spark = new SparkSQL();

const rows = readFileSync(CORPUS, 'utf8')
  .split('\n')
  .filter((l) => l.trim().length > 0)
  .map((l) => JSON.parse(l));

// Each query is timed where it stands in its file (later statements may drop what it reads):
// one warm-up, then ROUNDS rounds of leafguard parse, leafguard analyze and dt-sql-parser parse.
const parseT = [];
const analyzeT = [];
const dtT = [];
let session = null;
let file = '';
for (const row of rows) {
  if (row.file !== file) {
    session = lg.createSession({ catalog: SQL_QUERY_TEST_TABLES });
    file = row.file;
  }
  let plan;
  try {
    plan = lg.parseSql(row.sql);
  } catch {
    continue;
  }
  try {
    session.analyzeParsed(plan);
  } catch {
    continue;
  }
  if (!isQueryPlan(plan)) continue;
  const p = [];
  const a = [];
  const d = [];
  for (let r = 0; r < ROUNDS; r++) {
    let t = performance.now();
    lg.parseSql(row.sql);
    p.push((performance.now() - t) * 1000);
    t = performance.now();
    session.analyzeParsed(plan);
    a.push((performance.now() - t) * 1000);
    t = performance.now();
    try {
      spark.parse(row.sql, () => {});
    } catch {
      // timed all the same
    }
    d.push((performance.now() - t) * 1000);
  }
  parseT.push(p);
  analyzeT.push(a);
  dtT.push(d);
}
const cases = parseT;

function isQueryPlan(p) {
  return ['Project', 'Aggregate', 'Filter', 'Sort', 'Limit', 'Offset', 'Distinct', 'SetOperation', 'With', 'InlineTable', 'UnresolvedRelation', 'SubqueryAlias', 'Join', 'Generate', 'Pivot', 'Unpivot', 'Repartition', 'WithWindowDefinition', 'Hint', 'UnresolvedHaving', 'Qualify', 'Sample', 'TableValuedFunction', 'PipeOperator', 'PipeSet'].includes(p.kind);
}

const per = (ts) => ts.map(median);
const summary = (name, ts) => {
  const v = per(ts);
  return { name, median: median(v), mean: mean(v) };
};
const res = [summary('leafguard parse', parseT), summary('leafguard analyze', analyzeT), summary('dt-sql-parser parse', dtT)];
const both = per(parseT).map((p, i) => p + per(analyzeT)[i]);
res.push({ name: 'leafguard parse + analyze', median: median(both), mean: mean(both) });
console.log(`\nAnalyzer over the corpus: ${cases.length} queries in their files' sessions, ${ROUNDS} rounds (µs per statement)`);
for (const r of res) console.log(`  ${r.name.padEnd(28)} median ${r.median.toFixed(1).padStart(7)}  mean ${r.mean.toFixed(1).padStart(7)}`);
const dt = res[2];
const pa = res[3];
console.log(`  dt-sql-parser parse ÷ leafguard parse + analyze: median ${(dt.median / pa.median).toFixed(2)}×, mean ${(dt.mean / pa.mean).toFixed(2)}×`);
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/analyze-latest.json'), JSON.stringify({ at: new Date().toISOString(), queries: cases.length, rounds: ROUNDS, results: res }, null, 2) + '\n');
