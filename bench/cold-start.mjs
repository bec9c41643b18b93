/**
 * Cold start: fresh `node` processes that import one parser and parse one statement, timed from
 * spawn to exit (median of N runs per variant, interleaved so machine noise hits all alike).
 * Inside the leafguard child the import, the first parse (which builds the chevrotain parser and
 * runs `performSelfAnalysis`) and a second parse are timed separately.
 *
 * Run alone: `node bench/cold-start.mjs` (after `npm run build`); `npm run bench` includes it.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT, ensureDtBundle, median } from './parsers.mjs';
import { grammarDefine } from '../scripts/bundle.mjs';

const SQL = 'SELECT a, b FROM t WHERE x > 1 ORDER BY a';

/** Child programs: each prints one JSON line of in-process timings (ms). */
function childPrograms(dtBundle, lgExternal) {
  const lg = pathToFileURL(join(ROOT, 'dist/index.js')).href;
  const lgMin = pathToFileURL(join(ROOT, 'dist/leafguard.min.js')).href;
  const lgParser = pathToFileURL(join(ROOT, 'dist/parser.js')).href;
  const dt = pathToFileURL(dtBundle).href;
  const timed = (importLine, parseLine) => `
const t0 = performance.now();
${importLine}
const t1 = performance.now();
${parseLine}
const t2 = performance.now();
${parseLine}
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstParseMs: t2 - t1, secondParseMs: t3 - t2 }));`;
  return {
    'node (empty)': `console.log('{}')`,
    leafguard: timed(`const { parseSql } = await import(${JSON.stringify(lg)});`, `parseSql(${JSON.stringify(SQL)});`),
    // `leafguard/parser`: the parser and printer without the analyzer and the policy engine.
    'leafguard/parser': timed(`const { parseSql } = await import(${JSON.stringify(lgParser)});`, `parseSql(${JSON.stringify(SQL)});`),
    // The one-file bundle for embedders (chevrotain and its lodash-es inlined, minified).
    'leafguard (min.js bundle)': timed(`await import(${JSON.stringify(lgMin)}); const { parseSql } = globalThis.leafguard;`, `parseSql(${JSON.stringify(SQL)});`),
    'dt-sql-parser': timed(
      `const { SparkSQL } = await import(${JSON.stringify(dt)}); const p = new SparkSQL();`,
      `p.parse(${JSON.stringify(SQL)}, () => {});`,
    ),
    'node-sql-parser': timed(
      `const { createRequire } = await import('node:module'); const { Parser } = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('node-sql-parser'); const p = new Parser();`,
      `p.astify(${JSON.stringify(SQL)}, { database: 'hive' });`,
    ),
    // Same as leafguard, with chevrotain's performSelfAnalysis wrapped in a timer.
    'leafguard (selfAnalysis)': `
const { EmbeddedActionsParser } = await import('chevrotain');
const inner = EmbeddedActionsParser.prototype.performSelfAnalysis;
let selfAnalysisMs = 0;
EmbeddedActionsParser.prototype.performSelfAnalysis = function () {
  const t = performance.now();
  try { return inner.call(this); } finally { selfAnalysisMs += performance.now() - t; }
};
const { parseSql } = await import(${JSON.stringify(pathToFileURL(lgExternal).href)});
const t1 = performance.now();
parseSql(${JSON.stringify(SQL)});
const firstParseMs = performance.now() - t1;
console.log(JSON.stringify({ selfAnalysisMs, firstParseMs }));`,
  };
}

function runChild(program) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: ROOT, encoding: 'utf8' });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return { wallMs, ...JSON.parse(last) };
}

/** dist/index.js as built by scripts/bundle.mjs, but importing chevrotain instead of inlining it. */
async function leafguardWithExternalChevrotain() {
  const outfile = join(ROOT, '.bench-cache/leafguard-external-chevrotain.mjs');
  const define = await grammarDefine();
  await build({ entryPoints: [join(ROOT, 'src/index.ts')], bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', external: ['chevrotain'], define, outfile, logLevel: 'warning' });
  return outfile;
}

export async function coldStart(runs = 10) {
  const programs = childPrograms(await ensureDtBundle(), await leafguardWithExternalChevrotain());
  const samples = Object.fromEntries(Object.keys(programs).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, program] of Object.entries(programs)) samples[name].push(runChild(program));
  }
  const variants = {};
  for (const [name, rows] of Object.entries(samples)) {
    const keys = Object.keys(rows[0]);
    variants[name] = Object.fromEntries(keys.map((k) => [`median_${k}`, round(median(rows.map((r) => r[k])))]));
  }
  const base = variants['node (empty)'].median_wallMs;
  const lg = variants.leafguard.median_wallMs;
  for (const name of ['leafguard', 'leafguard/parser', 'leafguard (min.js bundle)', 'dt-sql-parser', 'node-sql-parser']) {
    const v = variants[name];
    v.median_wallOverNodeMs = round(v.median_wallMs - base);
    v.wallRatioVsLeafguard = round(v.median_wallMs / lg);
    v.netRatioVsLeafguard = round(v.median_wallOverNodeMs / (lg - base));
  }
  // dt-sql-parser's time over each leafguard entry point's (net of node's own start-up).
  const dt = variants['dt-sql-parser'];
  for (const name of ['leafguard', 'leafguard/parser', 'leafguard (min.js bundle)']) {
    variants[name].dtOverThisNet = round(dt.median_wallOverNodeMs / variants[name].median_wallOverNodeMs);
  }
  const bundle = statSync(join(ROOT, 'dist/leafguard.min.js')).size;
  return {
    runs,
    statement: SQL,
    variants,
    selfAnalysis: variants['leafguard (selfAnalysis)'],
    bundle: { file: 'dist/leafguard.min.js', bytes: bundle, kb: round(bundle / 1024), budgetKb: 500 },
  };
}

export function printColdStart(c) {
  console.log(`\nCold start: fresh node process, import + parse one statement (median of ${c.runs})`);
  console.log(pad('variant', 26) + pad('wall ms', 10) + pad('- node ms', 11) + pad('import ms', 11) + pad('1st parse', 11) + pad('2nd parse', 11) + 'wall ratio (net ratio)');
  for (const [name, v] of Object.entries(c.variants)) {
    if (name.includes('selfAnalysis')) continue;
    console.log(
      pad(name, 26) +
        pad(fmt(v.median_wallMs), 10) +
        pad(fmt(v.median_wallOverNodeMs), 11) +
        pad(fmt(v.median_importMs), 11) +
        pad(fmt(v.median_firstParseMs), 11) +
        pad(fmt(v.median_secondParseMs), 11) +
        (v.wallRatioVsLeafguard === undefined ? '' : `${fmt(v.wallRatioVsLeafguard)}× (${fmt(v.netRatioVsLeafguard)}×)`) +
        (v.dtOverThisNet === undefined ? '' : `   dt-sql-parser is ${fmt(v.dtOverThisNet)}× slower (net)`),
    );
  }
  const s = c.selfAnalysis;
  console.log(`leafguard first parse ${fmt(s.median_firstParseMs)} ms, of which chevrotain performSelfAnalysis ${fmt(s.median_selfAnalysisMs)} ms`);
  console.log(`${c.bundle.file}: ${c.bundle.bytes} bytes (${c.bundle.kb} KB; budget ${c.bundle.budgetKb} KB)`);
}

const round = (x) => Math.round(x * 100) / 100;
const fmt = (x) => (x === undefined ? '-' : x.toFixed(2));
const pad = (s, n) => String(s).padEnd(n);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printColdStart(await coldStart(Number(process.env.COLD_RUNS ?? 10)));
}
