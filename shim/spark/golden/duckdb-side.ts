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
import { loadPolicies } from '../../../src/index.js';
import { casesOf, identityOf, NOW } from '../../../test/golden/cases.js';
import { simulate } from '../../../src/simulate/simulate.js';

const DIR = 'test/golden';

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
