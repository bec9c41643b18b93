/**
 * One oracle case, end to end: load the raw tables into DuckDB, secure the query with the engine,
 * run the engine's DuckDB SQL over the raw tables and the original query over the reference's
 * secure views, and compare. A disagreement throws an `OracleFailure` whose message holds the
 * whole counterexample (catalog, data, policies, identity, query, both SQL texts, both row sets).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { createCatalog, createEngine, loadPolicies, parseSql, toSql, type PolicyDocument, type RewriteResult } from '../../src/embed.js';
import { fullName, literal, NOW, printEx, printQuery, sqlType, totalOrder, type Ex, type From, type OracleCase, type Query, type TableSpec } from './model.js';
import { EXCLUSIONS } from './exclusions.js';
import { readsOf, reference, refName, type AppliedMask } from './reference.js';

export class OracleFailure extends Error {
  override readonly name = 'OracleFailure';
}

export interface Outcome {
  readonly decision: 'allow' | 'deny';
  readonly features: readonly string[];
  readonly rows: number;
}

/** The catalog JSON the engine reads. */
export function catalogJson(c: OracleCase): unknown {
  return {
    tables: [
      ...c.tables.map((t) => ({ name: fullName(t), type: 'managed', format: 'parquet', columns: t.columns.map((col) => ({ name: col.name, type: col.type, ...(col.tags.length > 0 ? { tags: col.tags } : {}) })), ...(t.tags !== undefined ? { tags: t.tags } : {}) })),
      ...c.views.map((v) => ({ name: fullName(v), type: 'view', viewText: viewText(v.columns.map((x) => x.name), v.base, v.where, 'spark') })),
    ],
  };
}

const viewText = (cols: readonly string[], base: string, where: Ex | null, dialect: 'spark' | 'duckdb'): string =>
  `SELECT ${cols.join(', ')} FROM ${base}${where === null ? '' : ` WHERE ${printEx(where, { dialect })}`}`;

/** A cell as comparable text: numbers of every width and scale alike (`1.50` = `1.5`). */
function cell(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'boolean') return `b:${v}`;
  if (typeof v === 'string') return `s:${v}`;
  if (typeof v === 'number' || typeof v === 'bigint' || v.constructor.name === 'DuckDBDecimalValue') {
    let s = String(v);
    if (s.includes('.') && !s.includes('e')) s = s.replace(/0+$/, '').replace(/\.$/, '');
    return `n:${s === '-0' ? '0' : s}`;
  }
  return `${v.constructor.name.replace(/^DuckDB|Value$/g, '')}:${String(v)}`;
}

const SCHEMAS = ['db1', 'db2', 'ref_db1', 'ref_db2'];

export class Oracle {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly db: DuckDBConnection,
  ) {}

  /** One DuckDB for a whole run: cases reset their schemas. The engine's `spark_catalog` is an attached database. */
  static async open(): Promise<Oracle> {
    const instance = await DuckDBInstance.create(':memory:');
    const db = await instance.connect();
    await db.run(`ATTACH ':memory:' AS spark_catalog; USE spark_catalog`);
    return new Oracle(instance, db);
  }

  close(): void {
    this.db.closeSync();
    this.instance.closeSync();
  }

  private async rows(sql: string): Promise<string[][]> {
    const r = await this.db.runAndReadAll(sql);
    return r.getRows().map((row) => row.map(cell));
  }

  private async load(c: OracleCase): Promise<void> {
    const stmts = SCHEMAS.map((s) => `DROP SCHEMA IF EXISTS ${s} CASCADE; CREATE SCHEMA ${s};`);
    for (const t of c.tables) {
      stmts.push(`CREATE TABLE ${fullName(t)} (${t.columns.map((col) => `${col.name} ${sqlType(col.type, 'duckdb')}`).join(', ')});`);
      const rows = c.data[fullName(t)] ?? [];
      if (rows.length > 0) stmts.push(`INSERT INTO ${fullName(t)} VALUES ${rows.map((r) => `(${t.columns.map((col) => literal(col.type, r[col.name] ?? null, 'duckdb')).join(', ')})`).join(', ')};`);
    }
    for (const v of c.views) stmts.push(`CREATE VIEW ${fullName(v)} AS ${viewText(v.columns.map((x) => x.name), v.base, v.where, 'duckdb')};`);
    await this.db.run(stmts.join('\n'));
  }

  /**
   * Runs one case; throws OracleFailure on any disagreement. `decisionsOnly`: decisions,
   * determinism, re-parsing and the reference's own SQL, without the engine's DuckDB rows.
   * `enginePolicies` gives the engine other policies than the reference (the oracle's own test:
   * a disagreement must fail).
   */
  async check(c: OracleCase, options: { readonly decisionsOnly?: boolean; readonly enginePolicies?: PolicyDocument } = {}): Promise<Outcome> {
    const spark = printQuery(c.query, { dialect: 'spark' });
    const ref = reference(c);
    const fail = (what: string, extra: Record<string, unknown> = {}): never => {
      throw new OracleFailure(report(c, what, { spark, reference: ref.decision, referenceReasons: ref.reasons, referenceSql: ref.sql, referenceViews: ref.ddl, ...extra }));
    };

    let result: RewriteResult;
    let again: RewriteResult;
    const identity = { user: c.identity.user, groups: c.identity.groups, attributes: c.identity.attributes, ...(c.identity.impersonating !== undefined ? { impersonating: c.identity.impersonating } : {}) };
    let twice: RewriteResult | null = null;
    try {
      const policies = options.enginePolicies ?? c.policies;
      const engine = createEngine({ catalog: createCatalog(catalogJson(c)), policies: loadPolicies(policies) });
      result = engine.rewrite(spark, identity, { now: NOW });
      again = createEngine({ catalog: createCatalog(catalogJson(c)), policies: loadPolicies(policies) }).rewrite(spark, identity, { now: NOW });
      if (result.decision === 'allow') twice = engine.securePlan(result.plan!, identity, { now: NOW });
    } catch (e) {
      return fail(`the engine threw instead of deciding: ${(e as Error).stack}`);
    }
    if (result.decision !== ref.decision) return fail(`decision: engine ${result.decision}, reference ${ref.decision}`, { engineReasons: result.reasons, engineSql: result.sql });
    if (again.decision !== result.decision || again.sql !== result.sql) return fail('not deterministic: a second rewrite differs', { engineSql: result.sql, secondSql: again.sql });
    if (result.decision === 'deny') return { decision: 'deny', features: c.features, rows: 0 };
    // Idempotent: securing the secured plan gives it back unchanged. (Plans compared as printed:
    // a privileged rewrite returns the statement's own text, securePlan the plan's.)
    const readsView = [...readsOf(c.query)].some((r) => c.views.some((v) => fullName(v) === r));
    if (!(EXCLUSIONS.securePlanOfViews && readsView) && (twice === null || twice.decision !== 'allow' || twice.plan === undefined || toSql(twice.plan) !== toSql(result.plan!))) {
      return fail('securePlan of the secured plan is not the same plan', { engineSql: result.sql, twiceDecision: twice?.decision, twiceReasons: twice?.reasons, twiceSql: twice?.sql });
    }

    try {
      parseSql(result.sql!);
    } catch (e) {
      return fail(`the secured Spark SQL does not re-parse: ${(e as Error).message}`, { engineSql: result.sql });
    }

    await this.load(c);
    if (options.decisionsOnly === true) {
      try {
        await this.db.run(ref.ddl.join(';\n'));
        return { decision: 'allow', features: c.features, rows: (await this.rows(ref.sql)).length };
      } catch (e) {
        return fail(`the reference does not run in DuckDB (oracle bug): ${(e as Error).message}`);
      }
    }
    let duck: string;
    try {
      duck = toSql(result.plan!, { dialect: 'duckdb' });
    } catch (e) {
      return fail(`toSql(plan, { dialect: 'duckdb' }) threw: ${(e as Error).message}`, { engineSql: result.sql });
    }
    let expected: string[][];
    try {
      await this.db.run(ref.ddl.join(';\n'));
      expected = await this.rows(ref.sql);
    } catch (e) {
      return fail(`the reference does not run in DuckDB (oracle bug): ${(e as Error).message}`);
    }
    let actual: string[][];
    try {
      actual = await this.rows(duck);
    } catch (e) {
      return fail(`the engine's DuckDB SQL does not run: ${(e as Error).message}`, { engineSql: result.sql, engineDuckdb: duck, expectedRows: expected });
    }
    // A total ORDER BY (over every item) fixes the order: compared in order; else as multisets.
    const ordered = expected.length > 0 && totalOrder(c.query, expected[0]!.length);
    const key = (rows: string[][]): string[] => (ordered ? rows.map((r) => JSON.stringify(r)) : rows.map((r) => JSON.stringify(r)).sort());
    const [a, b] = [key(actual), key(expected)];
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
      return fail(ordered ? 'rows differ (in order)' : 'rows differ', { engineSql: result.sql, engineDuckdb: duck, engineRows: a, expectedRows: b });
    }
    const leak = await this.leak(c, ref.masks, actual);
    if (leak !== null) return fail(leak, { engineSql: result.sql, engineDuckdb: duck, engineRows: a });
    return { decision: 'allow', features: c.features, rows: a.length };
  }

  /**
   * No cell of a plainly projected masked column is a raw value that its mask changes (and that
   * is not also some row's masked value).
   */
  private async leak(c: OracleCase, masks: readonly AppliedMask[], rows: readonly string[][]): Promise<string | null> {
    const q = c.query;
    if (q.k !== 'select' || q.groupBy !== null || q.star === true) return null;
    const aliases = new Map<string, string>();
    const walk = (f: From): void => {
      if (f.k === 'rel') aliases.set(f.alias, f.name);
      else if (f.k === 'join') (walk(f.l), walk(f.r));
    };
    walk(q.from);
    for (const [i, item] of q.items.entries()) {
      if (item.k !== 'col' || item.q === null) continue;
      const relation = aliases.get(item.q);
      const m = masks.find((x) => x.relation === relation && x.column === item.name && !x.conditional);
      if (m === undefined) continue;
      const pairs = await this.rows(`SELECT ${item.name}, ${m.expr} FROM ${relation}`);
      const maskedValues = new Set(pairs.map((p) => p[1]!));
      // NULL tells nothing (and outer joins make it anyway).
      const secret = new Set(pairs.filter((p) => p[0] !== 'NULL' && p[0] !== p[1] && !maskedValues.has(p[0]!)).map((p) => p[0]!));
      const hit = rows.find((r) => secret.has(r[i]!));
      if (hit !== undefined) return `raw value ${hit[i]} of masked column ${relation}.${item.name} in the result`;
    }
    return null;
  }
}

/** The counterexample as text. */
export function report(c: OracleCase, what: string, extra: Record<string, unknown>): string {
  const table = (t: TableSpec): string => `  ${fullName(t)}(${t.columns.map((x) => `${x.name} ${x.type}${x.tags.length > 0 ? ` [${x.tags.join(',')}]` : ''}`).join(', ')})\n${(c.data[fullName(t)] ?? []).map((r) => `    ${JSON.stringify(r)}`).join('\n')}`;
  const lines = [
    `ORACLE: ${what}`,
    `query (Spark): ${String(extra['spark'])}`,
    `identity: ${JSON.stringify(c.identity)}`,
    `catalog and data:`,
    ...c.tables.map(table),
    ...c.views.map((v) => `  view ${fullName(v)} AS ${viewText(v.columns.map((x) => x.name), v.base, v.where, 'spark')}`),
    `policies: ${JSON.stringify(c.policies, null, 1).replace(/\n\s*/g, ' ')}`,
  ];
  for (const [k, v] of Object.entries(extra)) {
    if (k === 'spark' || v === undefined) continue;
    lines.push(`${k}: ${Array.isArray(v) ? `\n    ${v.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join('\n    ')}` : typeof v === 'string' ? v : JSON.stringify(v)}`);
  }
  return lines.join('\n');
}

export { refName, type Query };
