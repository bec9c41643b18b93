/**
 * The DuckDB side of the golden harness: every case of test/golden/*.sql (the same parsing as
 * test/golden/golden.test.ts), secured by the engine at the golden time and run by the simulator on
 * examples/data. Writes one JSON line per case for the Spark side (GoldenHarness.scala) to compare.
 *
 *   npx esbuild shim/spark/golden/duckdb-side.ts --bundle --platform=node --format=esm \
 *     --packages=external --outfile=shim/spark/target/golden/duckdb-side.mjs
 *   node shim/spark/target/golden/duckdb-side.mjs > shim/spark/target/golden/cases.jsonl
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadPolicies, type Identity } from '../../../src/index.js';
import { simulate } from '../../../src/simulate/simulate.js';

const DIR = 'test/golden';
export const NOW = '2026-02-15T12:00:00Z';

function identityOf(spec: string): Identity {
  const [user, ...rest] = spec.trim().split(/\s+/);
  const groups: string[] = [];
  const attributes: Record<string, string[]> = {};
  const purposes: string[] = [];
  for (const kv of rest) {
    const i = kv.indexOf('=');
    const k = kv.slice(0, i);
    const v = kv.slice(i + 1);
    if (k === 'groups') groups.push(...v.split(','));
    else if (k === 'purpose') purposes.push(v);
    else (attributes[k] ??= []).push(v);
  }
  return { user: user!, groups, attributes, purposes };
}

function casesOf(text: string): { as: string; sql: string }[] {
  const out: { as: string; sql: string }[] = [];
  let as: string | null = null;
  let sql: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^--\s*as:\s*(.*)$/.exec(line);
    if (m !== null) {
      as = m[1]!;
      continue;
    }
    if (line.startsWith('--') || (line.trim() === '' && sql.length === 0)) continue;
    sql.push(line);
    if (line.trimEnd().endsWith(';')) {
      if (as === null) throw new Error(`case without an -- as: line: ${sql.join(' ')}`);
      out.push({ as, sql: sql.join('\n').trim().replace(/;$/, '') });
      sql = [];
    }
  }
  return out;
}

const catalogJson = readFileSync('examples/catalog.json', 'utf8');
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.sql')).sort()) {
  const own = join(DIR, file.replace(/\.sql$/, '.policies.yaml'));
  const policiesPath = resolve(existsSync(own) ? own : 'examples/policies.yaml');
  const policies = loadPolicies(readFileSync(policiesPath, 'utf8'));
  let index = 0;
  for (const c of casesOf(readFileSync(join(DIR, file), 'utf8'))) {
    index += 1;
    const identity = identityOf(c.as);
    let duckdb: unknown;
    try {
      duckdb = await simulate({ catalogJson, policies, identity, sql: c.sql, now: NOW, dataDir: 'examples/data' });
    } catch (e) {
      duckdb = { decision: 'error', message: (e as Error).message.split('\n')[0] };
    }
    process.stdout.write(JSON.stringify({ file, index, as: c.as, identity, sql: c.sql, policiesPath, now: NOW, duckdb }) + '\n');
  }
}
