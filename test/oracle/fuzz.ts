/**
 * `npm run fuzz -- [--runs N] [--seed S]`: the oracle property for many cases (default 10,000,
 * random seed, printed so a run can be repeated). On failure it prints the shrunk counterexample;
 * always a summary of the cases run, allowed and denied, by query shape.
 */
import fc from 'fast-check';
import { oracleCases } from './arbitraries.js';
import { Oracle, type Outcome } from './harness.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(arg('runs') ?? 10_000);
const seed = Number(arg('seed') ?? Math.floor(Math.random() * 2 ** 31));
/** Decisions, determinism and re-parsing only (no rows from the engine's DuckDB SQL). */
const decisionsOnly = process.argv.includes('--decisions-only');
console.log(`oracle fuzz: ${runs} runs, seed ${seed}${decisionsOnly ? ', decisions only' : ''}`);

const oracle = await Oracle.open();
const byShape = new Map<string, { allow: number; deny: number }>();
const totals = { allow: 0, deny: 0, rows: 0, withRows: 0 };
let checked = 0;
const record = (o: Outcome): void => {
  totals[o.decision]++;
  totals.rows += o.rows;
  if (o.rows > 0) totals.withRows++;
  // `~…` features are the policies': a query with none of its own is `plain`.
  for (const f of o.features.some((x) => !x.startsWith('~')) ? o.features : ['plain', ...o.features]) {
    const s = byShape.get(f) ?? { allow: 0, deny: 0 };
    s[o.decision]++;
    byShape.set(f, s);
  }
};
const started = performance.now();
// After the first failure fast-check replays smaller cases to shrink it: those are not counted.
let shrinking = false;
const details = await fc.check(
  fc.asyncProperty(oracleCases, async (c) => {
    if (shrinking) return void (await oracle.check(c, { decisionsOnly }));
    checked++;
    try {
      record(await oracle.check(c, { decisionsOnly }));
    } catch (e) {
      shrinking = true;
      throw e;
    }
  }),
  { numRuns: runs, seed },
);
oracle.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);

console.log(`\n${checked} cases in ${seconds} s: ${totals.allow} allowed, ${totals.deny} denied; ${totals.withRows} allowed cases returned rows (${totals.rows} rows compared)`);
console.log('by shape (a case counts under each of its features):');
for (const [shape, s] of [...byShape].sort((x, y) => x[0].localeCompare(y[0]))) console.log(`  ${shape.padEnd(20)} ${String(s.allow).padStart(6)} allowed ${String(s.deny).padStart(6)} denied`);
if (details.failed) {
  console.log(`\nFAILED after ${details.numRuns} cases (seed ${seed}, path ${details.counterexamplePath ?? '?'}), shrunk ${details.numShrinks} times:`);
  console.log(details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance));
  console.log(`\nrepeat: npm run fuzz -- --runs ${runs} --seed ${seed}${decisionsOnly ? ' --decisions-only' : ''}`);
  process.exit(1);
}
console.log('oracle fuzz: passed');
