/**
 * The engine: `createEngine({ catalog, policies, settings })` → `engine.rewrite(sql, identity,
 * { now })`. Parse, analyse against the catalog, decide every read (grants), inject the row
 * filter and the masks directly above each read of a protected table (SecureScans), verify,
 * print. Fails closed: anything it cannot secure is a denial with a reason. Grants are decided
 * in grants.ts, statements other than queries in statements.ts, each read is secured by
 * secure-read.ts, and the verifier is the integrity check's secured mode (integrity.ts).
 */
import type { Plan } from '../plan/logical.js';
import type { Expression } from '../plan/expression.js';
import type { AttributeRef, Relation, SecureScan, TableIdentifier, View } from '../plan/resolved.js';
import { tableIdentifier, type Catalog, type CatalogTable } from '../plan/catalog/catalog.js';
import { parseSql } from '../parser/parser.js';
import { SqlParseError } from '../parser/errors.js';
import { isStatement } from '../plan/print/statement.js';
import { printPlan } from '../plan/print/query.js';
import { quoteIdent } from '../plan/print/names.js';
import { mapExprSlots, mapPlanSlots, visitExprSlots, visitPlanSlots } from '../plan/children.js';
import { AnalysisError } from '../plan/analysis/errors.js';
import { createSession } from '../plan/analysis/session.js';
import { checkIntegrity, checkSecuredPlan, secureScanLeaf } from '../plan/analysis/integrity.js';
import { outputOf } from '../plan/analysis/output.js';
import { PlanTooDeepError, isStackOverflow } from '../plan/depth.js';
import type { AnalyzerEnv } from '../plan/analysis/analyzer.js';
import { applies, inGroup, type Identity, type MatchContext } from '../policies/identity.js';
import type { PolicySet } from '../policies/load.js';
import type { Grant, MaskPolicy, MaskSpec, RowFilterPolicy, Settings } from '../policies/schema.js';
import { PolicyCompileError, bindIdentity, parsePolicyExpression, resolvePolicyExpression } from '../policies/compile-expression.js';
import { compileMask } from '../policies/masks.js';
import { TableIndex } from '../policies/table-index.js';
import { shorthandPredicate } from '../policies/row-filters.js';
import { MAX_RECIPES, sameSecuring, secureRead, secureRelation, type RecipeCache, type SecureInputs, type SecuredRead } from './secure-read.js';
import { decide, decideSelect, tableName, type ColumnGrant } from './grants.js';
import { dangerousStatement, namedObjects, writeTarget } from './statements.js';

/** A table read: its name (as scans and the audit give it) and its catalog table. */
interface CatalogEntry {
  readonly name: string;
  readonly table: CatalogTable | undefined;
}

export interface ScanDirective {
  readonly table: string;
  /** 1 for the first read of this table in the statement, 2 for the second, … */
  readonly occurrence: number;
  readonly filter: string | null;
  readonly masks: Readonly<Record<string, string>>;
  readonly policyIds: readonly string[];
}

export interface AuditRecord {
  readonly at: string;
  readonly user: string;
  readonly effectiveUser: string;
  readonly statementKind: string;
  readonly reads: readonly { readonly table: string; readonly columns: readonly string[] }[];
  readonly writes: readonly string[];
  readonly policies: readonly string[];
  readonly masks: readonly string[];
  readonly filters: readonly string[];
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly string[];
  readonly statement?: string;
}

export interface RewriteResult {
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly string[];
  readonly sql?: string;
  readonly plan?: Plan;
  readonly scans?: readonly ScanDirective[];
  readonly audit: AuditRecord;
}

export interface EngineOptions {
  readonly catalog: Catalog;
  readonly policies: PolicySet;
  readonly settings?: Settings;
}

export interface SecureRelationResult {
  readonly decision: 'allow' | 'deny';
  readonly reasons: readonly string[];
  /** A Spark SQL predicate over the table's columns, or null. */
  readonly filter: string | null;
  /** Column → Spark SQL expression replacing it (same name and type). */
  readonly masks: Readonly<Record<string, string>>;
  readonly policyIds: readonly string[];
  /** The identity is privileged: no filter or mask (the read is still audited by the caller). */
  readonly privileged: boolean;
}

export interface Engine {
  rewrite(sql: string, identity: Identity, options?: { readonly now?: Date | string }): RewriteResult;
  /**
   * The directives for one read of a table, as Spark SQL text, for a shim that wraps Catalyst's
   * own relation (SQL and DataFrame API alike) with Spark's `parseExpression`.
   */
  secureRelation(table: string, identity: Identity, options?: { readonly now?: Date | string; readonly columns?: readonly string[] }): SecureRelationResult;
  /**
   * Secures a resolved query plan (from `analyze`, or the plan of an earlier rewrite) as
   * `rewrite` secures a query's text. Reads already under a SecureScan are not wrapped again:
   * securing a secured plan for the same identity and policies returns it unchanged
   * (DESIGN.md, idempotence); their grants are decided again, and a SecureScan whose policies
   * differ from those that apply now (another identity, changed policies) is a denial.
   */
  securePlan(plan: Plan, identity: Identity, options?: { readonly now?: Date | string }): RewriteResult;
  /**
   * Compiles every row filter and mask against every catalog table it reaches (for any identity:
   * the identity functions stand for placeholder values), and returns the problems, each with its
   * policy's JSON path: a missing column, a type mismatch, a mask kind that cannot keep a column's
   * type, a predicate that does not parse. At rewrite time such a policy denies the table.
   */
  check(): readonly PolicyProblem[];
}

export interface PolicyProblem {
  /** JSON path of the policy (or of the part of it) in the document. */
  readonly path: string;
  readonly table: string;
  readonly message: string;
}

class Denied extends Error {}

const NO_COLUMNS: ReadonlySet<string> = new Set();

type GrantDecision = { readonly denied: string | null; readonly ids: readonly string[] };

/** What the policies say about one catalog table (see policiesFor in createEngine). */
interface TablePolicies {
  /** The identifier they were looked up for. */
  readonly id: TableIdentifier;
  readonly grants: readonly Grant[];
  readonly columnGrants: readonly ColumnGrant[];
  readonly rowFilters: readonly RowFilterPolicy[];
  readonly masks: readonly MaskPolicy[];
  /** A grant names a tag of the table or of one of its columns. */
  readonly tagGranted: boolean;
  /**
   * Whether a read's grant decision can depend on the columns it reads: a column grant names a
   * column of the table, or a grant names a tag of one of its columns (see decideSelect).
   */
  readonly columnsMatter: boolean;
  /** A grant that may decide a read of the table (by its name, database or a tag of it) has a validity window. */
  readonly timedGrants: boolean;
  /** A `window` row filter may apply (the only part of a recipe that depends on the time). */
  readonly timedFilters: boolean;
  /** Select decisions that depend on the table alone (not columnsMatter), by identity key (and time: timedGrants); bounded. */
  readonly decisions: Map<string, GrantDecision>;
  /** Compiled reads, by identity key (and time: timedFilters); see secure-read.ts. */
  readonly recipes: RecipeCache;
  /** The match context of a read of the table (its owner). */
  readonly ctx: MatchContext;
  /** The inputs of the last identity whose reads of the table were secured (see inputsFor). */
  inputs: SecureInputs | null;
  /** Whose they are (an identity key). */
  inputsKey: string | null;
}
const NO_GRANT_NEEDED: GrantDecision = { denied: null, ids: [] };

const keepExpr = (e: Expression): Expression => e;
/** The plan nodes a statement's first walk has yet to visit (see secure): one stack, the walk is never re-entered. */
const walkStack: Plan[] = [];

export function createEngine(options: EngineOptions): Engine {
  const doc = options.policies.document;
  const settings: Settings = { ...doc.settings, ...options.settings };
  const mode = settings.mode ?? 'protected-until-granted';
  const groupsCaseSensitive = settings.groupsCaseSensitive ?? false;
  const roles = new Map((doc.roles ?? []).map((r) => [r.name.toLowerCase(), { users: r.users ?? [], groups: r.groups ?? [] }]));
  const enabled = <T extends { enabled?: boolean | undefined }>(xs: readonly T[] | undefined): T[] => (xs ?? []).filter((x) => x.enabled !== false);
  const grants = enabled(doc.grants);
  const rowFilters = enabled(doc.rowFilters);
  const masks = enabled(doc.masks);
  const blocked = (settings.blockedFunctions ?? ['^reflect$', '^java_method$']).map((r) => new RegExp(r, 'i'));
  // A loop (a closure over the name would be built for every function call a statement holds).
  const isBlocked = (name: string): boolean => {
    for (let i = 0; i < blocked.length; i++) if (blocked[i]!.test(name)) return true;
    return false;
  };
  // What policies match against besides the identity: the same for every statement, and per
  // table only its owner (kept with the table's policies: no context to build per read).
  const baseCtx: MatchContext = { groupsCaseSensitive, roles: { get: (r) => roles.get(r) } };
  const ctxOf = (id: TableIdentifier, table: CatalogTable | undefined): MatchContext => policiesFor(id, table).ctx;


  // Compiled once: policies by the tables they name, tag masks by tag (document order kept).
  const grantIndex = new TableIndex<Grant>();
  const columnGrantIndex = new TableIndex<ColumnGrant>();
  const tagGrants = new Map<string, Grant[]>();
  for (const g of grants) {
    for (const t of g.on.tables ?? []) grantIndex.addTable(t, g);
    for (const d of g.on.databases ?? []) grantIndex.addDatabase(d, g);
    for (const c of g.on.columns ?? []) {
      // `db.t.col` (any part may be `*`; `db.t.*` is the whole table).
      const parts = c.replace(/^spark_catalog\./i, '').split('.');
      const column = parts.pop()!;
      const t = parts.length === 0 ? '*' : parts.every((x) => x === '*') ? '*' : parts.join('.');
      if (column === '*') grantIndex.addTable(t, g);
      else columnGrantIndex.addTable(t, { grant: g, column: column.toLowerCase() });
    }
    for (const tag of g.on.tags ?? []) tagGrants.set(tag, [...(tagGrants.get(tag) ?? []), g]);
  }
  const filterIndex = new TableIndex<RowFilterPolicy>();
  for (const f of rowFilters) filterIndex.addTable(f.table, f);
  const maskIndex = new TableIndex<MaskPolicy>();
  const tagMasks = new Map<string, MaskPolicy[]>();
  for (const m of masks) {
    if (m.table !== undefined) maskIndex.addTable(m.table, m);
    if (m.tag !== undefined) tagMasks.set(m.tag, [...(tagMasks.get(m.tag) ?? []), m]);
  }
  const maskOrder = new Map(masks.map((m, i) => [m, i]));
  /** What the policies say about each catalog table, looked up once (an index hashes a name per lookup). */
  const byTable = new WeakMap<CatalogTable, TablePolicies>();
  /**
   * The catalog table and name of a read of SQL text analysed here, by its identifier: the
   * analyzer makes one identifier object per catalog table object (a table replaced in the
   * catalog is read under a new one), so the identifier names its table for good. Plans from
   * outside (securePlan) and views (whose identifier is the catalog's, which a replaced table
   * may share) are looked up in the catalog.
   */
  const entryOf = new WeakMap<TableIdentifier, CatalogEntry>();
  const policiesFor = (t: TableIdentifier, table: CatalogTable | undefined): TablePolicies => {
    if (table === undefined) return tablePolicies(t, undefined);
    const known = byTable.get(table);
    // (A catalog table is read under one identifier; another would be looked up afresh.)
    if (known !== undefined && known.id.name === t.name && known.id.database === t.database) return known;
    const found = tablePolicies(t, table);
    if (known === undefined) byTable.set(table, found);
    return found;
  };
  const timedGrant = (g: Grant): boolean => g.validFrom !== undefined || g.validUntil !== undefined;
  const tablePolicies = (t: TableIdentifier, table: CatalogTable | undefined): TablePolicies => {
    const tableGrants = grantIndex.get(t);
    const columnGrants = columnGrantIndex.get(t);
    const rowFilters = filterIndex.get(t);
    const columnTagGranted = (table?.columns ?? []).some((c) => c.tags.some((tag) => tagGrants.has(tag)));
    return {
      id: t,
      grants: tableGrants,
      columnGrants,
      rowFilters,
      masks: masksOf(t, table),
      tagGranted: columnTagGranted || (table?.tags ?? []).some((tag) => tagGrants.has(tag)),
      columnsMatter: columnGrants.length > 0 || columnTagGranted,
      timedGrants: tableGrants.some(timedGrant) || (table?.tags ?? []).some((tag) => (tagGrants.get(tag) ?? []).some(timedGrant)),
      timedFilters: rowFilters.some((f) => f.window !== undefined),
      decisions: new Map(),
      recipes: new Map(),
      ctx: { groupsCaseSensitive, roles: baseCtx.roles, owner: table?.owner ?? null },
      inputs: null,
      inputsKey: null,
    };
  };
  /** Masks for a table: by name, and by the tags its columns or the table carry, in document order. */
  const masksFor = (t: TableIdentifier, table: CatalogTable | undefined): readonly MaskPolicy[] => policiesFor(t, table).masks;
  const masksOf = (t: TableIdentifier, table: CatalogTable | undefined): MaskPolicy[] => {
    const tags = new Set([...(table?.tags ?? []), ...(table?.columns ?? []).flatMap((c) => c.tags)]);
    const found = new Set([...maskIndex.get(t), ...[...tags].flatMap((tag) => tagMasks.get(tag) ?? [])]);
    return [...found].sort((a, b) => maskOrder.get(a)! - maskOrder.get(b)!);
  };

  /**
   * Whether reading a table needs a grant: always in protected-until-granted mode; in
   * open-until-protected mode when a grant names it, one of its columns or one of its tags.
   * (Row filters and masks apply whenever they reach a table, in either mode.)
   */
  const needsGrant = (t: TableIdentifier, table: CatalogTable | undefined, columns?: ReadonlySet<string>): boolean => {
    if (mode === 'protected-until-granted') return true;
    const p = policiesFor(t, table);
    return p.grants.length > 0 || columnGrantsOf(p, columns).length > 0 || p.tagGranted;
  };
  const underPolicy = (t: TableIdentifier, table: CatalogTable | undefined, columns: ReadonlySet<string>): boolean => {
    const p = policiesFor(t, table);
    return needsGrant(t, table, columns) || p.rowFilters.length > 0 || p.masks.length > 0;
  };
  /**
   * The column grants naming a column of this table (`db.*.col` names only the tables that have a
   * `col`); `columns`: the read's column names in lower case (unknown for a write target: all).
   */
  const columnGrantsOf = (p: TablePolicies, columns: ReadonlySet<string> | undefined): readonly ColumnGrant[] =>
    p.columnGrants.length === 0 ? p.columnGrants : p.columnGrants.filter((x) => columns === undefined || columns.has(x.column));
  /** The read's column names in lower case, as columnGrantsOf reads them (not worked out when no column grant names the table). */
  const columnNames = (t: TableIdentifier, table: CatalogTable | undefined, p: Plan): ReadonlySet<string> =>
    policiesFor(t, table).columnGrants.length === 0 ? NO_COLUMNS : new Set(outputOf(p).map((a) => a.name.toLowerCase()));


  // Rewrites come many to a millisecond: the audit time's text is kept for the last one.
  let lastTime = NaN;
  let lastIso = '';
  const isoTime = (d: Date): string => {
    const t = d.getTime();
    if (t !== lastTime) {
      lastIso = d.toISOString(); // throws for an invalid date, as before
      lastTime = t;
    }
    return lastIso;
  };

  const engine: Engine = {
    check() {
      const problems: PolicyProblem[] = [];
      // Identity functions stand for placeholder values of their types.
      const probe: Identity = { user: 'probe', groups: ['probe'], purposes: ['probe'], attributes: new Proxy({}, { get: () => ['probe'] }) };
      const catalog = options.catalog;
      const env: AnalyzerEnv = { catalog, currentDatabase: 'default', caseSensitive: false, tempViews: new Map() };
      const tables = catalog.listDatabases().flatMap((d) => catalog.listTables(d));
      const pathOf = new Map<object, string>();
      (doc.rowFilters ?? []).forEach((f, i) => pathOf.set(f, `$.rowFilters[${i}]`));
      (doc.masks ?? []).forEach((m, i) => pathOf.set(m, `$.masks[${i}]`));
      for (const table of tables) {
        const id = table.identifier;
        const name = tableName(id);
        let raw: AttributeRef[];
        try {
          raw = outputOf(createSession({ catalog }).analyze(`SELECT * FROM ${[id.database ?? 'default', id.name].map(quoteIdent).join('.')}`)).map((a) => ({ ...a, qualifier: [] }));
        } catch (e) {
          if (e instanceof AnalysisError) continue; // a view that does not analyse: the catalog's problem, reported by the analyzer
          throw e;
        }
        const lastId = raw.reduce((m, a) => Math.max(m, a.id), 0);
        const attempt = (path: string, f: () => void): void => {
          try {
            f();
          } catch (e) {
            if (e instanceof PolicyCompileError) problems.push({ path, table: name, message: e.message });
            else throw e;
          }
        };
        const predicate = (text: string, policyId: string): void => {
          resolvePolicyExpression(bindIdentity(parsePolicyExpression(text, policyId), probe, groupsCaseSensitive, policyId), raw, env, lastId, policyId);
        };
        for (const f of filterIndex.get(id)) {
          const path = pathOf.get(f)!;
          if (f.where !== undefined) attempt(`${path}.where`, () => predicate(f.where!, f.id));
          (f.cases ?? []).forEach((c, j) => attempt(`${path}.cases[${j}].where`, () => predicate(c.where, f.id)));
          const shorthand = f.match !== undefined ? 'match' : f.window !== undefined ? 'window' : f.sample !== undefined ? 'sample' : null;
          if (shorthand !== null) {
            attempt(`${path}.${shorthand}`, () => void resolvePolicyExpression(shorthandPredicate(f, probe, raw, new Date(0)), raw, env, lastId, f.id));
          }
        }
        for (const m of masksFor(id, table)) {
          const path = pathOf.get(m)!;
          const columns =
            m.tag === undefined
              ? raw.filter((a) => a.name.toLowerCase() === m.column!.toLowerCase())
              : raw.filter((a) => (table.tags ?? []).includes(m.tag!) || (table.columns.find((c) => c.name.toLowerCase() === a.name.toLowerCase())?.tags ?? []).includes(m.tag!));
          if (m.tag === undefined && columns.length === 0) problems.push({ path: `${path}.column`, table: name, message: `policy ${m.id}: ${m.column} is not a column of ${name}` });
          if (columns.length > 0 && m.when !== undefined) attempt(`${path}.when`, () => predicate(m.when!, m.id));
          (m.cases ?? []).forEach((c, j) => columns.length > 0 && c.when !== undefined && attempt(`${path}.cases[${j}].when`, () => predicate(c.when!, m.id)));
          const specs: [string, MaskSpec][] = m.mask !== undefined ? [[`${path}.mask`, m.mask]] : (m.cases ?? []).map((c, j) => [`${path}.cases[${j}].mask`, c.mask]);
          for (const [where, spec] of specs) {
            if (spec.kind === 'none') continue;
            for (const col of columns) {
              attempt(where, () => void compileMask(spec, col, raw, null, probe, env, lastId, m.id, settings.hashSalt ?? null, groupsCaseSensitive, name.toLowerCase()));
            }
          }
        }
      }
      return problems;
    },
    secureRelation(table, identity, opts = {}) {
      const quote = (p: string): string => '`' + p.replace(/`/g, '``') + '`';
      const name = table.split('.').map((p) => p.replace(/^`|`$/g, ''));
      // The read is decided with the columns the caller reads (all of them by default): column
      // grants and denies apply to those.
      const columns = opts.columns === undefined || opts.columns.length === 0 ? '*' : opts.columns.map(quote).join(', ');
      const r = engine.rewrite(`SELECT ${columns} FROM ${name.map(quote).join('.')}`, identity, opts.now === undefined ? {} : { now: opts.now });
      const privileged = r.decision === 'allow' && r.reasons.some((x) => x.endsWith('is privileged: no rewrite'));
      if (r.decision === 'deny') return { decision: 'deny', reasons: r.reasons, filter: null, masks: {}, policyIds: [], privileged: false };
      // The directives of this relation itself (for a view, the view's own; its base tables'
      // scans come first, bottom-up).
      const wantedName = name.slice(-2).join('.').toLowerCase();
      const own = (r.scans ?? []).filter((s) => s.table.toLowerCase() === wantedName || s.table.toLowerCase() === `default.${wantedName}`);
      const scan = own[own.length - 1];
      const wanted = opts.columns?.map((c) => c.toLowerCase());
      const masks = Object.fromEntries(Object.entries(scan?.masks ?? {}).filter(([c]) => wanted === undefined || wanted.includes(c.toLowerCase())));
      return { decision: 'allow', reasons: r.reasons, filter: scan?.filter ?? null, masks, policyIds: scan?.policyIds ?? [], privileged };
    },
    rewrite(sql, caller, opts = {}) {
      return run(sql, caller, opts);
    },
    securePlan(plan, caller, opts = {}) {
      return run(plan, caller, opts);
    },
  };

  /** rewrite and securePlan: `input` is SQL text, or a resolved query plan. */
  function run(input: string | Plan, caller: Identity, opts: { readonly now?: Date | string }): RewriteResult {
    if (typeof input === 'string') {
      try {
        return secure(input, caller, opts);
      } catch (e) {
        // The parser bounds nesting; a statement can still be too deep for the walks that follow
        // (thousands of UNION branches): denied, never a crash.
        if (isStackOverflow(e) || e instanceof PlanTooDeepError) return denial(`the statement is too deep to secure (${e instanceof Error ? e.message : String(e)})`, caller, opts);
        throw e;
      }
    }
    // A plan comes from outside (JSON, another process): any shape this engine does not know is
    // a denial, never an exception.
    try {
      return secure(input, caller, opts);
    } catch (e) {
      return denial(`the plan is not a resolved plan this engine can secure: ${e instanceof Error ? e.message : String(e)}`, caller, opts);
    }
  }

  /** A denial decided before anything was read. */
  function denial(reason: string, caller: Identity, opts: { readonly now?: Date | string }): RewriteResult {
    const when = new Date(opts.now ?? Date.now());
    const at = (Number.isNaN(when.getTime()) ? new Date() : when).toISOString();
    return {
      decision: 'deny',
      reasons: [reason],
      audit: { at, user: caller.user, effectiveUser: caller.impersonating ?? caller.user, statementKind: 'Query', reads: [], writes: [], policies: [], masks: [], filters: [], decision: 'deny', reasons: [reason] },
    };
  }

  function secure(input: string | Plan, caller: Identity, opts: { readonly now?: Date | string }): RewriteResult {
    {
      const sql = typeof input === 'string' ? input : printPlan(input);
      // Impersonation: decided as the impersonated user, when the settings allow the caller to.
      const impersonated = caller.impersonating !== undefined && caller.impersonating !== caller.user;
      const identity: Identity = impersonated ? { ...caller, user: caller.impersonating! } : caller;
      const now = opts.now === undefined ? new Date() : new Date(opts.now);
      const reasons: string[] = [];
      const reads = new Map<string, TableReads>();
      const applied = new Names();
      const maskIds = new Names();
      const filterIds = new Names();
      const writes: string[] = [];
      let statementKind = 'Query';
      const audit = (decision: 'allow' | 'deny'): AuditRecord => ({
        at: isoTime(now),
        user: caller.user,
        effectiveUser: identity.user,
        statementKind,
        reads: readList(reads),
        writes,
        policies: applied.sorted(),
        masks: maskIds.sorted(),
        filters: filterIds.sorted(),
        decision,
        reasons,
        ...(settings.includeStatementInAudit === true ? { statement: sql } : {}),
      });
      const deny = (reason: string): RewriteResult => {
        reasons.push(reason);
        return { decision: 'deny', reasons, audit: audit('deny') };
      };

      if (impersonated && !(settings.impersonation?.allowedUsers ?? []).includes(caller.user)) {
        return deny(`user ${caller.user} may not impersonate ${identity.user}: not in settings.impersonation.allowedUsers`);
      }
      const ctx = baseCtx;
      const privileged =
        (settings.privileged?.users ?? []).includes(identity.user) || (settings.privileged?.groups ?? []).some((g) => inGroup(identity, g, ctx));
      if (!privileged && settings.requiredGroup !== undefined && !inGroup(identity, settings.requiredGroup, ctx)) {
        return deny(`user ${identity.user} is not in the required group ${settings.requiredGroup}`);
      }

      let parsed: Plan;
      try {
        parsed = typeof input === 'string' ? parseSql(sql) : input;
      } catch (e) {
        if (e instanceof SqlParseError) return deny(`the statement does not parse: ${e.message.split('\n')[0]}`);
        throw e;
      }
      if (typeof input !== 'string' && isStatement(input)) return deny(`securePlan takes a resolved query plan, not a ${input.kind} statement`);
      statementKind = isStatement(parsed) ? parsed.kind : 'Query';
      // Every script transform (SELECT TRANSFORM, MAP, REDUCE) is written with the keyword USING
      // (grammar/transform.ts), and it is the only dangerous node a query can hold: a query whose
      // text has no USING has none to look for.
      const dangerous = typeof input === 'string' && !isStatement(parsed) && !/using/i.test(input) ? null : dangerousStatement(parsed, settings);
      if (dangerous !== null) return deny(`${dangerous} (denied by default for ${identity.user})`);
      if (isStatement(parsed)) {
        if (privileged) {
          reasons.push(`${identity.user} is privileged: no rewrite`);
          return { decision: 'allow', reasons, sql, plan: parsed, scans: [], audit: audit('allow') };
        }
        const write = writeTarget(parsed, 'default');
        if (write !== null) {
          // INSERT, CTAS, CREATE VIEW AS, CACHE TABLE AS: the target needs its privilege; the
          // query that feeds it is secured below like any query.
          const target = options.catalog.getTable(write.table.database ?? '', write.table.name);
          if (write.action !== null && needsGrant(write.table, target)) {
            const ctxW: MatchContext = { ...ctx, owner: target?.owner ?? null };
            const d = decide(write.action, grantIndex.get(write.table), write.table, identity, ctxW, now);
            if (d.denied !== null) return deny(`${d.denied} (user ${identity.user})`);
            applied.add(d.ids);
          }
          writes.push(tableName(write.table));
        } else if (parsed.kind === 'UpdateTable' || parsed.kind === 'DeleteFromTable') {
          // UPDATE and DELETE touch rows in place: allowed with the privilege, unless a row filter
          // or a mask applies to this user (the statement would reach rows or values hidden from them).
          const t = tableIdentifier(parsed.table.name, 'default');
          const action = parsed.kind === 'UpdateTable' ? 'update' : 'delete';
          const target = options.catalog.getTable(t.database ?? '', t.name);
          const ctxW: MatchContext = { ...ctx, owner: target?.owner ?? null };
          const d = needsGrant(t, target) ? decide(action, grantIndex.get(t), t, identity, ctxW, now) : { denied: null, ids: [] };
          if (d.denied !== null) return deny(`${d.denied} (user ${identity.user})`);
          const hidden = [
            ...filterIndex.get(t).filter((f) => applies(f.to, f.except, identity, ctxW)),
            ...masksFor(t, target).filter((m) => applies(m.to, m.except, identity, ctxW)),
          ];
          if (hidden.length > 0) return deny(`${action} on ${tableName(t)} is denied: policies ${hidden.map((h) => h.id).join(', ')} hide rows or values of it from ${identity.user}`);
          applied.add(d.ids);
          writes.push(tableName(t));
          reasons.push(`${action} on ${tableName(t)} granted`);
          return { decision: 'allow', reasons, sql, plan: parsed, scans: [], audit: audit('allow') };
        } else if (parsed.kind !== 'Explain' || isStatement(parsed.statement)) {
          // Other writes and DDL need privileges not modelled yet: a statement passes only when it
          // names no table at all (USE, SET, SHOW FUNCTIONS …); EXPLAIN is secured like its query.
          const touched = namedObjects(parsed);
          if (touched.length > 0) return deny(`${parsed.kind} on ${touched.join(', ')} is not allowed yet: only queries are secured (user ${identity.user})`);
          reasons.push(`${parsed.kind} touches no table`);
          return { decision: 'allow', reasons, sql, plan: parsed, scans: [], audit: audit('allow') };
        }
      }

      const session = createSession({ catalog: options.catalog });
      let plan: Plan;
      try {
        plan = typeof input === 'string' ? session.analyzeParsed(parsed) : input;
      } catch (e) {
        if (e instanceof AnalysisError) return deny(`the query does not analyse: ${e.message}`);
        throw e;
      }
      // The parsed plan let go (like the analysed one below): a long statement's would stay live
      // to the end, and be copied by the collector.
      parsed = plan;
      if (typeof input !== 'string') {
        const problems = checkIntegrity(plan);
        if (problems.length > 0) return deny(`the plan is not a sound resolved plan: ${problems[0]}`);
      }
      const env: AnalyzerEnv = { catalog: session.catalog, currentDatabase: session.currentDatabase, caseSensitive: false, tempViews: new Map() };

      if (privileged) {
        reasons.push(`${identity.user} is privileged: no rewrite`);
        return { decision: 'allow', reasons, sql, plan, scans: [], audit: audit('allow') };
      }

      // One walk over the statement: functions refused by the settings, the columns it reads
      // (referenced anywhere, or returned; for the audit record), the largest id in use (produced
      // by a plan node or an expression), and the reads already secured (securePlan).
      let blockedFn: string | null = null;
      let unsafeFn: string | null = null;
      const returnedIds = outputIdList(plan);
      const used = new IdSet();
      for (let i = 0; i < returnedIds.length; i++) used.add(returnedIds[i]!);
      let lastId = 0;
      let hasSubquery = false;
      /** How many SecureScans the walk is inside. */
      let inSecured = 0;
      /** The leaves of the statement's SecureScans (securePlan of a secured plan); made at the first. */
      let alreadySecured: Set<Plan> | null = null;
      // Each node's expressions are walked before its children and the subqueries they hold,
      // which are visited in slot order (collected into `kids` on the way).
      // (On one stack: a node's own entries stay below what its children put there.)
      // (The stack is the module's, kept between statements: grown for each one, a long
      // statement's cost as much to make as the walk itself.)
      const kids = walkStack;
      let top = 0;
      let high = 0;
      const toKids = (q: Plan): void => {
        kids[top++] = q;
        if (top > high) high = top;
      };
      const onExpr = (e: Expression): void => {
        if (e.kind === 'ResolvedFunction' && isBlocked(e.name)) blockedFn ??= e.name;
        else if (e.kind === 'ResolvedFunction' && e.name.includes('.') && options.catalog.getFunction(e.name)?.safe !== true) unsafeFn ??= e.name;
        else if (e.kind === 'AttributeRef' || e.kind === 'LambdaVariable') {
          if (inSecured === 0) used.add(e.id);
          if (e.id > lastId) lastId = e.id;
        } else if (e.kind === 'OuterReference') {
          if (inSecured === 0) used.add(e.attr.id);
          if (e.attr.id > lastId) lastId = e.attr.id;
        } else if (e.kind === 'Alias' && e.id !== undefined && e.id > lastId) lastId = e.id;
        else if (e.kind === 'InSubquery' || e.kind === 'Exists' || e.kind === 'ScalarSubquery') hasSubquery = true;
        // The commonest kinds walked directly (the same slots, in the same order, as the
        // children table's); the rest through it.
        if (e.kind === 'BinaryOp') {
          onExpr(e.left);
          onExpr(e.right);
        } else if (e.kind === 'ResolvedFunction' && e.filter === null && e.withinGroup === null) {
          for (let i = 0; i < e.args.length; i++) onExpr(e.args[i]!);
        } else if (e.kind === 'Alias' || e.kind === 'Cast') onExpr(e.child);
        else if (e.kind !== 'AttributeRef' && e.kind !== 'Literal') visitExprSlots(e, toKids, onExpr);
      };
      const onPlan = (p: Plan): void => {
        // Every column id in the plan is one a node stores or an expression holds.
        const stored = storedColumns(p);
        for (let i = 0; i < stored.length; i++) if (stored[i]!.id > lastId) lastId = stored[i]!.id;
        // A secured read's leaf (and what wraps it) is not wrapped again; a secured view's body is
        // walked like any plan (its reads decided again, its SecureScans checked).
        // What a secured read's filter and masks read is the policies' reading, not the
        // statement's (a column passed through keeps its id, which the filter may read): not
        // counted, as it is not when the read is secured from the analysed plan.
        const secured = p.kind === 'SecureScan';
        if (secured) {
          const leaf = secureScanLeaf(p);
          if (leaf !== null) (alreadySecured ??= new Set()).add(leaf);
          inSecured++;
        }
        const k0 = top;
        visitPlanSlots(p, toKids, onExpr);
        const k1 = top;
        for (let i = k0; i < k1; i++) onPlan(kids[i]!);
        top = k0;
        if (secured) inSecured--;
      };
      try {
        onPlan(plan);
      } finally {
        // Nothing of this statement kept alive by the stack.
        kids.fill(undefined as unknown as Plan, 0, high);
      }
      /** How often each id is read, for a statement with views (a view's columns are read by its own body too: see referencedBy). */
      let reads_: Map<number, number> | null = null;
      const readCounts = (): Map<number, number> => {
        if (reads_ !== null) return reads_;
        return (reads_ = countReads(plan, null));
      };
      if (blockedFn !== null) return deny(`function ${blockedFn} is blocked by the settings`);
      if (unsafeFn !== null) return deny(`function ${unsafeFn} is not declared safe in the catalog (a catalog function runs code; declare it with "safe": true to allow it)`);
      /**
       * The columns of a read that the statement references: read anywhere, or returned. A
       * view's body reads the view's own columns (it produces them), which does not count.
       */
      const referencedBy = (p: Plan): string[] => {
        const out = outputOf(p);
        if (p.kind !== 'View') {
          const names: string[] = [];
          for (let i = 0; i < out.length; i++) if (used.has(out[i]!.id)) names.push(out[i]!.name);
          return names;
        }
        const inside = countReads(p.child, new Set(out.map((a) => a.id)));
        const counts = readCounts();
        const returned = new Set(returnedIds);
        return out.filter((a) => returned.has(a.id) || (counts.get(a.id) ?? 0) > (inside.get(a.id) ?? 0)).map((a) => a.name);
      };
      // What applies to a read is compiled once per table and identity (see secure-read.ts): the
      // identity's key is what policies can see of it.
      let identityKey: string | null | undefined;
      const keyOfIdentity = (): string | null => {
        if (identityKey === undefined) {
          try {
            identityKey = JSON.stringify([identity.user, identity.groups ?? null, identity.attributes ?? null, identity.purposes ?? null]);
          } catch {
            identityKey = null; // not plain data: compiled for each read
          }
        }
        return identityKey;
      };
      /**
       * What applies to reads of a table by this identity: kept with the table's policies for the
       * last identity that read it (no time in it unless a `window` filter may apply).
       */
      const inputsFor = (id: TableIdentifier, table: CatalogTable | undefined): SecureInputs => {
        const key = keyOfIdentity();
        const p = policiesFor(id, table);
        const keep = table !== undefined && key !== null && !p.timedFilters;
        if (keep && p.inputs !== null && p.inputsKey === key) return p.inputs;
        // The recipes of a table for an identity (and, when a `window` filter may apply, the time).
        const recipes = table === undefined || key === null ? null : { cache: p.recipes, key: p.timedFilters ? `${key}\u0000${now.getTime()}` : key };
        const inputs: SecureInputs = { rowFilters: p.rowFilters, masks: p.masks, salt: settings.hashSalt ?? null, groupsCaseSensitive, recipes };
        if (keep) {
          p.inputs = inputs;
          p.inputsKey = key;
        }
        return inputs;
      };
      /**
       * The columns a read references (referencedBy), for the audit record: a table's noted as
       * they are found, with no list of them made. The table's record of reads, for its scans'
       * occurrences.
       */
      const noteReads = (name: string, p: Plan): TableReads => {
        let cols = reads.get(name);
        if (cols === undefined) reads.set(name, (cols = new TableReads()));
        if (p.kind === 'View') cols.add(referencedBy(p));
        else {
          const out = outputOf(p);
          for (let i = 0; i < out.length; i++) if (used.has(out[i]!.id)) cols.addOne(out[i]!.name);
        }
        return cols;
      };
      /**
       * Decisions that depend on the table alone (no grant names one of its columns, by name or
       * tag), by table, for this statement, when the identity has no key (see grantRead): the
       * same identity at the same time reading the same table again is decided the same way.
       */
      let tableDecisions: Map<TablePolicies, GrantDecision> | null = null;
      /** Select on a read (`p`), when it needs a grant: denied (thrown), or the grants that allow it. */
      const grantRead = (id: TableIdentifier, table: CatalogTable | undefined, columns: ReadonlySet<string>, p: Plan, matchCtx: MatchContext): void => {
        const policies = policiesFor(id, table);
        let decision: GrantDecision;
        if (table === undefined || policies.columnsMatter) decision = decideRead(id, table, columns, p, matchCtx);
        else {
          // Kept between statements like the recipes: by table, identity and, when a grant that
          // may decide it has a validity window, the time.
          const key = keyOfIdentity();
          const slot = key === null ? null : policies.timedGrants ? `${key}\u0000${now.getTime()}` : key;
          const kept = slot === null ? (tableDecisions ??= new Map()).get(policies) : policies.decisions.get(slot);
          if (kept !== undefined) decision = kept;
          else {
            decision = decideRead(id, table, columns, p, matchCtx);
            if (slot === null) tableDecisions!.set(policies, decision);
            else {
              if (policies.decisions.size >= MAX_RECIPES) policies.decisions.clear();
              policies.decisions.set(slot, decision);
            }
          }
        }
        if (decision.denied !== null) throw new Denied(decision.denied);
        applied.add(decision.ids);
      };
      /** Select on a read (`p`): denied (a reason), or the grants that allow it (none when it needs none). */
      const decideRead = (id: TableIdentifier, table: CatalogTable | undefined, columns: ReadonlySet<string>, p: Plan, matchCtx: MatchContext): GrantDecision => {
        if (!needsGrant(id, table, columns)) return NO_GRANT_NEEDED;
        const policies = policiesFor(id, table);
        return decideSelect(policies.grants, columnGrantsOf(policies, columns), (tag) => tagGrants.get(tag) ?? [], id, table, referencedBy(p), identity, matchCtx, now);
      };
      /** The catalog's table and the name of each table read, by database and name (no key to build for a table read again); made at the first table not in `entryOf`. */
      let entries: Map<string | null, Map<string, CatalogEntry>> | null = null;
      const fromText = typeof input === 'string';
      const catalogEntry = (p: Relation | View): CatalogEntry => {
        const id = p.kind === 'Relation' ? p.table : p.view;
        // A table read of a statement analysed here: its identifier is the analyzer's one for
        // that catalog table (see relationNames), kept from an earlier statement with the table.
        const mine = fromText && p.kind === 'Relation';
        if (mine) {
          const kept = entryOf.get(id);
          if (kept !== undefined) return kept;
        }
        let inDatabase = (entries ??= new Map()).get(id.database);
        if (inDatabase === undefined) entries.set(id.database, (inDatabase = new Map()));
        let entry = inDatabase.get(id.name);
        if (entry === undefined) inDatabase.set(id.name, (entry = { name: tableName(id), table: session.catalog.getTable(id.database ?? '', id.name) }));
        if (mine && entry.table !== undefined) entryOf.set(id, entry);
        return entry;
      };
      const scans: ScanDirective[] = [];
      /** Reads secured before (securePlan of a secured plan) and kept as they are. */
      let kept = 0;
      /** Reads decided and left as they are (no policy applies): the verifier's list of plain reads. */
      const decided = new Set<Plan>();

      let secured: Plan;
      try {
        // transformUp (transformUpDeep with subqueries: without them no plan hides in an
        // expression, and the plan-only walk finds every read), with one pair of callbacks for
        // the whole walk rather than a closure made per node.
        const up = (p: Plan): Plan => secureNode(mapPlanSlots(p, up, hasSubquery ? deepExpr : keepExpr));
        const deepExpr = (e: Expression): Expression => mapExprSlots(e, up, deepExpr);
        const secureNode = (p: Plan): Plan => {
          if (p.kind === 'ScriptTransform') throw new Denied('TRANSFORM … USING runs a script and is denied by default');
          if (p.kind === 'FileRelation') {
            throw new Denied(`reading files by path (${p.format}.\`${p.path}\`) is not allowed`);
          }
          if (p.kind === 'SecureScan') {
            // A read secured before (securePlan of a secured plan): decided again, kept as it is
            // when the policies that apply now are the ones it carries.
            const table = session.catalog.getTable(p.table.database ?? '', p.table.name);
            noteReads(tableName(p.table), p);
            const matchCtx = ctxOf(p.table, table);
            grantRead(p.table, table, columnNames(p.table, table, p), p, matchCtx);
            const leaf = secureScanLeaf(p);
            if (leaf === null) throw new Denied(`a secured read of ${tableName(p.table)} does not have the SecureScan shape`);
            const inputs = inputsFor(p.table, table);
            const expected = secureRead(leaf, outputOf(leaf), p.table, table, identity, matchCtx, env, lastId, inputs, now);
            lastId = expected.lastId;
            const policyIds = expected.texts.policyIds;
            if ([...policyIds].sort().join() !== [...p.policyIds].sort().join()) {
              throw new Denied(`the read of ${tableName(p.table)} was secured with policies [${p.policyIds.join(', ')}], not the ones that apply now [${policyIds.join(', ')}]`);
            }
            if (expected.node !== null && !sameSecuring(p, expected.node as SecureScan)) {
              throw new Denied(`the secured read of ${tableName(p.table)} does not filter and mask as the policies that apply now do`);
            }
            applied.add(p.policyIds);
            kept++;
            return p;
          }
          // Reads: catalog tables, and catalog views (after their bodies, so that both the view's
          // policies and its base tables' apply). Temporary views are session objects: their
          // base tables are what is secured.
          if ((p.kind !== 'Relation' && (p.kind !== 'View' || p.temporary)) || (alreadySecured !== null && alreadySecured.has(p))) return p;
          const id = p.kind === 'Relation' ? p.table : p.view;
          const { name, table } = catalogEntry(p);
          const tableReads = noteReads(name, p);
          const columns = columnNames(id, table, p);
          if (!underPolicy(id, table, columns)) {
            decided.add(p);
            return p;
          }
          const matchCtx = ctxOf(id, table);
          grantRead(id, table, columns, p, matchCtx);
          const occurrence = ++tableReads.underPolicy;
          const inputs = inputsFor(id, table);
          let r: SecuredRead;
          if (p.kind === 'Relation') r = secureRelation(p, table, identity, matchCtx, env, lastId, inputs, now);
          else {
            // The view's body is renumbered (fresh ids throughout, its own reads with it), so that
            // its columns become the raw side and the masking projection produces the ids that
            // the rest of the plan reads.
            const { plan: body, lastId: next } = renumber(p.child, lastId, decided);
            r = secureRead({ ...p, child: body }, outputOf(p), id, table, identity, matchCtx, env, next, inputs, now);
          }
          lastId = r.lastId;
          if (r.node === null) {
            decided.add(p);
            return p;
          }
          const t = r.texts;
          filterIds.add(t.filterIds);
          applied.add(t.filterIds);
          maskIds.add(t.maskIds);
          applied.add(t.maskIds);
          scans.push({ table: name, occurrence, filter: t.filterText, masks: t.maskText, policyIds: t.policyIds });
          return r.node;
        };
        secured = up(plan);
        // The analysed plan let go (the closures above hold it): what the rewrite replaced of a
        // long statement would otherwise stay live, and be copied by the collector, through
        // verification and printing.
        plan = parsed = secured;
      } catch (e) {
        if (e instanceof Denied) return deny(`${e.message} (user ${identity.user})`);
        if (e instanceof PolicyCompileError) return deny(`${e.message}: the table is denied until the policy is fixed`);
        throw e;
      }

      const problems = verifySecuredPlan(secured, decided);
      if (problems.length > 0) return deny(`the secured plan failed verification: ${problems[0]}`);
      reasons.push(scans.length + kept === 0 ? 'no filter or mask applies' : `secured ${scans.length} read(s)${kept === 0 ? '' : `, kept ${kept} secured before`}`);
      return { decision: 'allow', reasons, sql: printPlan(secured), plan: secured, scans, audit: audit('allow') };
    }
  }
  return engine;
}

/**
 * How often each column id (of `ids`, or any) is read in a plan. What a secured read's filter
 * and masks read is the policies' reading, not counted (a column passed through keeps its id:
 * a view's body secured first would seem to read the view's columns twice).
 */
function countReads(root: Plan, ids: ReadonlySet<number> | null): Map<number, number> {
  const counts = new Map<number, number>();
  const onExpr = (e: Expression): void => {
    const id = e.kind === 'AttributeRef' || e.kind === 'LambdaVariable' ? e.id : e.kind === 'OuterReference' ? e.attr.id : null;
    if (id !== null && (ids === null || ids.has(id))) counts.set(id, (counts.get(id) ?? 0) + 1);
    visitExprSlots(e, onPlan, onExpr);
  };
  const onPlan = (q: Plan): void => {
    if (q.kind !== 'SecureScan') visitPlanSlots(q, onPlan, onExpr);
  };
  onPlan(root);
  return counts;
}

/**
 * The ids of a plan's output, as outputOf gives them, read off a select list of named items
 * without building the output's columns (the statement's own output, read once per rewrite).
 */
function outputIdList(p: Plan): number[] {
  if (p.kind === 'Project') {
    const ids: number[] = [];
    for (const e of p.projectList) {
      if (e.kind === 'AttributeRef' || (e.kind === 'Alias' && e.id !== undefined)) ids.push(e.id!);
      else return outputOf(p).map((a) => a.id);
    }
    return ids;
  }
  return outputOf(p).map((a) => a.id);
}

/**
 * A set of column ids: small non-negative integers as bits of small-integer words (no hashing,
 * and a statement's few hundred ids take a few words, where a flag per id grew a list as long as
 * the ids; a typed array's buffer costs more to make than this whole set is used for), any other
 * number in a Set.
 */
class IdSet {
  private readonly words: number[] = [];
  private other: Set<number> | null = null;

  add(id: number): void {
    if (Number.isInteger(id) && id >= 0 && id < IdSet.MAX) {
      const w = (id / IdSet.BITS) | 0;
      // Filled up to the word (no holes: V8 keeps the array's fast elements).
      while (this.words.length <= w) this.words.push(0);
      this.words[w] = this.words[w]! | (1 << (id - w * IdSet.BITS));
    } else (this.other ??= new Set()).add(id);
  }

  has(id: number): boolean {
    if (Number.isInteger(id) && id >= 0 && id < IdSet.MAX) {
      const w = (id / IdSet.BITS) | 0;
      return w < this.words.length && (this.words[w]! & (1 << (id - w * IdSet.BITS))) !== 0;
    }
    return this.other?.has(id) ?? false;
  }

  /** Larger ids (plans built by hand) go to the Set: the list stays as long as the plan has columns. */
  private static readonly MAX = 1 << 16;
  /** Bits per word: 30, so that every word is a small integer (V8 keeps the list's elements unboxed). */
  private static readonly BITS = 30;
}

/**
 * Names for the audit record (a table's columns, policy ids), each once: kept sorted as they come
 * (no hash table to grow per statement, no sort at the end), a Set once the list is long. Lists
 * are added whole; the list added right before (a recipe's, shared by the reads bound from it) is
 * not added again.
 */
class Names {
  private list: string[] = [];
  private set: Set<string> | null = null;
  private last: readonly string[] | null = null;
  /** `list` was handed out by sorted(): copied before it changes. */
  private given = false;

  add(names: readonly string[]): void {
    if (names === this.last) return;
    this.last = names;
    for (let i = 0; i < names.length; i++) this.addOne(names[i]!);
  }

  addOne(x: string): void {
    if (this.set !== null) {
      this.set.add(x);
      return;
    }
    const list = this.list;
    // Where x goes in the order `Array.prototype.sort` gives (UTF-16 code units); names mostly
    // come in order, so the end is looked at first.
    let lo = 0;
    let hi = list.length;
    if (hi > 0 && list[hi - 1]! < x) lo = hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (list[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo < list.length && list[lo] === x) return;
    if (list.length >= Names.LONG) {
      this.set = new Set(list);
      this.set.add(x);
      return;
    }
    const into = this.given ? list.slice() : list;
    this.given = false;
    this.list = into;
    into.push(x);
    for (let j = into.length - 1; j > lo; j--) into[j] = into[j - 1]!;
    into[lo] = x;
  }

  /** The names, sorted as `Array.prototype.sort` sorts them. */
  sorted(): string[] {
    if (this.set !== null) return sorted(this.set);
    this.given = true;
    return this.list;
  }

  /** Beyond this many names, a Set (inserting into a sorted list moves half of it each time). */
  private static readonly LONG = 256;
}

/** What a statement reads of one table: the columns it references, and how many of its reads were under policy (the scans' occurrences). */
class TableReads extends Names {
  underPolicy = 0;
}

/** The audit record's reads: each table with its columns, sorted. */
function readList(reads: ReadonlyMap<string, Names>): { readonly table: string; readonly columns: readonly string[] }[] {
  const out: { table: string; columns: string[] }[] = [];
  for (const [table, cols] of reads) out.push({ table, columns: cols.sorted() });
  return out;
}

/** A long list of names (a Set), sorted as `Array.prototype.sort` sorts them (UTF-16 code units). */
function sorted(xs: ReadonlySet<string>): string[] {
  return Array.from(xs).sort();
}

/**
 * The columns a node stores: a table's (and its hidden ones), a CTE reference's, an inline
 * table's, a generator's … Any other column in a node's output is a child's or one that an
 * expression of the node produces (outputOf derives it from them).
 */
function storedColumns(p: Plan): readonly AttributeRef[] {
  switch (p.kind) {
    case 'Relation':
      return p.metadata === undefined ? p.output : [...p.output, ...p.metadata];
    case 'FileRelation':
    case 'CteRef':
      return p.output;
    case 'InlineTable':
    case 'TableValuedFunction':
    case 'Pivot':
    case 'Unpivot':
    case 'Join':
      return p.output ?? NO_ATTRIBUTES;
    case 'ScriptTransform':
      return p.outputAttributes ?? NO_ATTRIBUTES;
    case 'Generate':
      return p.generatorOutput ?? NO_ATTRIBUTES;
    default:
      return NO_ATTRIBUTES;
  }
}

const NO_ATTRIBUTES: readonly AttributeRef[] = [];

/**
 * A copy of a self-contained subtree (a view's body) with fresh ids throughout: every column id
 * and CTE id it produces or reads, consistently. Reads in `decided` stay decided as their copies.
 */
function renumber(plan: Plan, lastId: number, decided: Set<Plan>): { plan: Plan; lastId: number } {
  const ids = new Map<number, number>();
  const fresh = (n: number): number => {
    let m = ids.get(n);
    if (m === undefined) ids.set(n, (m = ++lastId));
    return m;
  };
  // Shared subtrees (GROUP BY ALL repeats select items) stay shared in the copy.
  const copies = new Map<object, unknown>();
  const copy = (x: unknown): unknown => {
    if (x === null || typeof x !== 'object') return x;
    const done = copies.get(x);
    if (done !== undefined) return done;
    let out: unknown;
    if (Array.isArray(x)) out = x.map(copy);
    else {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(x)) o[k] = (k === 'id' || k === 'cteId') && typeof v === 'number' ? fresh(v) : copy(v);
      if (decided.has(x as Plan)) decided.add(o as unknown as Plan);
      out = o;
    }
    copies.set(x, out);
    return out;
  };
  return { plan: copy(plan) as Plan, lastId };
}

/**
 * The verifier: the secured plan keeps its integrity; every read of a table is either wrapped in
 * exactly one SecureScan or was decided to need no wrapping (`plain`: the reads the rewrite
 * looked at and left as they are); no operator outside a SecureScan reads a raw column of a
 * secured read. One walk with the integrity check (checkSecuredPlan).
 */
export function verifySecuredPlan(plan: Plan, plain: ReadonlySet<Plan>): string[] {
  return checkSecuredPlan(plan, plain);
}
