/**
 * Cold start: fresh `node` processes that import one parser and parse one statement, timed from
 * spawn to exit (median of N runs per variant, interleaved so machine noise hits all alike).
 * Inside each child the import, the first parse (which builds the chevrotain parser) and a
 * second parse are timed separately. The 5× goal of issue 3 is on wall clock:
 * dt-sql-parser's wall time over leafguard's.
 *
 * leafguard's variants, so that no number flatters by omission:
 * - `leafguard/parser` and `leafguard`: the package entries as Node resolves them (the `node`
 *   export condition: dist/node/, the bundle as one script with the V8 code cache the build
 *   made, src/node/load-bundle.ts). That cache fits the Node that ran the build.
 * - "first launch": the same entry when no cache fits (another Node than the build's, or other
 *   V8 flags): V8 compiles the script, and at exit a cache is written to the user's cache
 *   directory (os.tmpdir()) — a fresh, empty one for every run here.
 * - "later launches": the same, once that cache exists.
 * - the ES module bundle (dist/parser.js: bundlers and other runtimes) and dist/leafguard.min.js,
 *   which have no code cache.
 * Then the first rewrite of the policy engine from a cold start, by entry (bench/pipeline.mjs
 * section 4 measures the ES module bundle).
 *
 * Run alone: `node bench/cold-start.mjs` (after `npm run build`); `npm run bench` includes it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROOT, ensureDtBundle, median } from './parsers.mjs';
import { grammarDefine, withoutChevrotainLexer, withoutGrammarRecording } from '../scripts/bundle.mjs';
import { leanChevrotain } from '../scripts/lean-chevrotain.mjs';

const SQL = 'SELECT a, b FROM t WHERE x > 1 ORDER BY a';

/** A copy of dist/node/parser.* without the build's code cache, for the launches that have none. */
function entryWithoutCache(dir) {
  mkdirSync(dir, { recursive: true });
  for (const f of ['parser.js', 'parser.script.js']) copyFileSync(join(ROOT, 'dist/node', f), join(dir, f));
  return pathToFileURL(join(dir, 'parser.js')).href;
}

/** Child programs: each prints one JSON line of in-process timings (ms); `env` adds to the child's environment. */
function parseVariants(dtBundle, lgTimed, work) {
  const url = (p) => JSON.stringify(pathToFileURL(join(ROOT, p)).href);
  const timed = (importLine, parseLine) => `
const t0 = performance.now();
${importLine}
const t1 = performance.now();
${parseLine}
const t2 = performance.now();
${parseLine}
const t3 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, firstParseMs: t2 - t1, secondParseMs: t3 - t2 }));`;
  const parse = `parseSql(${JSON.stringify(SQL)});`;
  const uncached = entryWithoutCache(join(work, 'uncached'));
  const laterTmp = join(work, 'later-tmp');
  mkdirSync(laterTmp, { recursive: true });
  const firstTmp = join(work, 'first-tmp');
  return {
    'node (empty)': { program: `console.log('{}')` },
    'leafguard/parser': { program: timed(`const { parseSql } = await import('leafguard/parser');`, parse) },
    leafguard: { program: timed(`const { parseSql } = await import('leafguard');`, parse) },
    'leafguard/parser, first launch': {
      program: timed(`const { parseSql } = await import(${JSON.stringify(uncached)});`, parse),
      // A fresh, empty cache directory for every run.
      env: () => {
        rmSync(firstTmp, { recursive: true, force: true });
        mkdirSync(firstTmp);
        return { TMPDIR: firstTmp };
      },
    },
    'leafguard/parser, later launches': {
      program: timed(`const { parseSql } = await import(${JSON.stringify(uncached)});`, parse),
      env: () => ({ TMPDIR: laterTmp }),
      // The launch that writes the cache is not counted.
      warmUp: true,
    },
    'ES module (dist/parser.js)': { program: timed(`const { parseSql } = await import(${url('dist/parser.js')});`, parse) },
    'min.js bundle': { program: timed(`await import(${url('dist/leafguard.min.js')}); const { parseSql } = globalThis.leafguard;`, parse) },
    'dt-sql-parser': {
      program: timed(`const { SparkSQL } = await import(${JSON.stringify(pathToFileURL(dtBundle).href)}); const p = new SparkSQL();`, `p.parse(${JSON.stringify(SQL)}, () => {});`),
    },
    'node-sql-parser': {
      program: timed(
        `const { createRequire } = await import('node:module'); const { Parser } = createRequire(${JSON.stringify(join(ROOT, 'package.json'))})('node-sql-parser'); const p = new Parser();`,
        `p.astify(${JSON.stringify(SQL)}, { database: 'hive' });`,
      ),
    },
    // The ES module bundle's first parse with the parser's performSelfAnalysis timed.
    performSelfAnalysis: {
      program: `
const { parseSql } = await import(${JSON.stringify(pathToFileURL(lgTimed).href)});
const t1 = performance.now();
${parse}
const firstParseMs = performance.now() - t1;
console.log(JSON.stringify({ selfAnalysisMs: globalThis.__leafguardSelfAnalysisMs, firstParseMs }));`,
    },
  };
}

/** The policy engine from a cold start: import, example catalog and policies, first rewrite. */
function rewriteVariants() {
  const program = (specifier) => `
const t0 = performance.now();
const lg = await import(${JSON.stringify(specifier)});
const { readFileSync } = await import('node:fs');
const t1 = performance.now();
const engine = lg.createEngine({ catalog: lg.createCatalog(readFileSync('examples/catalog.json', 'utf8')), policies: lg.loadPolicies(readFileSync('examples/policies.yaml', 'utf8')) });
const t2 = performance.now();
const r = engine.rewrite(readFileSync('examples/query.sql', 'utf8'), { user: 'alice', groups: ['analysts'], attributes: { region: 'EMEA' } });
const t3 = performance.now();
if (r.decision !== 'allow') throw new Error(r.reasons.join('; '));
console.log(JSON.stringify({ importMs: t1 - t0, engineMs: t2 - t1, firstRewriteMs: t3 - t2 }));`;
  return {
    'node (empty)': { program: `console.log('{}')` },
    leafguard: { program: program('leafguard') },
    'ES module (dist/index.js)': { program: program(pathToFileURL(join(ROOT, 'dist/index.js')).href) },
  };
}

function runChild({ program, env }) {
  const extra = env?.() ?? {};
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...extra } });
  const wallMs = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '{}';
  return { wallMs, ...JSON.parse(last) };
}

/** Runs every variant `runs` times, interleaved; medians of each timing. */
function measure(programs, runs) {
  for (const v of Object.values(programs)) if (v.warmUp) runChild(v);
  const samples = Object.fromEntries(Object.keys(programs).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, v] of Object.entries(programs)) samples[name].push(runChild(v));
  }
  const out = {};
  for (const [name, rows] of Object.entries(samples)) {
    out[name] = Object.fromEntries(Object.keys(rows[0]).map((k) => [`median_${k}`, round(median(rows.map((r) => r[k])))]));
  }
  const base = out['node (empty)'].median_wallMs;
  for (const v of Object.values(out)) v.median_wallOverNodeMs = round(v.median_wallMs - base);
  return out;
}

/**
 * dist/parser.js as scripts/bundle.mjs builds it, with the parser's performSelfAnalysis timed
 * (into globalThis.__leafguardSelfAnalysisMs).
 */
async function parserWithTimedSelfAnalysis() {
  const outfile = join(ROOT, '.bench-cache/parser-timed-self-analysis.mjs');
  const timed = {
    name: 'timed-self-analysis',
    setup(b) {
      b.onLoad({ filter: /src[\\/]parser[\\/]parser\.ts$/ }, async ({ path }) => ({
        loader: 'ts',
        contents: `${await readFile(path, 'utf8')}
{
  const inner = SparkSqlParser.prototype.performSelfAnalysis;
  SparkSqlParser.prototype.performSelfAnalysis = function (this: SparkSqlParser) {
    const t = performance.now();
    try {
      inner.call(this);
    } finally {
      const g = globalThis as { __leafguardSelfAnalysisMs?: number };
      g.__leafguardSelfAnalysisMs = (g.__leafguardSelfAnalysisMs ?? 0) + performance.now() - t;
    }
  };
}`,
      }));
    },
  };
  await build({
    entryPoints: [join(ROOT, 'src/parser-entry.ts')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2022',
    define: await grammarDefine(),
    plugins: [timed, withoutChevrotainLexer, withoutGrammarRecording, leanChevrotain],
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

const LEAFGUARD = ['leafguard/parser', 'leafguard', 'leafguard/parser, first launch', 'leafguard/parser, later launches', 'ES module (dist/parser.js)', 'min.js bundle'];

export async function coldStart(runs = 10) {
  const work = mkdtempSync(join(tmpdir(), 'leafguard-cold-'));
  try {
    const parse = measure(parseVariants(await ensureDtBundle(), await parserWithTimedSelfAnalysis(), work), runs);
    const dt = parse['dt-sql-parser'];
    // dt-sql-parser's time over each leafguard variant's: wall clock, and net of node's own start-up.
    for (const name of LEAFGUARD) {
      const v = parse[name];
      v.dtOverThisWall = round(dt.median_wallMs / v.median_wallMs);
      v.dtOverThisNet = round(dt.median_wallOverNodeMs / v.median_wallOverNodeMs);
    }
    const rewrite = measure(rewriteVariants(), Math.max(3, Math.ceil(runs / 2)));
    const bundle = statSync(join(ROOT, 'dist/leafguard.min.js')).size;
    const { performSelfAnalysis, ...variants } = parse;
    return {
      runs,
      statement: SQL,
      variants,
      selfAnalysis: performSelfAnalysis,
      firstRewrite: rewrite,
      bundle: { file: 'dist/leafguard.min.js', bytes: bundle, budgetBytes: 500_000 },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

export function printColdStart(c) {
  console.log(`\nCold start: fresh node process, import + parse one statement (median of ${c.runs}, wall clock from spawn to exit)`);
  console.log(pad('variant', 34) + pad('wall ms', 10) + pad('- node ms', 11) + pad('import ms', 11) + pad('1st parse', 11) + pad('2nd parse', 11) + 'dt-sql-parser ÷ this: wall (net of node)');
  for (const [name, v] of Object.entries(c.variants)) {
    console.log(
      pad(name, 34) +
        pad(fmt(v.median_wallMs), 10) +
        pad(name === 'node (empty)' ? '-' : fmt(v.median_wallOverNodeMs), 11) +
        pad(fmt(v.median_importMs), 11) +
        pad(fmt(v.median_firstParseMs), 11) +
        pad(fmt(v.median_secondParseMs), 11) +
        (v.dtOverThisWall === undefined ? '' : `${fmt(v.dtOverThisWall)}× (${fmt(v.dtOverThisNet)}×)`),
    );
  }
  const s = c.selfAnalysis;
  console.log(`ES module bundle's first parse ${fmt(s.median_firstParseMs)} ms, of which the parser's performSelfAnalysis ${fmt(s.median_selfAnalysisMs)} ms`);
  console.log(`\nFirst rewrite from a cold start: import, example catalog and policies, engine, rewrite (median of ${Math.max(3, Math.ceil(c.runs / 2))})`);
  console.log(pad('variant', 34) + pad('wall ms', 10) + pad('- node ms', 11) + pad('import ms', 11) + pad('engine ms', 11) + 'first rewrite ms');
  for (const [name, v] of Object.entries(c.firstRewrite)) {
    if (name === 'node (empty)') continue;
    console.log(pad(name, 34) + pad(fmt(v.median_wallMs), 10) + pad(fmt(v.median_wallOverNodeMs), 11) + pad(fmt(v.median_importMs), 11) + pad(fmt(v.median_engineMs), 11) + fmt(v.median_firstRewriteMs));
  }
  console.log(`${c.bundle.file}: ${c.bundle.bytes} bytes (budget: under ${c.bundle.budgetBytes})`);
}

const round = (x) => Math.round(x * 100) / 100;
const fmt = (x) => (x === undefined ? '-' : x.toFixed(2));
const pad = (s, n) => String(s).padEnd(n);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printColdStart(await coldStart(Number(process.env.COLD_RUNS ?? 10)));
}
