/**
 * Runs a query as an identity would see it, on sample data in an in-memory DuckDB: every catalog
 * table is created with its catalog columns (`spark_catalog.db.t` as the DuckDB table `"db"."t"`,
 * see src/plan/print/duckdb.ts), filled from `<dataDir>/<db>.<table>.csv` (header row, columns by
 * name, empty field = NULL) or `.parquet` where such a file exists; the query is secured by the
 * engine and its DuckDB-dialect SQL run. Node-only (DuckDB's native module).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, createCatalog, createEngine, toSql, type Identity, type PolicySet } from '../index.js';
import type { Catalog } from '../plan/catalog/catalog.js';
import { splitTableName } from '../plan/catalog/catalog.js';
import { duckdbString, duckdbType } from '../plan/print/duckdb.js';

export interface SimulateOptions {
  readonly catalogJson: string;
  readonly policies: PolicySet;
  readonly identity: Identity;
  readonly sql: string;
  readonly now?: string;
  /** Where `<db>.<table>.csv|parquet` files are read; null: every table stays empty. */
  readonly dataDir: string | null;
  /** Run the query unsecured (analysed, not rewritten), for comparison. */
  readonly raw?: boolean;
}

export type SimulateResult =
  | { readonly decision: 'deny'; readonly reasons: readonly string[] }
  | { readonly decision: 'allow'; readonly sql: string; readonly columns: readonly string[]; readonly rows: readonly (readonly Json[])[] };

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const q = (name: string): string => '"' + name.replace(/"/g, '""') + '"';

/** The DDL and loads that set up the catalog's tables in DuckDB. */
export function setupStatements(catalogJson: string, catalog: Catalog, dataDir: string | null): string[] {
  const names = ((JSON.parse(catalogJson) as { tables?: { name: string }[] }).tables ?? []).map((t) => t.name);
  const out: string[] = [];
  const schemas = new Set<string>();
  for (const name of names) {
    const id = splitTableName(name);
    const table = id === null ? undefined : catalog.getTable(id.database ?? 'default', id.name);
    if (table === undefined || table.type === 'view') continue;
    const db = table.identifier.database ?? 'default';
    if (!schemas.has(db)) out.push(`CREATE SCHEMA IF NOT EXISTS ${q(db)}`);
    schemas.add(db);
    const target = `${q(db)}.${q(table.identifier.name)}`;
    out.push(`CREATE TABLE ${target} (${table.columns.map((c) => `${q(c.name)} ${duckdbType(c.type)}`).join(', ')})`);
    if (dataDir === null) continue;
    const base = join(dataDir, `${db}.${table.identifier.name}`);
    if (existsSync(`${base}.csv`)) {
      // Read as text and cast by the table's types on insert, so that the catalog decides the types.
      out.push(`INSERT INTO ${target} BY NAME SELECT * FROM read_csv(${duckdbString(`${base}.csv`)}, header = true, all_varchar = true)`);
    } else if (existsSync(`${base}.parquet`)) {
      out.push(`INSERT INTO ${target} BY NAME SELECT * FROM read_parquet(${duckdbString(`${base}.parquet`)})`);
    }
  }
  return out;
}

export async function simulate(o: SimulateOptions): Promise<SimulateResult> {
  const catalog = createCatalog(o.catalogJson);
  let sql: string;
  if (o.raw === true) {
    sql = toSql(analyze(o.sql, catalog), { dialect: 'duckdb' });
  } else {
    const r = createEngine({ catalog, policies: o.policies }).rewrite(o.sql, o.identity, o.now === undefined ? {} : { now: o.now });
    if (r.decision !== 'allow' || r.plan === undefined) return { decision: 'deny', reasons: r.reasons };
    sql = toSql(r.plan, { dialect: 'duckdb' });
  }
  // Loaded on use: the other commands do not pay for DuckDB's native module.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    // Spark's TIMESTAMP is read in a UTC session (see duckdb.ts).
    await connection.run("SET TimeZone = 'UTC'");
    for (const s of setupStatements(o.catalogJson, catalog, o.dataDir)) await connection.run(s);
    const reader = await connection.runAndReadAll(sql);
    return { decision: 'allow', sql, columns: reader.columnNames(), rows: reader.getRowsJson() as Json[][] };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** Rows as an aligned text table; NULL for nulls. */
export function formatTable(columns: readonly string[], rows: readonly (readonly Json[])[]): string {
  const cell = (v: Json): string => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  const cells = rows.map((r) => r.map(cell));
  const width = columns.map((c, i) => Math.max([...c].length, ...cells.map((r) => [...r[i]!].length)));
  const line = (r: readonly string[]): string => r.map((s, i) => s + ' '.repeat(width[i]! - [...s].length)).join(' | ').trimEnd();
  return [line(columns), width.map((w) => '-'.repeat(w)).join('-+-'), ...cells.map(line), `(${rows.length} row${rows.length === 1 ? '' : 's'})`].join('\n');
}
