/**
 * The reference: "secure views", written from DESIGN.md alone (no code from src/rewrite or
 * src/policies/masks.ts). For one identity it decides every relation the query reads (denied:
 * no applicable allow grant in its window, or an applicable deny; or a mask that cannot keep its
 * column's type), and builds for each allowed relation a DuckDB view
 * `SELECT <masked columns> FROM <raw> WHERE <row filters>` straight from the policy document.
 * The ORIGINAL query then runs over those views.
 *
 * Policy predicates are known here as the ASTs they were printed from (`OracleCase.predicates`),
 * so the reference never parses Spark SQL.
 */
import type { PolicyDocument } from '../../src/embed.js';
import { NOW, fullName, printEx, printQuery, quoteString, sqlType, type ColType, type ColumnSpec, type Ex, type From, type OracleCase, type PrintContext, type Query } from './model.js';

type Principals = NonNullable<NonNullable<PolicyDocument['grants']>[number]['to']>;
type Grant = NonNullable<PolicyDocument['grants']>[number];
type MaskPolicy = NonNullable<PolicyDocument['masks']>[number];
type MaskSpec = NonNullable<MaskPolicy['mask']>;

interface IdentityCtx {
  readonly user: string;
  readonly isMember: (g: string) => boolean;
  readonly attribute: (k: string) => string | null;
}

/**
 * Custom masks the generator uses: the Spark text of the policy and this reference's DuckDB
 * translation of it (identity functions already evaluated).
 */
export const CUSTOM_MASKS: readonly {
  readonly spark: string;
  readonly types: readonly ColType[];
  /** Another column of the row the expression reads. */
  readonly reads?: string;
  readonly duck: (col: string, id: IdentityCtx, t: ColType) => string;
}[] = [
  { spark: 'upper({col})', types: ['string'], duck: (c) => `upper(${c})` },
  { spark: "concat('#', {col})", types: ['string'], duck: (c) => `('#' || ${c})` },
  { spark: 'substring({col}, 2)', types: ['string'], duck: (c) => `substring(${c}, 2)` },
  { spark: 'concat({col}, current_user())', types: ['string'], duck: (c, id) => `(${c} || ${quoteString(id.user, 'duckdb')})` },
  { spark: "coalesce({col}, user_attribute('region'))", types: ['string'], duck: (c, id) => `coalesce(${c}, ${id.attribute('region') === null ? 'NULL' : quoteString(id.attribute('region')!, 'duckdb')})` },
  {
    spark: "CASE WHEN is_member('hr') THEN {col} ELSE NULL END",
    types: ['string', 'int', 'bigint', 'decimal(10,2)', 'date', 'timestamp', 'boolean'],
    duck: (c, id, t) => (id.isMember('hr') ? c : `CAST(NULL AS ${sqlType(t, 'duckdb')})`),
  },
  { spark: '{col} + 1', types: ['int', 'bigint', 'decimal(10,2)'], duck: (c) => `(${c} + 1)` },
  { spark: 'abs({col})', types: ['int', 'bigint', 'decimal(10,2)'], duck: (c) => `abs(${c})` },
  { spark: 'CASE WHEN id > 5 THEN {col} ELSE NULL END', types: ['int', 'bigint', 'decimal(10,2)', 'date', 'timestamp', 'string', 'boolean'], reads: 'id', duck: (c, _id, t) => `CASE WHEN id > 5 THEN ${c} ELSE CAST(NULL AS ${sqlType(t, 'duckdb')}) END` },
  { spark: 'date_add({col}, 1)', types: ['date'], duck: (c) => `(${c} + 1)` },
  { spark: 'NOT {col}', types: ['boolean'], duck: (c) => `(NOT ${c})` },
];

/** A mask the reference applied to every row of a relation (the leak check uses it). */
export interface AppliedMask {
  readonly relation: string;
  readonly column: string;
  readonly type: ColType;
  /** The DuckDB expression over the raw column (and its row), cast back to the column's type. */
  readonly expr: string;
  /** A `when` condition makes raw values legitimate in some rows. */
  readonly conditional: boolean;
}

export interface ReferenceResult {
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly string[];
  /** DuckDB statements creating `ref_<db>.<name>` for each allowed relation (in dependency order). */
  readonly ddl: readonly string[];
  /** The original query, in DuckDB, over the secure views. */
  readonly sql: string;
  readonly masks: readonly AppliedMask[];
}

export const refName = (name: string): string => {
  const [db, t] = name.split('.');
  return `ref_${db}.${t}`;
};

const duck = (id: IdentityCtx | undefined): PrintContext => (id === undefined ? { dialect: 'duckdb' } : { dialect: 'duckdb', identity: id });

/** The relations a query reads, by full name (CTE names are not relations). */
export function readsOf(q: Query): Set<string> {
  const out = new Set<string>();
  const ex = (e: Ex): void => {
    switch (e.k) {
      case 'inSub':
        ex(e.e);
        return query(e.q);
      case 'exists':
      case 'scalar':
        return query(e.q);
      default:
        for (const v of Object.values(e)) {
          if (v !== null && typeof v === 'object' && 'k' in v) ex(v as Ex);
          if (Array.isArray(v)) v.forEach((x) => x !== null && typeof x === 'object' && 'k' in x && ex(x as Ex));
        }
    }
  };
  const from = (f: import('./model.js').From): void => {
    if (f.k === 'rel') {
      if (f.name.includes('.')) out.add(f.name);
    } else if (f.k === 'sub') query(f.q);
    else {
      from(f.l);
      from(f.r);
      ex(f.on);
    }
  };
  const query = (x: Query): void => {
    if (x.k === 'union') return (query(x.l), query(x.r));
    if (x.k === 'with') return (query(x.def), query(x.body));
    x.items.forEach(ex);
    from(x.from);
    if (x.where !== null) ex(x.where);
    x.groupBy?.forEach(ex);
    if (x.having !== null) ex(x.having);
  };
  query(q);
  return out;
}

/**
 * The columns of each relation (by full name) that the query references anywhere: every column
 * expression, and every column of the relations under a `SELECT *`. Aliases are unique within a
 * generated query, correlated references included.
 */
export function referencedColumns(q: Query, columnsOf: (name: string) => readonly { readonly name: string }[] | null): Map<string, Set<string>> {
  const aliases = new Map<string, string>();
  const refs: { q: string; name: string }[] = [];
  const out = new Map<string, Set<string>>();
  const add = (rel: string, col: string): void => {
    if (!out.has(rel)) out.set(rel, new Set());
    out.get(rel)!.add(col);
  };
  const ex = (e: Ex): void => {
    if (e.k === 'col') {
      if (e.q !== null) refs.push({ q: e.q, name: e.name });
      return;
    }
    if (e.k === 'inSub' || e.k === 'exists' || e.k === 'scalar') query(e.q);
    for (const v of Object.values(e)) {
      if (v !== null && typeof v === 'object' && 'k' in v && v !== (e as { q?: unknown }).q) ex(v as Ex);
      if (Array.isArray(v)) v.forEach((x) => x !== null && typeof x === 'object' && 'k' in x && ex(x as Ex));
    }
  };
  /** The relations whose columns `SELECT *` returns. */
  const starRels = (f: From): string[] => (f.k === 'rel' ? [f.name] : f.k === 'sub' ? [] : f.type === 'SEMI' || f.type === 'ANTI' ? starRels(f.l) : [...starRels(f.l), ...starRels(f.r)]);
  const from = (f: From): void => {
    if (f.k === 'rel') aliases.set(f.alias, f.name);
    else if (f.k === 'sub') query(f.q);
    else {
      from(f.l);
      from(f.r);
      ex(f.on);
    }
  };
  const query = (x: Query): void => {
    if (x.k === 'union') return (query(x.l), query(x.r));
    if (x.k === 'with') return (query(x.def), query(x.body));
    from(x.from);
    if (x.star === true) for (const r of starRels(x.from)) for (const col of columnsOf(r) ?? []) add(r, col.name);
    else x.items.forEach(ex);
    if (x.where !== null) ex(x.where);
    x.groupBy?.forEach(ex);
    if (x.having !== null) ex(x.having);
  };
  query(q);
  for (const r of refs) {
    const rel = aliases.get(r.q);
    if (rel !== undefined && columnsOf(rel) !== null) add(rel, r.name);
  }
  return out;
}

/** The columns an expression names (unqualified: a view's WHERE over its base table). */
function columnNames(e: Ex, out: Set<string>): Set<string> {
  if (e.k === 'col') out.add(e.name);
  for (const v of Object.values(e)) {
    if (v !== null && typeof v === 'object' && 'k' in v) columnNames(v as Ex, out);
    if (Array.isArray(v)) v.forEach((x) => x !== null && typeof x === 'object' && 'k' in x && columnNames(x as Ex, out));
  }
  return out;
}

/**
 * `window`: newer than N days keeps `col >= now − N days`, older than N days `col < now − N
 * days`; a DATE compares with the UTC date of that instant, a TIMESTAMP with the instant.
 */
function windowSql(w: { readonly column: string; readonly newerThanDays?: number; readonly olderThanDays?: number }, col: ColumnSpec): string {
  const bound = (days: number): string => {
    const at = new Date(Date.parse(NOW) - days * 24 * 3600 * 1000).toISOString();
    return col.type === 'date' ? `DATE '${at.slice(0, 10)}'` : `TIMESTAMP '${at.slice(0, 19).replace('T', ' ')}'`;
  };
  const parts: string[] = [];
  if (w.newerThanDays !== undefined) parts.push(`${col.name} >= ${bound(w.newerThanDays)}`);
  if (w.olderThanDays !== undefined) parts.push(`${col.name} < ${bound(w.olderThanDays)}`);
  return parts.length === 0 ? 'true' : parts.join(' AND ');
}

/** Which kinds keep which column types (DESIGN.md, "Mask semantics"). */
function fits(kind: MaskSpec['kind'], t: ColType): boolean {
  switch (kind) {
    case 'hash':
    case 'redact':
    case 'showFirst':
    case 'showLast':
    case 'emailDomain':
    case 'regex':
      return t === 'string';
    case 'yearOnly':
      return t === 'date';
    case 'bucket':
      return t === 'int' || t === 'bigint' || t === 'decimal(10,2)';
    default:
      return true;
  }
}

/**
 * Ranger's MASK, in an order of its own: every character outside A–Z, a–z, 0–9 first becomes
 * chr(1) (a placeholder the classes below leave alone), and that becomes `U` last.
 */
const redact = (c: string): string =>
  `replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(${c}, '[^A-Za-z0-9]', chr(1), 'g'), '[A-Z]', 'X', 'g'), '[a-z]', 'x', 'g'), '[0-9]', 'n', 'g'), chr(1), 'U')`;

/** One mask kind as DuckDB SQL over column `c` of type `t`, with Spark's casts where they differ. */
function maskSql(spec: MaskSpec, c: string, t: ColType, salt: string | null, id: IdentityCtx, relation: string): string {
  const T = sqlType(t, 'duckdb');
  switch (spec.kind) {
    case 'null':
      return `CAST(NULL AS ${T})`;
    case 'constant':
      return spec.value === null || spec.value === undefined ? `CAST(NULL AS ${T})` : `CAST(${quoteString(String(spec.value), 'duckdb')} AS ${T})`;
    case 'hash': {
      // scope table: the relation's lower-case name and a colon go between the salt and the value.
      const s = (spec.salt ?? salt ?? '') + (spec.scope === 'table' ? `${relation.toLowerCase()}:` : '');
      return `sha256(${s === '' ? '' : `${quoteString(s, 'duckdb')} || `}CAST(${c} AS VARCHAR))`;
    }
    case 'redact':
      return redact(c);
    case 'showFirst':
      return `CASE WHEN length(${c}) <= ${spec.n} THEN ${c} ELSE substr(${c}, 1, ${spec.n}) || ${redact(`substr(${c}, ${spec.n! + 1})`)} END`;
    case 'showLast':
      return `CASE WHEN length(${c}) <= ${spec.n} THEN ${c} ELSE ${redact(`substr(${c}, 1, length(${c}) - ${spec.n})`)} || right(${c}, ${spec.n}) END`;
    case 'emailDomain':
      return `('*****@' || CASE WHEN strpos(${c}, '@') = 0 THEN '' ELSE string_split(${c}, '@')[-1] END)`;
    case 'yearOnly':
      return `CAST(date_trunc('year', ${c}) AS DATE)`;
    case 'bucket': {
      const w = spec.width!;
      const v = `floor(${c} / ${w}) * ${w}`;
      // Spark casts a double to an integral type by truncation; DuckDB's cast rounds.
      return t === 'decimal(10,2)' ? `CAST(${v} AS ${T})` : `CAST(trunc(${v}) AS ${T})`;
    }
    case 'regex':
      return `regexp_replace(${c}, ${quoteString(spec.pattern!, 'duckdb')}, ${quoteString(spec.replacement!, 'duckdb')}, 'g')`;
    case 'custom': {
      const m = CUSTOM_MASKS.find((x) => x.spark === spec.expression);
      if (m === undefined) throw new Error(`reference: unknown custom mask ${spec.expression}`);
      return `CAST(${m.duck(c, id, t)} AS ${T})`;
    }
    case 'none':
      return c;
  }
}

export function reference(c: OracleCase): ReferenceResult {
  const doc = c.policies;
  const settings = doc.settings ?? {};
  const sensitive = settings.groupsCaseSensitive === true;
  const norm = (g: string): string => (sensitive ? g : g.toLowerCase());
  const inGroup = (g: string): boolean => c.identity.groups.some((x) => norm(x) === norm(g));
  const attrValues = (k: string): readonly string[] => {
    const v = c.identity.attributes[k];
    return v === undefined ? [] : typeof v === 'string' ? [v] : v;
  };
  // Impersonation: the caller acts as another user (same groups and attributes) when allowed to.
  const caller = c.identity.user;
  const impersonated = c.identity.impersonating !== undefined && c.identity.impersonating !== caller;
  const user = impersonated ? c.identity.impersonating! : caller;
  const id: IdentityCtx = { user, isMember: inGroup, attribute: (k) => attrValues(k)[0] ?? null };
  const names = (p: Principals | undefined): boolean => {
    if (p === undefined) return false;
    if (p.everyone === true) return true;
    if ((p.users ?? []).includes(user)) return true;
    if ((p.groups ?? []).some(inGroup)) return true;
    return Object.entries(p.attributes ?? {}).some(([k, want]) => (typeof want === 'string' ? [want] : want).some((w) => attrValues(k).includes(w)));
  };
  const applies = (to: Principals | undefined, except: Principals | undefined): boolean => (to === undefined || names(to)) && !names(except);
  const on = <T extends { enabled?: boolean }>(xs: readonly T[] | undefined): T[] => (xs ?? []).filter((x) => x.enabled !== false);

  const reads = readsOf(c.query);
  const viewByName = new Map(c.views.map((v) => [fullName(v), v]));
  for (const r of [...reads]) {
    const v = viewByName.get(r);
    if (v !== undefined) reads.add(v.base);
  }
  const sql = printQuery(c.query, { dialect: 'duckdb', relation: (n) => (n.includes('.') ? refName(n) : n) });
  const relationColumns = (n: string): readonly ColumnSpec[] | null => c.tables.find((x) => fullName(x) === n)?.columns ?? viewByName.get(n)?.columns ?? null;
  const referenced = referencedColumns(c.query, relationColumns);
  // A view's body references its columns and its WHERE's in the base table.
  for (const v of c.views) {
    if (!reads.has(fullName(v))) continue;
    const cols = referenced.get(v.base) ?? new Set<string>();
    v.columns.forEach((x) => cols.add(x.name));
    if (v.where !== null) columnNames(v.where, cols);
    referenced.set(v.base, cols);
  }
  const deny = (reason: string): ReferenceResult => ({ decision: 'deny', reasons: [reason], ddl: [], sql, masks: [] });

  if (impersonated && !(settings.impersonation?.allowedUsers ?? []).includes(caller)) return deny(`${caller} may not impersonate ${user}`);
  const privileged = (settings.privileged?.users ?? []).includes(user) || (settings.privileged?.groups ?? []).some(inGroup);
  if (!privileged && settings.requiredGroup !== undefined && !inGroup(settings.requiredGroup)) return deny(`not in required group ${settings.requiredGroup}`);

  const sameName = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  const grantCovers = (g: Grant, name: string): boolean => {
    const db = name.split('.')[0]!;
    return (g.on.tables ?? []).some((p) => p === '*' || sameName(p, name) || (p.endsWith('.*') && sameName(p.slice(0, -2), db))) || (g.on.databases ?? []).some((x) => sameName(x, db));
  };
  const now = new Date(NOW);
  const inWindow = (g: Grant): boolean => (g.validFrom === undefined || new Date(g.validFrom) <= now) && (g.validUntil === undefined || now <= new Date(g.validUntil));
  /** The table's own tags (a view has none). */
  const tableTags = (name: string): readonly string[] => c.tables.find((x) => fullName(x) === name)?.tags ?? [];
  /** Columns with their own tags (a view's carry none: the catalog gives none). */
  const ownColumns = (name: string): readonly ColumnSpec[] => {
    const t = c.tables.find((x) => fullName(x) === name);
    if (t !== undefined) return t.columns;
    return viewByName.get(name)!.columns.map((col) => ({ ...col, tags: [] }));
  };
  /** For masks: a tag of the table reaches every column, as if each carried it. */
  const columnsOf = (name: string): readonly ColumnSpec[] => ownColumns(name).map((col) => ({ ...col, tags: [...col.tags, ...tableTags(name)] }));
  const tableMasks = (name: string): MaskPolicy[] => on(doc.masks).filter((m) => (m.table !== undefined && sameName(m.table, name)) || (m.tag !== undefined && columnsOf(name).some((col) => col.tags.includes(m.tag!))));

  /** `db.t.col` / `db.*.col` / `db.t.*` against a table and one of its columns (`*` for the table part only). */
  const patternHits = (pattern: string, name: string, column: string | null): boolean => {
    const parts = pattern.split('.');
    const col = parts.pop()!;
    const [pdb, pt] = parts.length === 2 ? parts : ['*', parts[0] ?? '*'];
    const [db, t] = name.split('.') as [string, string];
    if (!((pdb === '*' || sameName(pdb!, db)) && (pt === '*' || sameName(pt!, t)))) return false;
    return column === null ? col === '*' : col !== '*' && sameName(col, column);
  };
  /** Grants on the whole relation: by name, database, `db.t.*`, or a tag of the table. */
  const wholeTable = (g: Grant, name: string): boolean =>
    grantCovers(g, name) || (g.on.columns ?? []).some((p) => patternHits(p, name, null)) || (g.on.tags ?? []).some((t) => tableTags(name).includes(t));
  /** Grants on one column of the relation: by pattern or a tag of the column. */
  const onColumn = (g: Grant, name: string, col: ColumnSpec): boolean =>
    (g.on.columns ?? []).some((p) => patternHits(p, name, col.name)) || (g.on.tags ?? []).some((t) => col.tags.includes(t));
  // In open-until-protected mode a read needs a grant only where a grant names the table, one of
  // its columns or one of its tags (whoever the grant is for); row filters and masks (tag masks
  // too) apply wherever they reach.
  const needsGrant = (name: string): boolean =>
    settings.mode !== 'open-until-protected' || on(doc.grants).some((g) => wholeTable(g, name) || ownColumns(name).some((col) => onColumn(g, name, col)));
  const isProtected = (name: string): boolean => needsGrant(name) || on(doc.rowFilters).some((f) => sameName(f.table, name)) || tableMasks(name).length > 0;

  /**
   * Null when allowed; else why not. A deny on the relation denies it; a deny on a referenced
   * column (by pattern or tag) denies it; without an allow on the relation, every referenced
   * column needs an allow of its own, and a read referencing none needs an allow on some column.
   */
  const grantDecision = (name: string, referenced: ReadonlySet<string>): string | null => {
    const live = on(doc.grants).filter((g) => g.actions.includes('select') && applies(g.to, g.except) && inWindow(g));
    const whole = live.filter((g) => wholeTable(g, name));
    if (whole.some((g) => g.effect === 'deny')) return `a grant denies ${name}`;
    const wholeAllowed = whole.some((g) => g.effect !== 'deny');
    const cols = ownColumns(name);
    for (const r of referenced) {
      const col = cols.find((x) => sameName(x.name, r))!;
      const gs = live.filter((g) => onColumn(g, name, col));
      if (gs.some((g) => g.effect === 'deny')) return `a grant denies ${name}.${col.name}`;
      if (!wholeAllowed && !gs.some((g) => g.effect !== 'deny')) return `no grant gives select on ${name}.${col.name}`;
    }
    if (!wholeAllowed && referenced.size === 0 && !cols.some((col) => live.some((g) => g.effect !== 'deny' && onColumn(g, name, col)))) return `no grant gives select on ${name} or any of its columns`;
    return null;
  };

  /** The mask each column gets: highest priority, then by column over by tag, then document order. */
  const chosenMasks = (name: string): { column: ColumnSpec; spec: MaskSpec; when: string | null }[] | string => {
    const out: { column: ColumnSpec; spec: MaskSpec; when: string | null }[] = [];
    const candidates = on(doc.masks);
    for (const column of columnsOf(name)) {
      let best: { spec: MaskSpec; when: string | null; priority: number; byColumn: boolean; order: number } | null = null;
      candidates.forEach((m, order) => {
        const hits = m.tag !== undefined ? column.tags.includes(m.tag) : sameName(m.table!, name) && sameName(m.column!, column.name);
        if (!hits || !applies(m.to, m.except)) return;
        let spec = m.mask;
        let when = m.when ?? null;
        if (m.cases !== undefined) {
          const k = m.cases.find((x) => applies(x.to, x.except));
          if (k === undefined) return;
          spec = k.mask;
          when = k.when ?? when;
        }
        if (spec === undefined) return;
        const cand = { spec, when, priority: m.priority ?? 0, byColumn: m.tag === undefined, order };
        if (best === null || cand.priority > best.priority || (cand.priority === best.priority && cand.byColumn && !best.byColumn)) best = cand;
      });
      if (best === null) continue;
      let spec: MaskSpec = (best as { spec: MaskSpec }).spec;
      if (!fits(spec.kind, column.type)) {
        if (spec.fallback === undefined || !fits(spec.fallback, column.type)) return `a ${spec.kind} mask cannot keep the type of ${name}.${column.name}`;
        spec = { ...spec, kind: spec.fallback };
      }
      if (spec.kind === 'none') continue;
      out.push({ column, spec, when: (best as { when: string | null }).when });
    }
    return out;
  };

  const ddl: string[] = [];
  const applied: AppliedMask[] = [];
  /** The secure view of one relation over `source`, or why the identity may not read it. */
  const secureView = (name: string, source: string): { ddl: string } | { denied: string } => {
    const cols = columnsOf(name);
    if (privileged || !isProtected(name)) return { ddl: `CREATE VIEW ${refName(name)} AS SELECT ${cols.map((x) => x.name).join(', ')} FROM ${source}` };
    const denied = needsGrant(name) ? grantDecision(name, referenced.get(name) ?? new Set()) : null;
    if (denied !== null) return { denied };
    const masks = chosenMasks(name);
    if (typeof masks === 'string') return { denied: masks };
    const conditions: string[] = [];
    for (const f of on(doc.rowFilters)) {
      if (!sameName(f.table, name) || !applies(f.to, f.except)) continue;
      if (f.cases !== undefined) {
        const k = f.cases.find((x) => applies(x.to, x.except));
        if (k !== undefined) conditions.push(predicate(k.where));
      } else if (f.window !== undefined) {
        conditions.push(windowSql(f.window, cols.find((x) => sameName(x.name, f.window!.column))!));
      } else if (f.sample !== undefined) {
        // The first 8 hex digits of the key's md5 as an unsigned number, mod 100 (NULL keys: out).
        const k = f.sample.column;
        conditions.push(`${k} IS NOT NULL AND CAST('0x' || substring(md5(CAST(${k} AS VARCHAR)), 1, 8) AS UBIGINT) % 100 < ${f.sample.percent}`);
      } else if (f.match !== undefined) {
        // Exactly the identity's values (group names as the identity spells them); none: no row.
        const values = f.match.groups === true ? c.identity.groups : attrValues(f.match.attribute!);
        conditions.push(values.length === 0 ? 'false' : `${f.match.column} IN (${values.map((v) => quoteString(v, 'duckdb')).join(', ')})`);
      } else conditions.push(predicate(f.where!));
    }
    const items = cols.map((col) => {
      const m = masks.find((x) => x.column.name === col.name);
      if (m === undefined) return col.name;
      let e = maskSql(m.spec, col.name, col.type, settings.hashSalt ?? null, id, name);
      // `when`: the mask holds only where the condition is true (NULL: the raw value stays).
      if (m.when !== null) e = `CASE WHEN ${predicate(m.when)} THEN ${e} ELSE ${col.name} END`;
      e = `CAST(${e} AS ${sqlType(col.type, 'duckdb')})`;
      applied.push({ relation: name, column: col.name, type: col.type, expr: e, conditional: m.when !== null });
      return `${e} AS ${col.name}`;
    });
    const where = conditions.length === 0 ? '' : ` WHERE ${conditions.map((x) => `(${x})`).join(' AND ')}`;
    return { ddl: `CREATE VIEW ${refName(name)} AS SELECT ${items.join(', ')} FROM ${source}${where}` };
  };
  const predicate = (text: string): string => {
    const e = c.predicates[text];
    if (e === undefined) throw new Error(`reference: no AST for predicate ${text}`);
    return printEx(e, duck(id));
  };

  const reasons: string[] = [];
  // Base tables first: a view's secure view reads its base table's secure view.
  for (const t of c.tables) {
    const name = fullName(t);
    const r = secureView(name, name);
    if ('ddl' in r) ddl.push(r.ddl);
    else if (reads.has(name)) reasons.push(r.denied);
  }
  for (const v of c.views) {
    const name = fullName(v);
    if (!reads.has(name)) continue;
    const where = v.where === null ? '' : ` WHERE ${printEx(v.where, duck(undefined))}`;
    const body = `(SELECT ${v.columns.map((x) => x.name).join(', ')} FROM ${refName(v.base)}${where}) AS ${v.name}`;
    // A view is a catalog object: its own grant, row filters and masks apply above its body,
    // its base table's inside it.
    const r = secureView(name, body);
    if ('ddl' in r) ddl.push(r.ddl);
    else reasons.push(r.denied);
  }
  if (reasons.length > 0) return deny(reasons.join('; '));
  return { decision: 'allow', reasons: [], ddl, sql, masks: applied };
}
