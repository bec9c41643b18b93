/**
 * The oracle's own small world: a catalog, its data, a policy document, an identity and a query,
 * as plain data. Queries and policy predicates are a tiny expression AST printed by this file in
 * two dialects: Spark SQL (what the engine is given) and DuckDB SQL (what the reference runs over
 * its secure views). Nothing here comes from src/: the reference must not share the engine's code.
 */
import type { PolicyDocument } from '../../src/embed.js';

export type ColType = 'int' | 'bigint' | 'string' | 'date' | 'timestamp' | 'decimal(10,2)' | 'boolean';
export const COL_TYPES: readonly ColType[] = ['int', 'bigint', 'string', 'date', 'timestamp', 'decimal(10,2)', 'boolean'];

/** int/bigint: a safe integer; decimal: exact text ('12.34'); date: 'YYYY-MM-DD'; timestamp: 'YYYY-MM-DD HH:MM:SS' (UTC). */
export type Value = null | string | number | boolean;

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColType;
  readonly tags: readonly string[];
}

export interface TableSpec {
  readonly db: string;
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** Tags of the table itself: a tag mask or grant on one reaches every column. */
  readonly tags?: readonly string[];
}

/** A catalog view: `SELECT <columns> FROM <base> [WHERE <where>]`. */
export interface ViewSpec {
  readonly db: string;
  readonly name: string;
  readonly base: string;
  readonly columns: readonly ColumnSpec[];
  readonly where: Ex | null;
}

export interface IdentitySpec {
  readonly user: string;
  readonly groups: readonly string[];
  readonly attributes: Readonly<Record<string, string | readonly string[]>>;
  /** The user the caller acts as (allowed only for `settings.impersonation.allowedUsers`). */
  readonly impersonating?: string;
}

export interface OracleCase {
  readonly tables: readonly TableSpec[];
  readonly views: readonly ViewSpec[];
  /** Rows by table full name (`db.t`), values by column name. */
  readonly data: Readonly<Record<string, readonly Readonly<Record<string, Value>>[]>>;
  readonly policies: PolicyDocument;
  readonly identity: IdentitySpec;
  readonly query: Query;
  /** The AST of every policy predicate, by the Spark text the policy document holds. */
  readonly predicates: Readonly<Record<string, Ex>>;
  /** What the query is made of (for the run summary). */
  readonly features: readonly string[];
}

/** The fixed clock of every case (grants' validity windows are drawn around it). */
export const NOW = '2026-02-15T12:00:00Z';

export const fullName = (t: { readonly db: string; readonly name: string }): string => `${t.db}.${t.name}`;

// ---------------------------------------------------------------------------------------------
// Expressions and queries

export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Ex =
  | { readonly k: 'col'; readonly q: string | null; readonly name: string }
  | { readonly k: 'lit'; readonly t: ColType; readonly v: Value }
  | { readonly k: 'fn'; readonly f: 'upper' | 'lower' | 'length' | 'abs' | 'coalesce' | 'substr'; readonly args: readonly Ex[] }
  | { readonly k: 'add'; readonly l: Ex; readonly r: Ex }
  | { readonly k: 'cmp'; readonly op: CmpOp; readonly l: Ex; readonly r: Ex }
  | { readonly k: 'and' | 'or'; readonly l: Ex; readonly r: Ex }
  | { readonly k: 'not'; readonly e: Ex }
  | { readonly k: 'isnull'; readonly e: Ex; readonly neg: boolean }
  | { readonly k: 'in'; readonly e: Ex; readonly list: readonly Ex[]; readonly neg: boolean }
  | { readonly k: 'like'; readonly e: Ex; readonly pattern: string }
  | { readonly k: 'case'; readonly when: Ex; readonly then: Ex; readonly else: Ex }
  // identity functions (policy predicates only)
  | { readonly k: 'user' }
  | { readonly k: 'member'; readonly group: string }
  | { readonly k: 'attr'; readonly key: string }
  // subqueries (queries only)
  | { readonly k: 'inSub'; readonly e: Ex; readonly q: Query; readonly neg: boolean }
  | { readonly k: 'exists'; readonly q: Query; readonly neg: boolean }
  | { readonly k: 'scalar'; readonly q: Query }
  // aggregates (select lists of grouped queries)
  | { readonly k: 'agg'; readonly f: 'count' | 'sum' | 'min' | 'max'; readonly arg: Ex | null; readonly distinct: boolean }
  // window functions (select lists of ungrouped queries): the whole partition, or rank() by `order`
  | { readonly k: 'win'; readonly f: 'count' | 'sum' | 'min' | 'max' | 'rank'; readonly arg: Ex | null; readonly partition: readonly Ex[]; readonly order: readonly Ex[] };

export type From =
  | { readonly k: 'rel'; readonly name: string; readonly alias: string }
  | { readonly k: 'sub'; readonly q: Query; readonly alias: string }
  | { readonly k: 'join'; readonly type: 'INNER' | 'LEFT' | 'SEMI' | 'ANTI'; readonly l: From; readonly r: From; readonly on: Ex };

/** `ORDER BY <position> [DESC]`, with Spark's default null order unless `nulls` says otherwise. */
export interface OrderItem {
  /** 1-based position in the select list. */
  readonly pos: number;
  readonly desc: boolean;
  readonly nulls: 'first' | 'last' | null;
}

export interface Select {
  readonly k: 'select';
  readonly distinct: boolean;
  /** Printed `e AS c<i>`. */
  readonly items: readonly Ex[];
  readonly from: From;
  readonly where: Ex | null;
  readonly groupBy: readonly Ex[] | null;
  readonly having: Ex | null;
  /** `SELECT *` (items unused): every column of the FROM clause. */
  readonly star?: boolean;
  readonly orderBy?: readonly OrderItem[];
  /** Only with an ORDER BY over every select item (a total order: the rows kept are determined). */
  readonly limit?: number;
}

export type SetOp = 'UNION' | 'INTERSECT' | 'EXCEPT';

export type Query =
  | Select
  | { readonly k: 'union'; readonly op?: SetOp; readonly all: boolean; readonly l: Query; readonly r: Query }
  | { readonly k: 'with'; readonly name: string; readonly def: Query; readonly body: Query };

// ---------------------------------------------------------------------------------------------
// Printing

export type Dialect = 'spark' | 'duckdb';

/**
 * How identity functions and relation names print. Spark keeps the functions (the engine binds
 * them); the reference's DuckDB printer replaces them by this identity's values and reads the
 * secure views instead of the tables.
 */
export interface PrintContext {
  readonly dialect: Dialect;
  readonly identity?: { readonly user: string; readonly isMember: (g: string) => boolean; readonly attribute: (k: string) => string | null };
  /** `db.t` → the name to print (the reference's secure view). */
  readonly relation?: (name: string) => string;
}

const SPARK_TYPES: Record<ColType, string> = { int: 'INT', bigint: 'BIGINT', string: 'STRING', date: 'DATE', timestamp: 'TIMESTAMP', 'decimal(10,2)': 'DECIMAL(10,2)', boolean: 'BOOLEAN' };
const DUCK_TYPES: Record<ColType, string> = { int: 'INTEGER', bigint: 'BIGINT', string: 'VARCHAR', date: 'DATE', timestamp: 'TIMESTAMP', 'decimal(10,2)': 'DECIMAL(10,2)', boolean: 'BOOLEAN' };
export const sqlType = (t: ColType, d: Dialect): string => (d === 'spark' ? SPARK_TYPES : DUCK_TYPES)[t];

/** Spark reads backslash escapes in string literals; DuckDB reads standard SQL strings. */
export function quoteString(s: string, d: Dialect): string {
  return d === 'spark' ? `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : `'${s.replace(/'/g, "''")}'`;
}

export function literal(t: ColType, v: Value, d: Dialect): string {
  if (v === null) return `CAST(NULL AS ${sqlType(t, d)})`;
  switch (t) {
    case 'int':
    case 'bigint':
    case 'decimal(10,2)':
      return String(v).startsWith('-') ? `(${String(v)})` : String(v);
    case 'boolean':
      return v === true ? 'true' : 'false';
    case 'date':
      return `DATE '${String(v)}'`;
    case 'timestamp':
      return `TIMESTAMP '${String(v)}'`;
    case 'string':
      return quoteString(String(v), d);
  }
}

export function printEx(e: Ex, c: PrintContext): string {
  const p = (x: Ex): string => printEx(x, c);
  switch (e.k) {
    case 'col':
      return e.q === null ? e.name : `${e.q}.${e.name}`;
    case 'lit':
      return literal(e.t, e.v, c.dialect);
    case 'fn':
      return `${e.f}(${e.args.map(p).join(', ')})`;
    case 'add':
      return `(${p(e.l)} + ${p(e.r)})`;
    case 'cmp':
      return `(${p(e.l)} ${e.op} ${p(e.r)})`;
    case 'and':
    case 'or':
      return `(${p(e.l)} ${e.k.toUpperCase()} ${p(e.r)})`;
    case 'not':
      return `(NOT ${p(e.e)})`;
    case 'isnull':
      return `(${p(e.e)} IS ${e.neg ? 'NOT ' : ''}NULL)`;
    case 'in':
      return `(${p(e.e)} ${e.neg ? 'NOT ' : ''}IN (${e.list.map(p).join(', ')}))`;
    case 'like':
      return `(${p(e.e)} LIKE ${quoteString(e.pattern, c.dialect)})`;
    case 'case':
      return `CASE WHEN ${p(e.when)} THEN ${p(e.then)} ELSE ${p(e.else)} END`;
    case 'user':
      return c.identity === undefined ? 'current_user()' : quoteString(c.identity.user, c.dialect);
    case 'member':
      return c.identity === undefined ? `is_member(${quoteString(e.group, c.dialect)})` : String(c.identity.isMember(e.group));
    case 'attr': {
      if (c.identity === undefined) return `user_attribute(${quoteString(e.key, c.dialect)})`;
      const v = c.identity.attribute(e.key);
      return v === null ? `CAST(NULL AS ${sqlType('string', c.dialect)})` : quoteString(v, c.dialect);
    }
    case 'inSub':
      return `(${p(e.e)} ${e.neg ? 'NOT ' : ''}IN (${printQuery(e.q, c)}))`;
    case 'exists':
      return `(${e.neg ? 'NOT ' : ''}EXISTS (${printQuery(e.q, c)}))`;
    case 'scalar':
      return `(${printQuery(e.q, c)})`;
    case 'agg':
      return `${e.f}(${e.distinct ? 'DISTINCT ' : ''}${e.arg === null ? '*' : p(e.arg)})`;
    case 'win': {
      const parts = [e.partition.length > 0 ? `PARTITION BY ${e.partition.map(p).join(', ')}` : '', e.order.length > 0 ? `ORDER BY ${e.order.map((o) => `${p(o)}${c.dialect === 'duckdb' ? ' NULLS FIRST' : ''}`).join(', ')}` : ''];
      const call = e.f === 'rank' ? 'rank()' : `${e.f}(${e.arg === null ? '*' : p(e.arg)})`;
      return `${call} OVER (${parts.filter((x) => x !== '').join(' ')})`;
    }
  }
}

/** Spark puts NULLs first in ascending order and last in descending order; DuckDB is told so. */
function orderItem(o: OrderItem, d: Dialect): string {
  const nulls = o.nulls ?? (d === 'duckdb' ? (o.desc ? 'last' : 'first') : null);
  return `${o.pos}${o.desc ? ' DESC' : ''}${nulls === null ? '' : ` NULLS ${nulls.toUpperCase()}`}`;
}

function printFrom(f: From, c: PrintContext): string {
  switch (f.k) {
    case 'rel':
      return `${c.relation === undefined ? f.name : c.relation(f.name)} AS ${f.alias}`;
    case 'sub':
      return `(${printQuery(f.q, c)}) AS ${f.alias}`;
    case 'join':
      // Spark spells semi and anti joins LEFT SEMI / LEFT ANTI; DuckDB SEMI / ANTI.
      return `${printFrom(f.l, c)} ${(f.type === 'SEMI' || f.type === 'ANTI') && c.dialect === 'spark' ? `LEFT ${f.type}` : f.type} JOIN ${printFrom(f.r, c)} ON ${printEx(f.on, c)}`;
  }
}

export function printQuery(q: Query, c: PrintContext): string {
  switch (q.k) {
    case 'select': {
      const items = q.star === true ? '*' : q.items.map((e, i) => `${printEx(e, c)} AS c${i}`).join(', ');
      let s = `SELECT ${q.distinct ? 'DISTINCT ' : ''}${items} FROM ${printFrom(q.from, c)}`;
      if (q.where !== null) s += ` WHERE ${printEx(q.where, c)}`;
      if (q.groupBy !== null) s += ` GROUP BY ${q.groupBy.map((e) => printEx(e, c)).join(', ')}`;
      if (q.having !== null) s += ` HAVING ${printEx(q.having, c)}`;
      if (q.orderBy !== undefined && q.orderBy.length > 0) s += ` ORDER BY ${q.orderBy.map((o) => orderItem(o, c.dialect)).join(', ')}`;
      if (q.limit !== undefined) s += ` LIMIT ${q.limit}`;
      return s;
    }
    case 'union':
      // Branches other than plain SELECTs go through a derived table: both dialects read that alike.
      return `${unionBranch(q.l, c)} ${q.op ?? 'UNION'}${q.all ? ' ALL' : ''} ${unionBranch(q.r, c)}`;
    case 'with':
      return `WITH ${q.name} AS (${printQuery(q.def, c)}) ${printQuery(q.body, c)}`;
  }
}

/** The outermost SELECT is ordered by every one of its `width` output columns. */
export function totalOrder(q: Query, width: number): boolean {
  return q.k === 'select' && q.orderBy !== undefined && new Set(q.orderBy.map((o) => o.pos)).size === width;
}

function unionBranch(q: Query, c: PrintContext): string {
  return q.k === 'select' ? printQuery(q, c) : `SELECT * FROM (${printQuery(q, c)}) AS u_${depth(q)}`;
}

const depth = (q: Query): number => (q.k === 'select' ? 0 : 1 + Math.max(depth(q.k === 'union' ? q.l : q.def), depth(q.k === 'union' ? q.r : q.body)));
