/**
 * fast-check arbitraries for the oracle: small catalogs (2–4 tables in 1–2 databases, column and
 * table tags, an optional view), their rows (NULLs, hostile strings, dates and timestamps around
 * NOW), an identity (hostile values, impersonation), a policy document (grants on tables,
 * databases, columns and tags, allow and deny, lapsing; row filters: where, match, cases, window,
 * sample; masks of every kind, hash scoped by table, cases, priority, fallback) and a query
 * (joins, self-joins, semi and anti joins, unions, INTERSECT, EXCEPT, IN / EXISTS / scalar
 * subqueries, aggregates with HAVING, window functions, DISTINCT, a CTE read twice, views,
 * SELECT *, ORDER BY with LIMIT). Features starting with `~` are the policies', not the query's.
 *
 * Everything is drawn through one `fc.gen()`, because each part depends on the ones before it (a
 * mask names a column of a drawn table, a query reads drawn relations). Earlier options in every
 * list are the simpler ones: fast-check shrinks towards them.
 */
import fc from 'fast-check';
import type { PolicyDocument } from '../../src/embed.js';
import { EXCLUSIONS } from './exclusions.js';
import { CUSTOM_MASKS } from './reference.js';
import { fullName, printEx, type ColType, type ColumnSpec, type Ex, type From, type IdentitySpec, type OracleCase, type Query, type Select, type TableSpec, type Value, type ViewSpec } from './model.js';

class Draw {
  constructor(private readonly g: fc.GeneratorValue) {}
  int(min: number, max: number): number {
    return this.g(fc.integer, { min, max });
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)]!;
  }
  /** True with probability `pct`%; shrinks to false. */
  chance(pct: number): boolean {
    return this.int(0, 99) >= 100 - pct;
  }
  subset<T>(xs: readonly T[], max = xs.length): T[] {
    const n = this.int(0, Math.min(max, xs.length));
    const pool = [...xs];
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(this.int(0, pool.length - 1), 1)[0]!);
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Values

const STRINGS = [
  'a', 'abc', 'EMEA', 'US', 'alice', 'Alice', 'analysts', 'hr', 'x@y.com', 'a@b@c.org', '@', '',
  "EMEA' OR '1'='1", "o'hara", 'back\\slash', "x') OR (1=1", 'é李', 'Ω🙂x', 'line\nbreak', 'ZZ', '123-45-6789', '%_', 'tab\there',
];
const INTS = [0, 1, 2, 3, 5, 7, 10, 12, -1, -3, -7, 100];
const BIGINTS = [0, 1, 7, 42, -5, 10_000_000_000];
const DECIMALS = ['0.00', '1.50', '12.34', '-2.25', '999.99', '1000.00', '-0.01', '7.00'];
/**
 * Dates and instants around the cases' clock (NOW, 2026-02-15 12:00 UTC), so that window filters
 * of 1, 7 and 30 days cut through the rows: each bound itself, and values just either side of it.
 */
const DATES = ['2020-01-01', '2021-06-15', '1999-12-31', '2024-02-29', '2026-02-15', '2026-02-14', '2026-02-13', '2026-02-08', '2026-02-07', '2026-01-16', '2026-01-15', '2026-02-16'];
const TIMESTAMPS = [
  '2026-02-15 12:00:00', '2026-02-15 11:59:59', '2026-02-14 12:00:00', '2026-02-14 12:00:01', '2026-02-14 11:59:59', '2026-02-08 12:00:00',
  '2026-02-08 00:00:00', '2026-01-16 12:00:00', '2026-01-16 12:00:01', '2025-06-01 08:30:00', '2026-02-20 00:00:00', '1999-12-31 23:59:59',
];

function value(d: Draw, t: ColType): Value {
  switch (t) {
    case 'int':
      return d.pick(INTS);
    case 'bigint':
      return d.pick(BIGINTS);
    case 'decimal(10,2)':
      return d.pick(DECIMALS);
    case 'date':
      return d.pick(DATES);
    case 'timestamp':
      return d.pick(TIMESTAMPS);
    case 'boolean':
      return d.pick([true, false]);
    case 'string':
      return d.pick(STRINGS);
  }
}

// ---------------------------------------------------------------------------------------------
// Catalog and data

const COLUMN_POOL: readonly { name: string; type: ColType }[] = [
  { name: 's', type: 'string' },
  { name: 'n', type: 'int' },
  { name: 'amt', type: 'decimal(10,2)' },
  { name: 'dt', type: 'date' },
  { name: 'email', type: 'string' },
  { name: 'big', type: 'bigint' },
  { name: 'flag', type: 'boolean' },
  { name: 'region', type: 'string' },
  { name: 'ts', type: 'timestamp' },
];
const TAGS = ['pii', 'fin'];

function table(d: Draw, i: number, dbs: readonly string[]): TableSpec {
  // Every table has `id int`: join keys, and a column every tag mask's `when` can name.
  const extra = d.subset(COLUMN_POOL, 4);
  if (extra.length === 0) extra.push(COLUMN_POOL[0]!);
  const columns: ColumnSpec[] = [{ name: 'id', type: 'int', tags: [] }, ...extra.map((c) => ({ ...c, tags: d.chance(35) ? d.subset(TAGS, 2) : [] }))];
  // A tag on the table itself reaches every column (tag masks and tag grants alike).
  const tags = d.chance(10) ? [d.pick(TAGS)] : [];
  return { db: d.pick(dbs), name: `t${i + 1}`, columns, ...(tags.length > 0 ? { tags } : {}) };
}

function view(d: Draw, tables: readonly TableSpec[]): ViewSpec {
  const base = d.pick(tables);
  let columns = d.subset(base.columns);
  if (columns.length === 0) columns = [base.columns[0]!];
  const where = d.chance(50) ? pred(d, { rels: [{ alias: null, cols: base.columns }], depth: 0, ctx: null }) : null;
  return { db: base.db, name: 'v1', base: fullName(base), columns: columns.map((c) => ({ ...c, tags: [] })), where };
}

// ---------------------------------------------------------------------------------------------
// Identities and principals

const USERS = ['alice', 'bob', "o'hara", 'root'];
const GROUPS = ['analysts', 'hr', 'HR', "x') OR (1=1", 'eu'];
const REGIONS = ['EMEA', 'US', "EMEA' OR '1'='1"];

/** `impersonators`: the users the settings let impersonate (a caller who impersonates is often one). */
function identity(d: Draw, impersonators: readonly string[]): IdentitySpec {
  const attributes: Record<string, string | string[]> = {};
  const region = d.int(0, 3);
  if (region === 1) attributes['region'] = d.pick(REGIONS);
  else if (region === 2) attributes['region'] = d.subset(REGIONS);
  else if (region === 3) attributes['region'] = ['EMEA', 'US'];
  if (d.chance(30)) attributes['dept'] = d.pick(['7', "7') OR (1=1"]);
  // Acting as another user: decided as that user when the settings allow the caller to.
  const impersonating = d.chance(impersonators.length > 0 ? 40 : 4) ? d.pick(USERS) : undefined;
  const user = impersonating !== undefined && impersonators.length > 0 && d.chance(75) ? d.pick(impersonators) : d.pick(USERS);
  return { user, groups: d.subset(GROUPS, 3), attributes, ...(impersonating !== undefined ? { impersonating } : {}) };
}

type Principals = NonNullable<NonNullable<PolicyDocument['grants']>[number]['to']>;

function principals(d: Draw): Principals {
  switch (d.int(0, 3)) {
    case 0:
      return { everyone: true };
    case 1:
      return { groups: d.subset(GROUPS, 2).concat(d.pick(GROUPS)) };
    case 2:
      return { users: [d.pick(USERS)] };
    default:
      return { attributes: { region: d.chance(50) ? d.pick(REGIONS) : ['EMEA', 'US'] } };
  }
}

const maybe = <K extends string, V>(d: Draw, pct: number, key: K, make: () => V): Partial<Record<K, V>> =>
  (d.chance(pct) ? { [key]: make() } : {}) as Partial<Record<K, V>>;

// ---------------------------------------------------------------------------------------------
// Policies

type MaskSpec = NonNullable<NonNullable<PolicyDocument['masks']>[number]['mask']>;

/** The kinds DESIGN.md lets keep each type; a misfit needs a fallback or denies the table. */
function maskSpec(d: Draw, t: ColType, columns: readonly ColumnSpec[]): MaskSpec {
  if (d.chance(6)) {
    // A kind that cannot keep this type: with a fallback that can, or none (the table is denied).
    const kind = d.pick(t === 'string' ? (['bucket', 'yearOnly'] as const) : (['hash', 'redact', 'showLast'] as const));
    const params = kind === 'bucket' ? { width: 10 } : kind === 'showLast' ? { n: 2 } : {};
    return { kind, ...params, ...(d.chance(60) ? { fallback: d.pick(['null', 'none'] as const) } : {}) };
  }
  const common = ['null', 'constant', 'custom', 'none'] as const;
  const constant = (): MaskSpec => ({ kind: 'constant', value: CONSTANTS[t][d.int(0, CONSTANTS[t].length - 1)]! });
  const custom = (): MaskSpec => ({ kind: 'custom', expression: d.pick(CUSTOM_MASKS.filter((m) => m.types.includes(t) && (m.reads === undefined || columns.some((c) => c.name === m.reads)))).spark });
  const pickKind = (kinds: readonly string[]): string => d.pick([...kinds, ...common]);
  switch (t) {
    case 'string': {
      const k = pickKind(['hash', 'redact', 'showFirst', 'showLast', 'emailDomain', 'regex']);
      if (k === 'hash') return { kind: 'hash', ...maybe(d, 20, 'salt', () => d.pick(['own', "p'e\\p"])), ...maybe(d, 50, 'scope', () => d.pick(['table', 'table', 'global'] as const)) };
      if (k === 'showFirst' || k === 'showLast') return { kind: k, n: d.pick([1, 2, 4, 0]) };
      if (k === 'regex') return { kind: 'regex', ...d.pick(REGEXES) };
      if (k === 'redact' || k === 'emailDomain') return { kind: k };
      return k === 'constant' ? constant() : k === 'custom' ? custom() : { kind: k as 'null' | 'none' };
    }
    case 'int':
    case 'bigint':
    case 'decimal(10,2)': {
      const k = pickKind(['bucket']);
      if (k === 'bucket') return { kind: 'bucket', width: d.pick(t === 'decimal(10,2)' ? [10, 1, 0.5, 100] : [10, 3, 1, 2.5]) };
      return k === 'constant' ? constant() : k === 'custom' ? custom() : { kind: k as 'null' | 'none' };
    }
    case 'date': {
      const k = pickKind(['yearOnly']);
      if (k === 'yearOnly') return { kind: 'yearOnly' };
      return k === 'constant' ? constant() : k === 'custom' ? custom() : { kind: k as 'null' | 'none' };
    }
    case 'timestamp':
    case 'boolean': {
      const k = pickKind([]);
      return k === 'constant' ? constant() : k === 'custom' ? custom() : { kind: k as 'null' | 'none' };
    }
  }
}

/** Constant values that cast to the column type in Spark and DuckDB alike. */
const CONSTANTS: Record<ColType, readonly (string | number | boolean | null)[]> = {
  string: ['ZZ', "x'y\\z", '', null, 7],
  int: [0, -1, 42, '5', null],
  bigint: [0, 99, null],
  'decimal(10,2)': ['0.00', 1.5, 0, null],
  date: ['2000-01-01', null],
  timestamp: ['2000-01-01 00:00:00', null],
  boolean: [false, true, 'true', null],
};

/** Patterns that mean the same in Java and RE2, replacements without group references. */
const REGEXES = [
  { pattern: '[0-9]', replacement: '#' },
  { pattern: '[aeiou]', replacement: '' },
  { pattern: '@.*', replacement: '@***' },
  { pattern: 'a+', replacement: 'A' },
];

/** A tag mask meets every column carrying the tag: kinds that fit any type, or string kinds with a fallback. */
function tagMaskSpec(d: Draw): MaskSpec {
  switch (d.int(0, 3)) {
    case 0:
      return { kind: 'null' };
    case 1:
      return { kind: 'redact', ...(d.chance(70) ? { fallback: 'null' as const } : {}) };
    case 2:
      return { kind: 'hash', fallback: d.pick(['null', 'none'] as const), ...maybe(d, 40, 'scope', () => 'table' as const) };
    default:
      return { kind: 'showLast', n: 2, fallback: 'null' };
  }
}

interface Relation {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  readonly isView: boolean;
}

function policies(d: Draw, tables: readonly TableSpec[], views: readonly ViewSpec[], preds: Record<string, Ex>): PolicyDocument {
  const dbs = [...new Set(tables.map((t) => t.db))];
  const rels: Relation[] = [
    ...tables.map((t) => ({ name: fullName(t), columns: t.columns, isView: false })),
    ...views.map((v) => ({ name: fullName(v), columns: v.columns, isView: true })),
  ];
  // Row filters and masks on tables and on the view alike.
  const policyTargets = rels;
  const validity = (): { validFrom?: string; validUntil?: string } =>
    d.pick([{ validFrom: '2026-01-01T00:00:00Z' }, { validUntil: '2026-01-31T00:00:00Z' }, { validFrom: '2026-03-01T00:00:00Z' }, { validFrom: '2026-02-01T00:00:00Z', validUntil: '2026-02-28T00:00:00Z' }]);

  const open = d.chance(12);
  const grants: NonNullable<PolicyDocument['grants']> = [];
  const nGrants = d.int(1, 4);
  /** A column grant's pattern: `db.t.col`, `db.*.col` (that column in every table of db) or `db.t.*` (the whole table). */
  const columnPattern = (): string => {
    // See EXCLUSIONS.viewColumnsAllReferenced: while on, only tables' columns.
    const r = d.pick(EXCLUSIONS.viewColumnsAllReferenced ? rels.filter((x) => !x.isView) : rels);
    const col = d.pick(r.columns).name;
    const [db, t] = r.name.split('.') as [string, string];
    const form = d.int(0, 2);
    if (form === 1 && !(EXCLUSIONS.viewColumnsAllReferenced && rels.some((x) => x.isView && x.name.startsWith(`${db}.`)))) {
      // See EXCLUSIONS.wildcardColumnGrantsNameEveryTable: then a column every relation of db has.
      const inDb = rels.filter((x) => x.name.startsWith(`${db}.`));
      const shared = r.columns.filter((c) => inDb.every((x) => x.columns.some((y) => y.name === c.name)));
      if (!EXCLUSIONS.wildcardColumnGrantsNameEveryTable) return `${db}.*.${col}`;
      if (shared.length > 0) return `${db}.*.${d.pick(shared).name}`;
    }
    return form === 2 ? `${db}.${t}.*` : `${db}.${t}.${col}`;
  };
  // Some documents grant mostly by column and tag: each column a query references must be allowed.
  const byColumn = d.chance(20);
  for (let i = 0; i < nGrants; i++) {
    // The first grant is broad more often than not, so that most cases reach the masks.
    const broad = i === 0 && !byColumn && d.chance(75);
    const on = broad
      ? d.pick([{ tables: ['*'] }, { databases: dbs }, { tables: dbs.map((x) => `${x}.*`) }])
      : byColumn || d.chance(30)
        ? d.pick([{ columns: [columnPattern()] }, { columns: [columnPattern(), columnPattern()] }, { tags: [d.pick(TAGS)] }])
        : d.pick([{ tables: [d.pick(rels).name] }, { tables: [`${d.pick(dbs)}.*`] }, { databases: [d.pick(dbs)] }, { tables: ['*'] }]);
    grants.push({
      id: `g${i}`,
      to: broad && d.chance(70) ? { everyone: true } : principals(d),
      actions: ['select'],
      on,
      ...(!broad && d.chance(20) ? { effect: 'deny' as const } : {}),
      ...maybe(d, 15, 'except', () => ({ groups: [d.pick(GROUPS)] })),
      ...(d.chance(12) ? validity() : {}),
    });
  }

  const rowFilters: NonNullable<PolicyDocument['rowFilters']> = [];
  const nFilters = d.int(0, 2);
  for (let i = 0; i < nFilters; i++) {
    const t = d.pick(policyTargets);
    const scope: Scope = { rels: [{ alias: null, cols: t.columns }], depth: 0, ctx: null };
    const strings = t.columns.filter((c) => c.type === 'string');
    const times = t.columns.filter((c) => c.type === 'date' || c.type === 'timestamp');
    const keys = t.columns.filter((c) => c.type === 'int' || c.type === 'bigint' || c.type === 'string');
    const form = d.pick([0, 1, 2, 3, 4, 5, 5, 6]);
    const base = { id: `f${i}`, table: t.name, ...maybe(d, 20, 'to', () => principals(d)), ...maybe(d, 20, 'except', () => ({ groups: [d.pick(GROUPS)] })) };
    if (form === 5 && times.length > 0) {
      const days = [0, 1, 7, 30, 400];
      const bounds = d.pick([{ newerThanDays: d.pick(days) }, { olderThanDays: d.pick(days) }, { newerThanDays: 30, olderThanDays: d.pick([1, 7]) }]);
      rowFilters.push({ ...base, window: { column: d.pick(times).name, ...bounds } });
    } else if (form === 6 && keys.length > 0) {
      rowFilters.push({ ...base, sample: { column: d.pick(keys).name, percent: d.pick([50, 30, 0, 100, 12.5]) } });
    } else if (form === 3 && strings.length > 0) {
      rowFilters.push({ ...base, match: { column: d.pick(strings).name, ...(d.chance(50) ? { groups: true } : { attribute: 'region' }) } });
    } else if (form === 4) {
      const n = d.int(1, 2);
      const cases = Array.from({ length: n }, () => ({ ...maybe(d, 80, 'to', () => principals(d)), where: policyPredicate(d, scope, preds) }));
      rowFilters.push({ ...base, cases });
    } else {
      rowFilters.push({ ...base, where: policyPredicate(d, scope, preds) });
    }
  }

  const masks: NonNullable<PolicyDocument['masks']> = [];
  const nMasks = d.int(0, 4);
  for (let i = 0; i < nMasks; i++) {
    // Tag masks in open-until-protected mode: see EXCLUSIONS.openModeTagMasks.
    const byTag = !(open && EXCLUSIONS.openModeTagMasks) && d.chance(25);
    const t = d.pick(policyTargets);
    const column = d.pick(t.columns);
    const target = byTag ? { tag: d.pick(TAGS) } : { table: t.name, column: column.name };
    // A tag mask's `when` must resolve in every table: it may name only `id` and the identity.
    const whenScope: Scope = { rels: [{ alias: null, cols: byTag ? [{ name: 'id', type: 'int', tags: [] }] : t.columns }], depth: 0, ctx: null };
    const spec = (): MaskSpec => (byTag ? tagMaskSpec(d) : maskSpec(d, column.type, t.columns));
    const common = {
      id: `m${i}`,
      ...target,
      ...maybe(d, 20, 'to', () => principals(d)),
      ...maybe(d, 15, 'except', () => ({ groups: [d.pick(GROUPS)] })),
      ...maybe(d, 20, 'priority', () => d.pick([1, 5, -1])),
    };
    if (d.chance(15)) {
      const n = d.int(1, 2);
      const cases = Array.from({ length: n }, () => ({ ...maybe(d, 80, 'to', () => principals(d)), ...maybe(d, 20, 'when', () => policyPredicate(d, whenScope, preds)), mask: spec() }));
      masks.push({ ...common, cases });
    } else {
      masks.push({ ...common, mask: spec(), ...maybe(d, 20, 'when', () => policyPredicate(d, whenScope, preds)) });
    }
  }

  const settings: NonNullable<PolicyDocument['settings']> = {
    ...(open ? { mode: 'open-until-protected' as const } : {}),
    ...maybe(d, 10, 'privileged', () => d.pick([{ users: ['root'] }, { groups: ['eu'] }])),
    ...maybe(d, 6, 'requiredGroup', () => 'analysts'),
    ...maybe(d, 10, 'groupsCaseSensitive', () => true),
    ...maybe(d, 50, 'hashSalt', () => d.pick(['pepper', "s'a\\lt"])),
    ...maybe(d, 15, 'impersonation', () => ({ allowedUsers: d.subset(USERS, 2) })),
  };
  return { version: 1, settings, grants, rowFilters, masks };
}

/** A policy predicate as Spark SQL text (identity functions included); its AST is kept for the reference. */
function policyPredicate(d: Draw, scope: Scope, preds: Record<string, Ex>): string {
  const e = pred(d, { ...scope, identity: true });
  const text = printEx(e, { dialect: 'spark' });
  preds[text] = e;
  return text;
}


// ---------------------------------------------------------------------------------------------
// Expressions

interface ScopeRel {
  readonly alias: string | null;
  readonly cols: readonly { readonly name: string; readonly type: ColType }[];
}

interface QueryCtx {
  readonly relations: readonly Relation[];
  readonly features: Set<string>;
  next: number;
}

interface Scope {
  readonly rels: readonly ScopeRel[];
  /** Subquery nesting still allowed. */
  readonly depth: number;
  /** Null in policy predicates (no subqueries there). */
  readonly ctx: QueryCtx | null;
  /** Identity functions allowed (policy predicates). */
  readonly identity?: boolean;
  /** Columns of enclosing queries a correlated subquery may read. */
  readonly outer?: readonly ScopeRel[];
}

const colsOf = (s: Scope, t?: ColType): { q: string | null; name: string; type: ColType }[] =>
  s.rels.flatMap((r) => r.cols.filter((c) => t === undefined || c.type === t).map((c) => ({ q: r.alias, name: c.name, type: c.type })));

const lit = (d: Draw, t: ColType): Ex => ({ k: 'lit', t, v: d.chance(8) ? null : value(d, t) });
const colEx = (c: { q: string | null; name: string }): Ex => ({ k: 'col', q: c.q, name: c.name });

/** An expression of type `t` over the scope. */
function expr(d: Draw, s: Scope, t: ColType): Ex {
  const cols = colsOf(s, t);
  const roll = d.int(0, 9);
  if (cols.length > 0 && roll < 6) return colEx(d.pick(cols));
  if (roll === 9 && s.ctx !== null && s.depth > 0) {
    const sub = scalarSubquery(d, s, t);
    if (sub !== null) return sub;
  }
  if (roll >= 7 && cols.length > 0) {
    const c = colEx(d.pick(cols));
    switch (t) {
      case 'string':
        return d.pick<Ex>([
          { k: 'fn', f: 'upper', args: [c] },
          { k: 'fn', f: 'coalesce', args: [c, lit(d, 'string')] },
          { k: 'fn', f: 'substr', args: [c, { k: 'lit', t: 'int', v: 1 }, { k: 'lit', t: 'int', v: 2 }] },
          { k: 'fn', f: 'lower', args: [c] },
          { k: 'case', when: pred(d, { ...s, depth: 0 }), then: c, else: lit(d, t) },
        ]);
      case 'int':
      case 'decimal(10,2)':
        return d.pick<Ex>([{ k: 'add', l: c, r: { k: 'lit', t: 'int', v: 1 } }, { k: 'fn', f: 'abs', args: [c] }, { k: 'case', when: pred(d, { ...s, depth: 0 }), then: c, else: lit(d, t) }]);
      default:
        return { k: 'case', when: pred(d, { ...s, depth: 0 }), then: c, else: lit(d, t) };
    }
  }
  return lit(d, t);
}

/** `(SELECT max(z.c) FROM rel z [WHERE z.k = outer.k])`: one row, whatever the data. */
function scalarSubquery(d: Draw, s: Scope, t: ColType): Ex | null {
  const ctx = s.ctx!;
  const candidates = ctx.relations.filter((r) => r.columns.some((c) => c.type === t));
  if (candidates.length === 0) return null;
  const r = d.pick(candidates);
  const alias = `z${ctx.next++}`;
  const col = d.pick(r.columns.filter((c) => c.type === t));
  const where = correlation(d, s, alias, r);
  ctx.features.add(where === null ? 'scalar-subquery' : 'correlated-scalar');
  const from: From = { k: 'rel', name: r.name, alias };
  scopeTypes.set(from, [{ alias, cols: r.columns }]);
  const q: Select = {
    k: 'select',
    distinct: false,
    items: [{ k: 'agg', f: d.pick(['max', 'min'] as const), arg: { k: 'col', q: alias, name: col.name }, distinct: false }],
    from,
    where,
    groupBy: null,
    having: null,
  };
  return { k: 'scalar', q };
}

/** `alias.k = outer.k` for a column type both sides have, or null (uncorrelated). */
function correlation(d: Draw, s: Scope, alias: string, r: Relation): Ex | null {
  if (!d.chance(50)) return null;
  const outer = colsOf(s).filter((o) => o.q !== null && r.columns.some((c) => c.type === o.type));
  if (outer.length === 0) return null;
  const o = d.pick(outer);
  const inner = d.pick(r.columns.filter((c) => c.type === o.type));
  return { k: 'cmp', op: '=', l: { k: 'col', q: alias, name: inner.name }, r: colEx(o) };
}

const LIKE_PATTERNS = ['a%', '%@%', '_%', '%a_', 'E%'];

/** A boolean expression over the scope (identity functions when allowed; subqueries when depth > 0). */
function pred(d: Draw, s: Scope, nesting = 0): Ex {
  const roll = d.int(0, nesting >= 2 ? 7 : 10);
  const any = colsOf(s);
  if (roll === 9 || roll === 10) {
    const l = pred(d, s, nesting + 1);
    const r = pred(d, s, nesting + 1);
    return d.chance(50) ? { k: 'and', l, r } : { k: 'or', l, r };
  }
  if (roll === 8) return { k: 'not', e: pred(d, s, nesting + 1) };
  if (roll === 7 && s.ctx !== null && s.depth > 0) return subqueryPredicate(d, s);
  if (roll === 6 && s.identity === true) {
    const strings = colsOf(s, 'string');
    const choice = d.int(0, 2);
    if (choice === 0) return { k: 'member', group: d.pick(GROUPS) };
    const id: Ex = choice === 1 ? { k: 'user' } : { k: 'attr', key: d.pick(['region', 'dept']) };
    return strings.length > 0 ? { k: 'cmp', op: '=', l: colEx(d.pick(strings)), r: id } : { k: 'cmp', op: '=', l: id, r: { k: 'lit', t: 'string', v: d.pick(['alice', 'EMEA']) } };
  }
  if (any.length === 0) return { k: 'lit', t: 'boolean', v: d.chance(50) };
  const c = d.pick(any);
  switch (d.int(0, 4)) {
    case 0:
      if (c.type === 'boolean' && d.chance(50)) return colEx(c);
      return { k: 'cmp', op: d.pick(['=', '<>', '<', '<=', '>', '>='] as const), l: colEx(c), r: lit(d, c.type) };
    case 1:
      return { k: 'isnull', e: colEx(c), neg: d.chance(50) };
    case 2:
      return { k: 'in', e: colEx(c), list: Array.from({ length: d.int(1, 3) }, () => lit(d, c.type)), neg: d.chance(25) };
    case 3: {
      const same = any.filter((o) => o.type === c.type);
      return { k: 'cmp', op: d.pick(['=', '<>', '<'] as const), l: colEx(c), r: colEx(d.pick(same)) };
    }
    default:
      if (c.type === 'string') return { k: 'like', e: colEx(c), pattern: d.pick(LIKE_PATTERNS) };
      return { k: 'cmp', op: '>', l: colEx(c), r: lit(d, c.type) };
  }
}

/** IN (subquery), [NOT] EXISTS (correlated or not), or a comparison with a scalar subquery. */
function subqueryPredicate(d: Draw, s: Scope): Ex {
  const ctx = s.ctx!;
  const any = colsOf(s);
  const kind = d.int(0, 2);
  if (kind === 0 && any.length > 0) {
    const c = d.pick(any);
    ctx.features.add('in-subquery');
    const q = select(d, ctx, s.depth - 1, [c.type], s.rels);
    return { k: 'inSub', e: colEx(c), q, neg: d.chance(25) };
  }
  if (kind === 1) {
    const r = d.pick(ctx.relations);
    const alias = `z${ctx.next++}`;
    const where = correlation(d, s, alias, r);
    ctx.features.add(where === null ? 'exists' : 'correlated-exists');
    const from: From = { k: 'rel', name: r.name, alias };
    scopeTypes.set(from, [{ alias, cols: r.columns }]);
    const q: Select = { k: 'select', distinct: false, items: [{ k: 'lit', t: 'int', v: 1 }], from, where, groupBy: null, having: null };
    return { k: 'exists', q, neg: d.chance(30) };
  }
  const c = any.length > 0 ? d.pick(any) : null;
  if (c === null) return { k: 'lit', t: 'boolean', v: true };
  const sub = scalarSubquery(d, s, c.type);
  return sub === null ? { k: 'isnull', e: colEx(c), neg: false } : { k: 'cmp', op: d.pick(['=', '<', '>='] as const), l: colEx(c), r: sub };
}

// ---------------------------------------------------------------------------------------------
// Queries

function relationFrom(d: Draw, ctx: QueryCtx): { from: From; rels: ScopeRel[] } {
  const r = d.pick(ctx.relations);
  const alias = `a${ctx.next++}`;
  if (ctx.relations.find((x) => x === r)?.isView === true) ctx.features.add('view');
  return { from: { k: 'rel', name: r.name, alias }, rels: [{ alias, cols: r.columns }] };
}

function fromClause(d: Draw, ctx: QueryCtx, depth: number): { from: From; rels: ScopeRel[] } {
  const roll = d.int(0, 9);
  if (roll >= 8 && depth > 0) {
    // A derived table.
    const q = select(d, ctx, depth - 1, null, []);
    const alias = `s${ctx.next++}`;
    ctx.features.add('derived-table');
    return { from: { k: 'sub', q, alias }, rels: [{ alias, cols: outputTypes(q).map((type, i) => ({ name: `c${i}`, type })) }] };
  }
  if (roll >= 5) {
    const l = relationFrom(d, ctx);
    const r = relationFrom(d, ctx);
    const pairs = l.rels[0]!.cols.flatMap((a) => r.rels[0]!.cols.filter((b) => b.type === a.type).map((b) => [a, b] as const));
    if (pairs.length === 0) return l; // no column type in common: no join
    const [a, b] = d.pick(pairs);
    const roll = d.int(0, 9);
    const type = roll >= 8 ? (roll === 8 ? 'SEMI' : 'ANTI') : roll >= 5 ? 'LEFT' : 'INNER';
    const lname = l.from.k === 'rel' ? l.from.name : '';
    const rname = r.from.k === 'rel' ? r.from.name : '';
    ctx.features.add(type === 'SEMI' ? 'semi-join' : type === 'ANTI' ? 'anti-join' : lname === rname ? 'self-join' : type === 'LEFT' ? 'left-join' : 'join');
    const on: Ex = { k: 'cmp', op: '=', l: { k: 'col', q: l.rels[0]!.alias, name: a.name }, r: { k: 'col', q: r.rels[0]!.alias, name: b.name } };
    // After a semi or anti join only the left side's columns are in scope.
    return { from: { k: 'join', type, l: l.from, r: r.from, on }, rels: type === 'SEMI' || type === 'ANTI' ? l.rels : [...l.rels, ...r.rels] };
  }
  return relationFrom(d, ctx);
}

/** The output column types of a query (aggregates: count → bigint, sum → the widest of its kind). */
export function outputTypes(q: Query): ColType[] {
  if (q.k === 'union') return outputTypes(q.l);
  if (q.k === 'with') return outputTypes(q.body);
  if (q.star === true) return scopeOf(q.from).flatMap((r) => r.cols.map((c) => c.type));
  return q.items.map((e) => typeOfEx(e, q));
}

function typeOfEx(e: Ex, q: Select): ColType {
  const colType = (c: { q: string | null; name: string }): ColType => {
    const rels = scopeOf(q.from);
    const r = rels.find((x) => x.alias === c.q);
    const t = r?.cols.find((x) => x.name === c.name)?.type;
    if (t === undefined) throw new Error(`oracle generator: no type for ${c.q}.${c.name}`);
    return t;
  };
  switch (e.k) {
    case 'col':
      return colType(e);
    case 'lit':
      return e.t;
    case 'fn':
      return e.f === 'length' ? 'int' : typeOfEx(e.args[0]!, q);
    case 'add':
      return typeOfEx(e.l, q);
    case 'case':
      return typeOfEx(e.then, q);
    case 'scalar':
      return outputTypes(e.q)[0]!;
    case 'agg':
    case 'win':
      if (e.f === 'count' || e.f === 'rank') return 'bigint';
      if (e.f === 'sum') return typeOfEx(e.arg!, q) === 'decimal(10,2)' ? 'decimal(10,2)' : 'bigint';
      return typeOfEx(e.arg!, q);
    default:
      return 'boolean';
  }
}

/** Relation scopes of a FROM clause, with column types (recorded on the From nodes by `scopeTypes`). */
const scopeTypes = new WeakMap<From, ScopeRel[]>();
function scopeOf(f: From): ScopeRel[] {
  return scopeTypes.get(f) ?? [];
}

/**
 * A SELECT. With `signature`, its items have exactly those types (union branches, IN subqueries);
 * `outer` are the relations an IN subquery may correlate with (unused: IN subqueries stay uncorrelated).
 */
function select(d: Draw, ctx: QueryCtx, depth: number, signature: readonly ColType[] | null, _outer: readonly ScopeRel[], top = false): Select {
  const { from, rels } = fromClause(d, ctx, depth);
  scopeTypes.set(from, rels);
  const s: Scope = { rels, depth, ctx };
  const where = d.chance(45) ? pred(d, s) : null;
  const cols = colsOf(s);
  if (top && d.chance(8)) {
    // The outermost SELECT may be `SELECT *`: every column of the FROM clause is referenced.
    ctx.features.add('select-star');
    return { k: 'select', distinct: d.chance(15), items: [], from, where, groupBy: null, having: null, star: true };
  }
  if (signature === null && d.chance(25)) {
    // Grouped: keys and aggregates, or one aggregate row.
    const keys = d.chance(70) ? d.subset(cols, 2) : [];
    const aggs: Ex[] = [];
    const nAggs = d.int(1, 2);
    for (let i = 0; i < nAggs; i++) {
      const f = d.pick(['count', 'sum', 'min', 'max'] as const);
      const numeric = cols.filter((c) => c.type === 'int' || c.type === 'bigint' || c.type === 'decimal(10,2)');
      if (f === 'count') {
        const arg = d.chance(50) || cols.length === 0 ? null : colEx(d.pick(cols));
        aggs.push({ k: 'agg', f, arg, distinct: arg !== null && d.chance(20) });
      }
      else if (f === 'sum' && numeric.length > 0) aggs.push({ k: 'agg', f, arg: colEx(d.pick(numeric)), distinct: false });
      else aggs.push({ k: 'agg', f: f === 'sum' ? 'max' : f, arg: colEx(d.pick(cols)), distinct: false });
    }
    ctx.features.add(keys.length > 0 ? 'group-by' : 'aggregate');
    const having: Ex | null = keys.length > 0 && d.chance(30) ? havingClause(d, cols) : null;
    if (having !== null) ctx.features.add('having');
    return { k: 'select', distinct: false, items: [...keys.map(colEx), ...aggs], from, where, groupBy: keys.length > 0 ? keys.map(colEx) : null, having };
  }
  const types = signature ?? Array.from({ length: d.int(1, 3) }, () => (cols.length > 0 && d.chance(70) ? d.pick(cols).type : d.pick<ColType>(['int', 'string', 'date'])));
  const items = types.map((t) => expr(d, s, t));
  if (signature === null && cols.length > 0 && d.chance(12)) {
    items.push(windowFunction(d, cols));
    ctx.features.add('window-fn');
  }
  const distinct = d.chance(15);
  if (distinct) ctx.features.add('distinct');
  return { k: 'select', distinct, items, from, where, groupBy: null, having: null };
}

/** `count(*) | sum | min | max OVER (PARTITION BY c)` over the whole partition, or `rank() OVER (PARTITION BY c ORDER BY o)`. */
function windowFunction(d: Draw, cols: readonly { q: string | null; name: string; type: ColType }[]): Ex {
  const partition = [colEx(d.pick(cols))];
  const f = d.pick(['count', 'rank', 'min', 'max', 'sum'] as const);
  if (f === 'rank') return { k: 'win', f, arg: null, partition, order: [colEx(d.pick(cols))] };
  const numeric = cols.filter((c) => c.type === 'int' || c.type === 'bigint' || c.type === 'decimal(10,2)');
  if (f === 'sum' && numeric.length > 0) return { k: 'win', f, arg: colEx(d.pick(numeric)), partition, order: [] };
  if (f === 'count') return { k: 'win', f, arg: d.chance(50) ? null : colEx(d.pick(cols)), partition, order: [] };
  return { k: 'win', f: f === 'sum' ? 'max' : f, arg: colEx(d.pick(cols)), partition, order: [] };
}

/** HAVING over the group: its size, or an aggregate of a (possibly masked) column against a literal. */
function havingClause(d: Draw, cols: readonly { q: string | null; name: string; type: ColType }[]): Ex {
  if (d.chance(40) || cols.length === 0) return { k: 'cmp', op: '>=', l: { k: 'agg', f: 'count', arg: null, distinct: false }, r: { k: 'lit', t: 'bigint', v: d.pick([1, 2]) } };
  const c = d.pick(cols);
  if (d.chance(40)) return { k: 'cmp', op: '>=', l: { k: 'agg', f: 'count', arg: colEx(c), distinct: d.chance(50) }, r: { k: 'lit', t: 'bigint', v: d.pick([1, 2]) } };
  return { k: 'cmp', op: d.pick(['>', '<=', '='] as const), l: { k: 'agg', f: d.pick(['max', 'min'] as const), arg: colEx(c), distinct: false }, r: { k: 'lit', t: c.type, v: value(d, c.type) } };
}

/**
 * The outermost SELECT may be ordered: by every item (a total order:
 * compared in order, and maybe with a LIMIT) or by some of them (compared as a multiset).
 */
function topLevel(d: Draw, ctx: QueryCtx, q: Select): Select {
  const out = q;
  if (!d.chance(25)) return out;
  const n = outputTypes(out).length;
  const positions = Array.from({ length: n }, (_, i) => i + 1);
  const total = d.chance(60);
  const chosen = total ? d.subset(positions, n).concat(positions).filter((p, i, xs) => xs.indexOf(p) === i) : d.subset(positions, Math.min(n, 2));
  if (chosen.length === 0) return out;
  const orderBy = chosen.map((pos) => ({ pos, desc: d.chance(40), nulls: d.chance(25) ? d.pick(['first', 'last'] as const) : null }));
  const limit = total && d.chance(70) ? d.pick([1, 2, 3, 5]) : undefined;
  ctx.features.add(limit !== undefined ? 'order-limit' : 'order-by');
  return { ...out, orderBy, ...(limit !== undefined ? { limit } : {}) };
}

function query(d: Draw, ctx: QueryCtx): Query {
  const shape = d.int(0, 9);
  if (shape >= 8) {
    const l = select(d, ctx, 1, null, []);
    const r = select(d, ctx, 1, outputTypes(l), []);
    const all = d.chance(50);
    const op = d.pick(['UNION', 'UNION', 'INTERSECT', 'EXCEPT'] as const);
    ctx.features.add(`${op.toLowerCase()}${all ? '-all' : ''}`);
    return { k: 'union', ...(op !== 'UNION' ? { op } : {}), all, l, r };
  }
  if (shape === 7) {
    // A CTE read twice: joined with itself or unioned with itself.
    const def = select(d, ctx, 1, null, []);
    const types = outputTypes(def);
    const cte: Relation = { name: 'cte1', columns: types.map((type, i) => ({ name: `c${i}`, type, tags: [] })), isView: false };
    ctx.features.add('cte-twice');
    const inner: QueryCtx = { relations: [cte], features: ctx.features, next: ctx.next };
    const body: Query = d.chance(50)
      ? (() => {
          const b = select(d, inner, 0, null, []);
          return b.from.k === 'join' ? b : { k: 'union' as const, all: true, l: b, r: select(d, inner, 0, outputTypes(b), []) };
        })()
      : { k: 'union', all: d.chance(50), l: select(d, inner, 0, types, []), r: select(d, inner, 0, types, []) };
    ctx.next = inner.next + 1;
    return { k: 'with', name: 'cte1', def, body };
  }
  return topLevel(d, ctx, select(d, ctx, 2, null, [], true));
}

// ---------------------------------------------------------------------------------------------
// The case

export function oracleCase(g: fc.GeneratorValue): OracleCase {
  const d = new Draw(g);
  const dbs = d.chance(50) ? ['db1', 'db2'] : ['db1'];
  const nTables = d.int(2, 4);
  const tables = Array.from({ length: nTables }, (_, i) => table(d, i, dbs));
  const views = d.chance(35) ? [view(d, tables)] : [];
  const data: Record<string, Record<string, Value>[]> = {};
  for (const t of tables) {
    data[fullName(t)] = Array.from({ length: d.chance(10) ? 0 : d.int(2, 8) }, () => Object.fromEntries(t.columns.map((c) => [c.name, d.chance(15) ? null : value(d, c.type)])));
  }
  const predicates: Record<string, Ex> = {};
  const policyDoc = policies(d, tables, views, predicates);
  const who = identity(d, policyDoc.settings?.impersonation?.allowedUsers ?? []);
  const relations: Relation[] = [
    ...tables.map((t) => ({ name: fullName(t), columns: t.columns, isView: false })),
    ...views.map((v) => ({ name: fullName(v), columns: v.columns, isView: true })),
  ];
  const ctx: QueryCtx = { relations, features: new Set(), next: 1 };
  const q = query(d, ctx);
  return { tables, views, data, policies: policyDoc, identity: who, query: q, predicates, features: [...ctx.features, ...policyFeatures(policyDoc, who, tables)].sort() };
}

/** What the policies and identity use, beyond the basics (for the run summary). */
function policyFeatures(doc: PolicyDocument, who: IdentitySpec, tables: readonly TableSpec[]): string[] {
  const out: string[] = [];
  const grants = doc.grants ?? [];
  if (grants.some((g) => g.on.columns !== undefined)) out.push('~grant-column');
  if (grants.some((g) => g.on.tags !== undefined)) out.push('~grant-tag');
  if ((doc.rowFilters ?? []).some((f) => f.window !== undefined)) out.push('~filter-window');
  if ((doc.rowFilters ?? []).some((f) => f.sample !== undefined)) out.push('~filter-sample');
  if (JSON.stringify(doc.masks ?? []).includes('"scope":"table"')) out.push('~hash-scope-table');
  if (tables.some((t) => t.tags !== undefined)) out.push('~table-tags');
  if (doc.settings?.mode === 'open-until-protected') out.push('~open-mode');
  if (who.impersonating !== undefined && who.impersonating !== who.user) out.push('~impersonating');
  return out;
}

export const oracleCases: fc.Arbitrary<OracleCase> = fc.gen().map(oracleCase);
