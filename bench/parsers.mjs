/**
 * The three parsers under comparison, each as `(sql) => boolean` (true when it accepted the
 * statement), and the Spark corpus sample they all parse.
 *
 * dt-sql-parser's published ESM uses directory imports that Node's ESM loader refuses, so it is
 * bundled once (unminified, esbuild) into .bench-cache/ and loaded from there.
 */
import { readFileSync, mkdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CORPUS = join(ROOT, '../shared/corpus/spark-sql-tests/expected.jsonl');
const CACHE = join(ROOT, '.bench-cache');
export const DT_BUNDLE = join(CACHE, 'dt-sql-parser.mjs');

/** Bundles dt-sql-parser for Node ESM unless the bundle is newer than the installed package. */
export async function ensureDtBundle() {
  const pkg = join(ROOT, 'node_modules/dt-sql-parser/package.json');
  if (existsSync(DT_BUNDLE) && statSync(DT_BUNDLE).mtimeMs > statSync(pkg).mtimeMs) return DT_BUNDLE;
  mkdirSync(CACHE, { recursive: true });
  const entry = join(CACHE, 'dt-entry.mjs');
  writeFileSync(entry, "export { SparkSQL } from 'dt-sql-parser';\n");
  await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile: DT_BUNDLE, logLevel: 'warning' });
  return DT_BUNDLE;
}

/** Spark-parsed corpus statements (Spark raised no ParseException), in file order. */
export function loadSparkParsed(path = CORPUS) {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l))
    .filter((r) => !(r.error?.exception ?? '').includes('ParseException'))
    .map((r) => r.sql);
}

/** A fixed sample: `n` statements evenly spaced over the corpus (all of them when n ≥ size). */
export function fixedSample(statements, n) {
  if (n >= statements.length) return statements.slice();
  const step = statements.length / n;
  return Array.from({ length: n }, (_, i) => statements[Math.floor(i * step)]);
}

/** Loads the parsers; each returns true on success and false when it threw or reported errors. */
export async function loadParsers() {
  const { parseSql } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
  const { SparkSQL } = await import(pathToFileURL(await ensureDtBundle()).href);
  const require = createRequire(join(ROOT, 'package.json'));
  const { Parser } = require('node-sql-parser');

  const spark = new SparkSQL();
  let dtErrors = 0;
  // A listener replaces ANTLR's console listener (which would print every error) and counts.
  const onDtError = () => void dtErrors++;
  const nsp = new Parser();
  const nspOptions = { database: 'hive' };

  return [
    {
      name: 'leafguard',
      parse(sql) {
        try {
          parseSql(sql);
          return true;
        } catch {
          return false;
        }
      },
    },
    {
      name: 'dt-sql-parser',
      parse(sql) {
        dtErrors = 0;
        try {
          spark.parse(sql, onDtError);
        } catch {
          return false;
        }
        return dtErrors === 0;
      },
    },
    {
      name: 'node-sql-parser',
      parse(sql) {
        try {
          nsp.astify(sql, nspOptions);
          return true;
        } catch {
          return false;
        }
      },
    },
  ];
}

export function median(xs) {
  const s = Float64Array.from(xs).sort();
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function mean(xs) {
  return xs.length === 0 ? NaN : xs.reduce((a, b) => a + b, 0) / xs.length;
}
