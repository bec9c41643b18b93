// Writes the V8 code cache the build ships next to a Node script bundle (dist/node/<name>.v8cache,
// read by src/node/load-bundle.ts). Run by scripts/bundle.mjs in a fresh process:
//   node scripts/code-cache.mjs <load-bundle.mjs> <script.js> <build id> <out.v8cache> <parser|index> [keep-sparkplug]
// The cache is made after a warm-up, so that it holds the bytecode of the functions a first parse
// (and, for the package entry, a first rewrite) runs, which V8 compiles only when first called.
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Script } from 'node:vm';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Statements of the usual kinds, and a few errors: what a first parse is likely to run. */
const STATEMENTS = [
  'SELECT a, b FROM t WHERE x > 1 ORDER BY a',
  "SELECT t.a AS x, count(*) AS n, sum(b * 2) FROM db.t AS t LEFT JOIN u ON t.id = u.id WHERE t.c LIKE 'a%' AND u.d IS NOT NULL GROUP BY t.a HAVING count(*) > 1 ORDER BY n DESC LIMIT 10",
  'WITH q AS (SELECT id, max(v) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS m FROM s) SELECT * FROM q UNION ALL SELECT 1, 2',
  "SELECT CASE WHEN a IN (1, 2) THEN 'x' ELSE cast(b AS string) END, coalesce(c, 0), d[0], e.f FROM t WHERE EXISTS (SELECT 1 FROM u WHERE u.k = t.k) AND a BETWEEN 1 AND 9",
  "SELECT date_format(ts, 'yyyy'), interval '1' day, array(1, 2), struct(a, b), x -> x + 1 FROM t TABLESAMPLE (10 PERCENT) LATERAL VIEW explode(arr) v AS item",
  "INSERT INTO db.t PARTITION (p = 1) SELECT * FROM s WHERE flag = true",
  'INSERT OVERWRITE TABLE t VALUES (1, "a"), (2, "b")',
  "CREATE TABLE IF NOT EXISTS db.t (id BIGINT, name STRING COMMENT 'n', m MAP<STRING, ARRAY<INT>>) USING parquet PARTITIONED BY (id) TBLPROPERTIES ('k' = 'v')",
  'CREATE OR REPLACE TEMPORARY VIEW v AS SELECT DISTINCT a FROM t',
  'ALTER TABLE t ADD COLUMNS (c INT)',
  'DROP TABLE IF EXISTS t',
  'MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *',
  "UPDATE t SET a = 1 WHERE b = 'x'",
  'DELETE FROM t WHERE a < 0',
  'SHOW TABLES IN db',
  'DESCRIBE TABLE EXTENDED t',
  'EXPLAIN SELECT 1',
  "SET spark.sql.ansi.enabled = true",
  'USE db',
  'SELECT FROM WHERE',
  'SELECT (1',
  "SELECT 'open",
];

/** Each statement through `f`, the parse errors of those that are errors caught. */
function each(api, f) {
  for (const sql of STATEMENTS) {
    try {
      f(sql);
    } catch (e) {
      if (!(e instanceof api.SqlParseError)) throw e;
    }
  }
}

const warmUp = {
  parser(api) {
    // Parsing only: the printer's functions are compiled when first called, as the cache's
    // size is the time to load it.
    each(api, (sql) => api.parseSql(sql));
    api.parseExpression('a + 1 AS b');
    api.parseDataType('decimal(10, 2)');
    api.parseMultipartIdentifier('spark_catalog.db.t');
  },
  index(api) {
    warmUp.parser(api);
    each(api, (sql) => api.toSql(api.parseSql(sql)));
    const example = (file) => readFileSync(join(ROOT, 'examples', file), 'utf8');
    const engine = api.createEngine({ catalog: api.createCatalog(example('catalog.json')), policies: api.loadPolicies(example('policies.yaml')) });
    for (const identity of [{ user: 'alice', groups: ['analysts'], attributes: { region: 'EMEA' } }, { user: 'root', groups: [] }, { user: 'mallory', groups: [] }]) {
      engine.rewrite(example('query.sql'), identity);
    }
  },
};

const [loader, scriptPath, build, out, kind, sparkplug] = process.argv.slice(2);
const { encodeCache, runScript } = await import(pathToFileURL(loader).href);
const script = new Script(readFileSync(scriptPath, 'latin1'), { filename: scriptPath });
// The warm-up runs without Sparkplug, V8's baseline compiler: a function it compiled is marked so
// in the cache, and a process that loads the cache compiles it again as soon as it creates the
// function. The bundle's top-level function alone (run once, but long enough to be compiled
// during a warm-up) was 2 ms of every cold start. Sparkplug is on again before the cache is made,
// since V8 refuses a cache made under other flags; scripts/bundle.mjs checks that a fresh process
// accepts the cache, and runs this again with `keep-sparkplug` if not.
if (sparkplug !== 'keep-sparkplug') setFlagsFromString('--no-sparkplug');
warmUp[kind](runScript(script));
if (sparkplug !== 'keep-sparkplug') setFlagsFromString('--sparkplug');
writeFileSync(out, encodeCache(build, script.createCachedData()));
