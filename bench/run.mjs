/**
 * `npm run bench`: leafguard against dt-sql-parser (SparkSQL) and node-sql-parser (hive) on the
 * same fixed sample of Spark-parsed corpus statements, in one process, then the cold start.
 *
 * Two warm measurements:
 * - per statement: after warm-up passes, ROUNDS rounds; in each round every parser passes over
 *   the sample in turn (order rotating); a statement's time is its median over the rounds. The table gives the median and the mean of those per-statement times.
 * - benchmark.js: one cycle = one full pass over the sample; mean cycle time / N (± rme).
 * A parser that throws or reports errors on a statement still has that time counted; its error
 * rate is printed. Results go to bench/results/latest.json and bench/results/<date>.json.
 *
 * Env: BENCH_N (sample size, default 1000), BENCH_ROUNDS (default 7), BENCH_MAX_TIME (benchmark.js
 * seconds per suite entry, default 4), COLD_RUNS (default 10).
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import os from 'node:os';
import { ROOT, loadParsers, loadSparkParsed, fixedSample, median, mean } from './parsers.mjs';
import { coldStart, printColdStart } from './cold-start.mjs';

const N = Number(process.env.BENCH_N ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const MAX_TIME = Number(process.env.BENCH_MAX_TIME ?? 4);
const COLD_RUNS = Number(process.env.COLD_RUNS ?? 10);

const corpus = loadSparkParsed();
const sample = fixedSample(corpus, N);
const parsers = await loadParsers();

// Warm-up (fills chevrotain's and ANTLR's lookahead caches) and error rates.
const errors = new Map(parsers.map((p) => [p.name, 0]));
for (const p of parsers) {
  for (const sql of sample) if (!p.parse(sql)) errors.set(p.name, errors.get(p.name) + 1);
  for (const sql of sample) p.parse(sql);
}

// Per-statement times, µs. Each round runs every parser over the whole sample in turn (the order
// rotates per round), so a parser runs with its own code and caches hot, as in a service.
const times = new Map(parsers.map((p) => [p.name, sample.map(() => [])]));
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < parsers.length; k++) {
    const p = parsers[(k + round) % parsers.length];
    const own = times.get(p.name);
    for (let i = 0; i < sample.length; i++) {
      const t = performance.now();
      p.parse(sample[i]);
      own[i].push((performance.now() - t) * 1000);
    }
  }
}
const perStatement = new Map(parsers.map((p) => [p.name, times.get(p.name).map(median)]));

// benchmark.js: a cycle is a full pass over the sample.
const Benchmark = createRequire(join(ROOT, 'package.json'))('benchmark');
const suite = new Benchmark.Suite('warm parse');
const cycles = new Map();
for (const p of parsers) {
  const parse = p.parse;
  suite.add(p.name, () => {
    for (let i = 0; i < sample.length; i++) parse(sample[i]);
  }, { maxTime: MAX_TIME, minSamples: 5 });
}
suite.on('cycle', (e) => {
  const b = e.target;
  if (b.error) throw b.error;
  cycles.set(b.name, { meanUs: (b.stats.mean * 1e6) / sample.length, rme: b.stats.rme, samples: b.stats.sample.length });
});
suite.run({ async: false });

const lg = parsers[0].name;
const rows = parsers.map((p) => {
  const ps = perStatement.get(p.name);
  const c = cycles.get(p.name);
  return {
    parser: p.name,
    statements: sample.length,
    errors: errors.get(p.name),
    errorRate: errors.get(p.name) / sample.length,
    medianUs: median(ps),
    meanUs: mean(ps),
    p99Us: quantile(ps, 0.99),
    maxUs: Math.max(...ps),
    benchmarkMeanUs: c.meanUs,
    benchmarkRmePct: c.rme,
    benchmarkSamples: c.samples,
  };
});
const base = rows.find((r) => r.parser === lg);
for (const r of rows) {
  r.medianRatio = r.medianUs / base.medianUs;
  r.meanRatio = r.meanUs / base.meanUs;
  r.benchmarkRatio = r.benchmarkMeanUs / base.benchmarkMeanUs;
}

console.log(`\nWarm parse, ${sample.length} of ${corpus.length} Spark-parsed corpus statements (fixed sample), node ${process.version}, ${os.cpus()[0]?.model ?? '?'}`);
console.log(
  pad('parser', 18) + pad('statements', 12) + pad('errors', 14) + pad('median µs/stmt', 16) + pad('mean µs/stmt', 14) + pad('p99 µs', 10) +
    pad('bench.js µs/stmt', 20) + 'ratio vs leafguard (median / mean / bench.js)',
);
for (const r of rows) {
  console.log(
    pad(r.parser, 18) +
      pad(r.statements, 12) +
      pad(`${r.errors} (${(r.errorRate * 100).toFixed(1)}%)`, 14) +
      pad(r.medianUs.toFixed(1), 16) +
      pad(r.meanUs.toFixed(1), 14) +
      pad(r.p99Us.toFixed(0), 10) +
      pad(`${r.benchmarkMeanUs.toFixed(1)} ±${r.benchmarkRmePct.toFixed(1)}%`, 20) +
      `${r.medianRatio.toFixed(2)}× / ${r.meanRatio.toFixed(2)}× / ${r.benchmarkRatio.toFixed(2)}×`,
  );
}

const cold = await coldStart(COLD_RUNS);
printColdStart(cold);

const date = new Date().toISOString().slice(0, 10);
const results = {
  date,
  node: process.version,
  cpu: os.cpus()[0]?.model ?? null,
  cpus: os.cpus().length,
  sample: { statements: sample.length, corpusSparkParsed: corpus.length, rounds: ROUNDS, selection: 'evenly spaced over the corpus' },
  warm: rows,
  coldStart: cold,
};
const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
for (const f of ['latest.json', `${date}.json`]) writeFileSync(join(dir, f), JSON.stringify(results, null, 2) + '\n');
console.log(`\nwrote bench/results/latest.json and bench/results/${date}.json`);

function quantile(xs, q) {
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}
function pad(s, n) {
  return String(s).padEnd(n);
}
