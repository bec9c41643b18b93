/**
 * The analyzer: unresolved plan + catalog → resolved plan (the role of Catalyst's Analyzer).
 *
 * One bottom-up pass over the plan with explicit scopes, instead of Catalyst's rule batches run to
 * a fixed point: each operator is resolved once its children are, against their output columns
 * (and the enclosing query's columns, for correlated subqueries). The result uses the same node
 * unions; names are replaced by `Relation`/`View`/`CteRef` leaves and `AttributeRef`s with unique
 * ids, and every unaliased select item gets Spark's generated name. Anything we cannot resolve
 * is an `AnalysisError` with Spark's error class: nothing is left unresolved.
 */
import type { Expression, SortOrder, WindowSpec } from '../expression.js';
import type { DataType } from '../data-type.js';
import type { CteDefinition, Plan, SetOperation } from '../logical.js';
import type { AttributeRef, TableIdentifier } from '../resolved.js';
import type { Catalog, CatalogFunction, CatalogTable } from '../catalog/catalog.js';
import { SESSION_CATALOG } from '../catalog/catalog.js';
import { mapExprSlots, mapPlanSlots, visitExprSlots } from '../children.js';
import { parseSql } from '../../parser/parser.js';
import { positionOf } from '../../parser/positions.js';
import { constantString, identifierParts } from './identifier-text.js';
import { AnalysisError, quotedName } from './errors.js';
import { lookupFunction, type ArgInfo, type FunctionDef } from './functions.js';
import { outputName } from './names.js';
import { belowBlockClauses, hiddenOf, knownOutput, outputOf, requalify, setOperationOutput, toAttribute } from './output.js';
import { caseInsensitive, caseSensitive, indexJoinColumns, NameIndexes, resolveColumn, suggestions, type NameEq, type Scope } from './scope.js';
import { typeOf, nullableOf, checkExpression } from './type-of.js';
import { T, commonType, commonTypeOf, defaultTimestampNtz } from './types.js';

/** A temporary view: its query, analysed again at each reference (fresh column ids). */
export interface TempView {
  readonly name: string;
  readonly query: Plan;
  /** Column names given in `CREATE TEMP VIEW v(a, b)`. */
  readonly columns: readonly string[] | null;
  /** The current database when the view was created. */
  readonly database: string;
}

/** What the analyzer reads of a session. */
export interface AnalyzerEnv {
  readonly catalog: Catalog;
  readonly currentDatabase: string;
  readonly caseSensitive: boolean;
  /** Temporary views by lower-case name. */
  readonly tempViews: ReadonlyMap<string, TempView>;
  /** Session variables by lower-case name. */
  readonly variables?: ReadonlyMap<string, { readonly name: string; readonly type: DataType }>;
  /**
   * Functions registered in the session (Spark's `spark.udf.register`), by lower-case name; they
   * shadow built-ins of the same name, as registered functions do in Spark's session registry.
   */
  readonly functions?: ReadonlyMap<string, FunctionDef>;
  /**
   * `spark.sql.timestampType=TIMESTAMP_NTZ`: the `TIMESTAMP` keyword (literals, casts) and the
   * functions that follow the setting (`to_timestamp`, `make_timestamp` …) mean TIMESTAMP_NTZ.
   */
  readonly timestampNtz?: boolean;
}

export interface AnalyzeOptions {
  /** Maximum depth of nested views (a view reading a view …); deeper is an error, not a hang. */
  readonly maxViewDepth?: number;
}

/** Allocates column and CTE ids, unique within one analysis. */
class Ids {
  constructor(private n = 0) {}
  next(): number {
    return ++this.n;
  }
  /** The last id handed out. */
  get last(): number {
    return this.n;
  }
}

interface CteEnv {
  readonly name: string;
  readonly id: number;
  readonly columns: readonly AttributeRef[] | null;
  readonly parent: CteEnv | null;
}

interface Ctx {
  readonly env: AnalyzerEnv;
  readonly eq: NameEq;
  readonly ids: Ids;
  readonly ctes: CteEnv | null;
  readonly outer: Scope | null;
  readonly currentDatabase: string;
  readonly viewDepth: number;
  readonly maxViewDepth: number;
  /** Name indexes of wide column lists, for this analysis (scope.ts). */
  readonly indexes: NameIndexes;
  readonly lastTable: LastTable;
  /** Lateral aliases of select lists resolved before, for the next ones (see resolveSelectList). */
  readonly freeLaterals: LateralAliases[];
  /** Scopes of SELECT blocks resolved before, for the next ones (see resolveProject). */
  readonly freeScopes: { attrs: readonly AttributeRef[]; fallback?: readonly (readonly AttributeRef[])[]; outer: Scope | null }[];
}

/** Analyses a query plan (or the query inside a statement) against a session's catalog. */
export function analyzePlan(plan: Plan, env: AnalyzerEnv, options: AnalyzeOptions = {}): Plan {
  return resolvePlan(plan, newCtx(env, 0, options.maxViewDepth ?? 32));
}

/** The context of an analysis at the top of a statement; new ids start above `lastId`. */
function newCtx(env: AnalyzerEnv, lastId: number, maxViewDepth: number): Ctx {
  return {
    env,
    eq: env.caseSensitive ? caseSensitive : caseInsensitive,
    ids: new Ids(lastId),
    ctes: null,
    outer: null,
    currentDatabase: env.currentDatabase,
    viewDepth: 0,
    maxViewDepth,
    indexes: new NameIndexes(),
    lastTable: new LastTable(),
    freeLaterals: [],
    freeScopes: [],
  };
}

/**
 * `{ ...node, ...fields }` where `fields` may hold keys `node` lacks (the analyzer's `id`,
 * `output` …). On V8 (Node 20) a spread copy given a key its source lacks gets a hidden class of
 * its own: slow to build (~0.5 µs) and megamorphic for everything that reads it later. Copying
 * into a fresh object shares hidden classes. Same keys, in the same order, as the spread.
 */
function extended<T extends object>(node: T, fields: Partial<T>): T {
  return Object.assign({}, node, fields);
}

/** Errors inside a view's text point at the view's reference in the statement, not into the view text. */
function inView<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AnalysisError) e.offset = null;
    throw e;
  }
}

/**
 * `e`, given the position of `node` when it is an AnalysisError without one: a call site catches
 * and rethrows with it, so the innermost node that has a position wins.
 */
function located(e: unknown, node: object): unknown {
  if (e instanceof AnalysisError && e.offset === null) e.offset = positionOf(node) ?? null;
  return e;
}

/** A column with a new id (the fields in an AttributeRef's order; unqualified: a list of its own). */
function newColumn(ctx: Ctx, name: string, type: DataType, nullable: boolean, qualifier: readonly string[] = []): AttributeRef {
  return { kind: 'AttributeRef', id: ctx.ids.next(), name, type, nullable, qualifier };
}

// ---- plans --------------------------------------------------------------------------------------

function resolvePlan(p: Plan, ctx: Ctx): Plan {
  switch (p.kind) {
    case 'UnresolvedRelation':
      // The error, if any, points at the relation's reference.
      try {
        return resolveRelation(p, ctx);
      } catch (err) {
        throw located(err, p);
      }
    case 'SubqueryAlias': {
      const child = resolvePlan(p.child, ctx);
      const n = outputOf(child).length;
      if (p.columnAliases !== null && p.columnAliases.length !== n) {
        throw new AnalysisError(
          'ASSIGNMENT_ARITY_MISMATCH',
          `The number of column aliases (${p.columnAliases.length}) does not match the number of columns (${n}) of ${quotedName([p.alias])}.`,
          { numTarget: String(n), numExpr: String(p.columnAliases.length) },
        );
      }
      return child === p.child ? p : { ...p, child };
    }
    case 'With':
      return resolveWith(p, ctx);
    case 'Project':
      return resolveProject(p, ctx);
    case 'Aggregate':
      return resolveAggregate(p, ctx);
    case 'Filter': {
      const child = resolvePlan(p.child, ctx);
      const condition = resolveExpr(p.condition, scopeOf(child, ctx), ctx);
      // Aggregates and window functions belong in HAVING and QUALIFY (subqueries have their own WHERE).
      if (invalidInWhere(condition)) {
        throw new AnalysisError('INVALID_WHERE_CONDITION', `The WHERE condition ${outputName(condition)} contains invalid expressions.`, {});
      }
      return { ...p, child, condition };
    }
    case 'UnresolvedHaving':
      return resolveHaving(p, ctx);
    case 'Qualify': {
      const child = resolvePlan(p.child, ctx);
      const condition = resolveExpr(p.condition, blockScope(child, ctx), ctx);
      return { ...p, child, condition };
    }
    case 'Sort':
      return resolveSort(p, ctx);
    case 'Repartition':
      return resolveRepartition(p, ctx);
    case 'Limit':
    case 'Offset':
    case 'Distinct':
    case 'Hint':
    case 'PipeOperator':
    case 'Sample':
      return resolvePlanSlots(p, ctx);
    case 'WithWindowDefinition':
      return resolveWindowDefinitions(p, ctx);
    case 'Join':
      return resolveJoin(p, ctx);
    case 'SetOperation':
      return resolveSetOperation(p, ctx);
    case 'InlineTable':
      return resolveInlineTable(p, ctx);
    case 'OneRowRelation':
      return p;
    case 'Generate':
      return resolveGenerate(p, ctx);
    case 'TableValuedFunction':
      return resolveTableFunction(p, ctx);
    case 'Pivot':
      return resolvePivot(p, ctx);
    case 'ScriptTransform':
      return resolveScriptTransform(p, ctx);
    case 'NearestByJoin': {
      const left = resolvePlan(p.left, ctx);
      const right = resolvePlan(p.right, ctx);
      const ranking = resolveExpr(p.ranking, { attrs: [...outputOf(left), ...outputOf(right)], outer: ctx.outer }, ctx);
      return { ...p, left, right, ranking };
    }
    case 'Unpivot':
      return resolveUnpivot(p, ctx);
    case 'PipeSet':
      return resolvePipeSet(p, ctx);
    case 'Relation':
    case 'FileRelation':
    case 'View':
    case 'CteRef':
      return p; // already resolved
    default:
      throw new AnalysisError('UNSUPPORTED_FEATURE', `leafguard cannot analyse ${p.kind} yet.`, { kind: p.kind });
  }
}

// The cases of resolvePlan with closures are functions of their own (see resolveSlots).

function resolveRepartition(p: Extract<Plan, { kind: 'Repartition' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  return { ...p, child, expressions: p.expressions.map((e) => resolveExpr(e, blockScope(child, ctx), ctx)) };
}

function resolvePlanSlots(p: Extract<Plan, { kind: 'Limit' | 'Offset' | 'Distinct' | 'Hint' | 'PipeOperator' | 'Sample' }>, ctx: Ctx): Plan {
  return mapPlanSlots(p, (c) => resolvePlan(c, ctx), (e) => resolveExpr(e, { attrs: [], outer: null }, ctx));
}

function resolveWindowDefinitions(p: Extract<Plan, { kind: 'WithWindowDefinition' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  const scope = blockScope(child, ctx);
  const windows = p.windows.map((w) => (typeof w.spec === 'string' ? w : { ...w, spec: resolveWindowSpec(w.spec, scope, ctx) }));
  return { ...p, child, windows };
}

function resolveScriptTransform(p: Extract<Plan, { kind: 'ScriptTransform' }>, ctx: Ctx): Plan {
  // Resolved so that the policy layer can refuse it by name with the columns it would read.
  const child = resolvePlan(p.child, ctx);
  const cols = p.output ?? [
    { name: 'key', type: T.string, nullable: true, comment: null },
    { name: 'value', type: T.string, nullable: true, comment: null },
  ];
  const outputAttributes = cols.map((c) => newColumn(ctx, c.name, c.type, true));
  return extended(p, { child, outputAttributes });
}

function scopeOf(child: Plan, ctx: Ctx): Scope {
  const hidden = hiddenOf(child);
  return hidden.length === 0 ? { attrs: outputOf(child), outer: ctx.outer } : { attrs: outputOf(child), fallback: [hidden], outer: ctx.outer };
}

/**
 * The scope of a clause over a SELECT block (ORDER BY, HAVING, QUALIFY, DISTRIBUTE BY): SQL lets
 * these read columns the select list does not return. ORDER BY prefers the block's output (an
 * alias wins over an input column of the same name) and falls back to the block's input;
 * HAVING prefers the input, as Spark resolves it against the grouped child first.
 */
function blockScope(child: Plan, ctx: Ctx, prefer: 'output' | 'input' = 'output'): Scope {
  const output = outputOf(child);
  const block = blockInput(child);
  if (block === null) return scopeOf(child, ctx);
  const seen = new Set(output.map((a) => a.id));
  const input = block.input.filter((a) => !seen.has(a.id));
  const hidden = block.hidden.filter((a) => !seen.has(a.id));
  return prefer === 'output'
    ? { attrs: output, fallback: [input, hidden], outer: ctx.outer }
    : { attrs: block.input, fallback: [output, hidden], outer: ctx.outer };
}

/** The input columns of the SELECT block at the top of `p` (and the join columns hidden there), or null. */
function blockInput(p: Plan): { input: readonly AttributeRef[]; hidden: readonly AttributeRef[] } | null {
  let node: Plan = p;
  node = belowBlockClauses(node);
  // A Project stacked for lateral aliases: the block's input is below the stack.
  while (node.kind === 'Project' && node.child.kind === 'Project' && isPassThrough(node.child)) node = node.child;
  if (node.kind === 'Project' && node.child.kind === 'Aggregate') node = node.child;
  if (node.kind === 'Project' || node.kind === 'Aggregate') return { input: outputOf(node.child), hidden: hiddenOf(node.child) };
  return null;
}

/** A Project that passes its whole input through (the lower levels of a lateral-alias stack). */
function isPassThrough(p: Extract<Plan, { kind: 'Project' }>): boolean {
  const input = outputOf(p.child);
  return input.length > 0 && input.every((a, i) => p.projectList[i]?.kind === 'AttributeRef' && (p.projectList[i] as AttributeRef).id === a.id);
}

function resolveRelation(p: Extract<Plan, { kind: 'UnresolvedRelation' }>, ctx: Ctx): Plan {
  if (p.file !== null) {
    return { kind: 'FileRelation', format: p.file.format, path: p.file.path, output: [] };
  }
  if (p.identifierClause !== null) {
    const name = constantString(p.identifierClause);
    if (name === null) throw new AnalysisError('NOT_A_CONSTANT_STRING.WRONG_TYPE', 'IDENTIFIER() needs a constant string.', {});
    return resolveRelation({ ...p, identifierClause: null, name: identifierParts(name) }, ctx);
  }
  const parts = p.name;
  if (parts.length === 1) {
    for (let c = ctx.ctes; c !== null; c = c.parent) {
      if (ctx.eq(c.name, parts[0]!)) {
        if (c.columns === null) {
          throw new AnalysisError('INVALID_RECURSIVE_REFERENCE.PLACE', `The recursive CTE ${quotedName([c.name])} is referenced where it has no columns yet.`, {});
        }
        const output = c.columns.map((a) => ({ ...a, id: ctx.ids.next(), qualifier: [c.name] }));
        return { kind: 'CteRef', name: c.name, cteId: c.id, output };
      }
    }
    const temp = ctx.env.tempViews.get(parts[0]!.toLowerCase());
    if (temp !== undefined) return expandTempView(temp, ctx);
  }
  const table = catalogTable(parts, ctx);
  // ``parquet.`/path` ``: a read of files by path when no such table exists (Spark's ResolveSQLOnFile).
  if (table === undefined && parts.length === 2 && FILE_FORMATS.has(parts[0]!.toLowerCase()) && !ctx.env.catalog.databaseExists(parts[0]!)) {
    if (parts[1]!.trim() === '') throw new AnalysisError('INVALID_EMPTY_LOCATION', 'The location name cannot be an empty string.', {});
    return { kind: 'FileRelation', format: parts[0]!.toLowerCase(), path: parts[1]!, output: [] };
  }
  if (table === undefined) {
    throw new AnalysisError(
      'TABLE_OR_VIEW_NOT_FOUND',
      `The table or view ${quotedName(parts)} cannot be found. Verify the spelling and correctness of the schema and catalog.`,
      { relationName: quotedName(parts) },
    );
  }
  if (table.type === 'view') return expandView(table, ctx);
  const { qualifier, tableId } = relationNames(table);
  const output: AttributeRef[] = table.columns.map((c) => newColumn(ctx, c.name, c.type, c.nullable, qualifier));
  const type = fileMetadataType(table.format);
  // In this order: the metadata column's id comes before any the time travel clause takes.
  const metadata: AttributeRef[] | null = type === null ? null : [newColumn(ctx, '_metadata', type, false, qualifier)];
  const timeTravel = p.timeTravel === null ? null : resolveTimeTravel(p.timeTravel, ctx);
  // Built without a spread (see `extended`); `metadata` only for tables that have it.
  return metadata === null
    ? { kind: 'Relation', table: tableId, output, timeTravel, options: p.options }
    : { kind: 'Relation', table: tableId, output, metadata, timeTravel, options: p.options };
}

interface RelationNames {
  readonly qualifier: readonly string[];
  readonly tableId: TableIdentifier;
}
/**
 * The qualifier of a table's columns and the identifier of its Relation, made once per catalog
 * table: every read of the table (in every query) has these same readonly values.
 */
const relationNamesOf = new WeakMap<CatalogTable, RelationNames>();

function relationNames(table: CatalogTable): RelationNames {
  let names = relationNamesOf.get(table);
  if (names === undefined) {
    const qualifier = [table.identifier.catalog ?? SESSION_CATALOG, table.identifier.database!, table.identifier.name];
    names = { qualifier, tableId: { catalog: qualifier[0]!, database: qualifier[1]!, name: qualifier[2]! } };
    relationNamesOf.set(table, names);
  }
  return names;
}

function resolveTimeTravel(t: NonNullable<Extract<Plan, { kind: 'UnresolvedRelation' }>['timeTravel']>, ctx: Ctx): typeof t {
  const none: Scope = { attrs: [], outer: null };
  return t.type === 'VERSION' ? { ...t, version: resolveExpr(t.version, none, ctx) } : { ...t, timestamp: resolveExpr(t.timestamp, none, ctx) };
}

const FILE_FORMATS: ReadonlySet<string> = new Set(['parquet', 'orc', 'csv', 'json', 'text', 'avro', 'binaryfile', 'xml']);

/** The `_metadata` struct Spark's file sources expose (parquet adds the row index). */
function fileMetadataType(format: string | null): DataType | null {
  const f = format?.toLowerCase() ?? null;
  if (f === null || !FILE_FORMATS.has(f)) return null;
  const field = (name: string, type: DataType) => ({ name, type, nullable: false, comment: null });
  const fields = [
    field('file_path', T.string),
    field('file_name', T.string),
    field('file_size', T.bigint),
    field('file_block_start', T.bigint),
    field('file_block_length', T.bigint),
    field('file_modification_time', T.timestamp),
  ];
  if (f === 'parquet') fields.push(field('row_index', T.bigint));
  return { kind: 'struct', fields };
}

/** `t`, `db.t`, `spark_catalog.db.t` → a catalog identifier (null for an unknown catalog). */
/**
 * The catalog table a relation's name reads (the current database's for a bare name; undefined
 * for a name of another catalog or none found). The last one found is kept for the analysis:
 * a statement that reads one table many times (a UNION of reads) looks it up once.
 */
function catalogTable(parts: readonly string[], ctx: Ctx): CatalogTable | undefined {
  let database: string;
  let name: string;
  if (parts.length === 1) {
    database = ctx.currentDatabase;
    name = parts[0]!;
  } else if (parts.length === 2 || (parts.length === 3 && parts[0]!.toLowerCase() === SESSION_CATALOG)) {
    database = parts[parts.length - 2]!;
    name = parts[parts.length - 1]!;
  } else return undefined;
  const last = ctx.lastTable;
  if (last.table !== undefined && last.database === database && last.name === name) return last.table;
  const table = ctx.env.catalog.getTable(database, name);
  if (table !== undefined) {
    last.database = database;
    last.name = name;
    last.table = table;
  }
  return table;
}

/** The last table catalogTable found in an analysis, under the names it was asked for. */
class LastTable {
  database = '';
  name = '';
  table: CatalogTable | undefined = undefined;
}

function expandView(table: CatalogTable, ctx: Ctx): Plan {
  if (ctx.viewDepth >= ctx.maxViewDepth) {
    throw new AnalysisError('VIEW_EXCEED_MAX_NESTED_DEPTH', `The depth of view ${quotedName([table.identifier.name])} exceeds the maximum view resolution depth (${ctx.maxViewDepth}).`, {});
  }
  const query = parseSql(table.viewText ?? '');
  const child = inView(() => resolvePlan(query, {
    ...ctx,
    ctes: null,
    outer: null,
    currentDatabase: table.viewDatabase ?? table.identifier.database ?? ctx.currentDatabase,
    viewDepth: ctx.viewDepth + 1,
  }));
  return { kind: 'View', view: table.identifier, temporary: false, child: renameColumns(child, table.columns.length > 0 ? table.columns.map((c) => c.name) : null, ctx) };
}

function expandTempView(v: TempView, ctx: Ctx): Plan {
  if (ctx.viewDepth >= ctx.maxViewDepth) {
    throw new AnalysisError('VIEW_EXCEED_MAX_NESTED_DEPTH', `The depth of view ${quotedName([v.name])} exceeds the maximum view resolution depth (${ctx.maxViewDepth}).`, {});
  }
  const child = inView(() => resolvePlan(v.query, { ...ctx, ctes: null, outer: null, currentDatabase: v.database, viewDepth: ctx.viewDepth + 1 }));
  return { kind: 'View', view: { catalog: null, database: null, name: v.name }, temporary: true, child: renameColumns(child, v.columns, ctx) };
}

/** A Project renaming the columns of `child` (view column lists): new names, new ids. */
function renameColumns(child: Plan, names: readonly string[] | null, ctx: Ctx): Plan {
  if (names === null) return child;
  const out = outputOf(child);
  if (out.length !== names.length) {
    throw new AnalysisError('CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS', `The view has ${names.length} columns but its query ${out.length}.`, {});
  }
  if (out.every((a, i) => a.name === names[i])) return child;
  return { kind: 'Project', projectList: out.map((a, i) => ({ kind: 'Alias', child: a, name: names[i]!, id: ctx.ids.next() })), child };
}

function resolveWith(p: Extract<Plan, { kind: 'With' }>, ctx: Ctx): Plan {
  let env = ctx.ctes;
  const ctes: CteDefinition[] = [];
  for (const def of p.ctes) {
    const id = ctx.ids.next();
    let query: Plan;
    if (p.recursive && referencesName(def.query, def.name, ctx)) {
      query = resolveRecursiveCte(def, id, env, ctx);
    } else {
      query = resolvePlan(def.query, { ...ctx, ctes: env });
    }
    env = { name: def.name, id, columns: cteColumns(query, def), parent: env };
    ctes.push(extended(def, { id, query }));
  }
  const child = resolvePlan(p.child, { ...ctx, ctes: env });
  return { ...p, ctes, child };
}

/** A CTE's columns: its query's, renamed by `name(c1, c2)` (the definition keeps the list; no Project). */
function cteColumns(query: Plan, def: CteDefinition): readonly AttributeRef[] {
  const out = outputOf(query);
  const names = def.columnAliases;
  if (names === null) return out;
  if (names.length !== out.length) {
    throw new AnalysisError('ASSIGNMENT_ARITY_MISMATCH', `The CTE ${quotedName([def.name])} names ${names.length} columns but its query returns ${out.length}.`, {
      numTarget: String(names.length),
      numExpr: String(out.length),
    });
  }
  return out.map((a, i) => ({ ...a, name: names[i]! }));
}

/** A recursive CTE: its anchor (the first branch of the UNION) gives the columns the recursion reads. */
function resolveRecursiveCte(def: CteDefinition, id: number, env: CteEnv | null, ctx: Ctx): Plan {
  let anchor: Plan = def.query;
  while (anchor.kind === 'SetOperation') anchor = anchor.left;
  const anchorPlan = resolvePlan(anchor, { ...ctx, ctes: env });
  const self: CteEnv = { name: def.name, id, columns: cteColumns(anchorPlan, def), parent: env };
  return resolvePlan(def.query, { ...ctx, ctes: self });
}

function referencesName(p: Plan, name: string, ctx: Ctx): boolean {
  let found = false;
  const visit = (q: Plan): void => {
    if (found) return;
    if (q.kind === 'UnresolvedRelation' && q.name.length === 1 && ctx.eq(q.name[0]!, name)) found = true;
    mapPlanSlots(
      q,
      (c) => (visit(c), c),
      (e) => (visitExpr(e), e),
    );
  };
  const visitExpr = (e: Expression): void => {
    mapExprSlots(
      e,
      (q) => (visit(q), q),
      (c) => (visitExpr(c), c),
    );
  };
  visit(p);
  return found;
}

// ---- select lists, aggregates ---------------------------------------------------------------------

/** Resolves a select list: stars expanded, every item named (Spark's generated names), lateral aliases. */
function resolveSelectList(items: readonly Expression[], scope: Scope, ctx: Ctx): Expression[] {
  // A list without a star is made to its size: grown by pushes, a list of three items kept room
  // for seventeen, in the plan, for good.
  let stars = false;
  for (let i = 0; i < items.length && !stars; i++) stars = items[i]!.kind === 'UnresolvedStar';
  const out: Expression[] = stars ? [] : new Array<Expression>(items.length);
  // Taken from the lists resolved before and given back after (a list inside this one takes
  // another): a UNION of a thousand SELECTs makes one, not a thousand, with their options.
  const lateral = ctx.freeLaterals.pop()?.reset(out) ?? new LateralAliases(out);
  const opts = lateral.options;
  let named = 0;
  for (const item of items) {
    lateral.named = named;
    if (item.kind === 'UnresolvedStar') {
      const from = out.length;
      out.push(...starItems(item, scope, ctx));
      // The columns a star expands to are no aliases a later item may read.
      lateral.skip(from, out.length);
      named = out.length;
      continue;
    }
    const resolved = resolveExpr(item, scope, ctx, opts);
    out[named++] = nameItem(resolved, item, ctx);
  }
  // Not given back when an error leaves early: the next list makes its own.
  ctx.freeLaterals.push(lateral.reset(NO_ITEMS));
  return out;
}

const NO_ITEMS: readonly Expression[] = [];

/** The named items a star expands to (apart from resolveSelectList: see resolveSlots). */
function starItems(star: Extract<Expression, { kind: 'UnresolvedStar' }>, scope: Scope, ctx: Ctx): Expression[] {
  return expandStar(star, scope, ctx).map((e) => nameItem(e, e, ctx));
}

/**
 * The aliases defined so far in a select list, as the columns a later item may read (lateral
 * column aliases). Most lists never look one up: the columns are made when first asked for,
 * from the items named so far (no list of the aliases kept beside them).
 */
class LateralAliases {
  private attrs: AttributeRef[] | null = null;
  // How many of the items `attrs` has taken (or passed over).
  private seen = 0;
  // Ranges [from, to) of items a star expanded to, in order, as pairs of positions.
  private skipped: number[] | null = null;
  private nextSkip = 0;

  /** How many of `items` are named so far (the list may be made to its full size first). */
  named = 0;

  /** The options that resolve a select item with these aliases. */
  readonly options: ExprOptions = { lateral: this };

  constructor(private items: readonly Expression[]) {}

  /** This, for the list `items` (nothing of the previous list kept). */
  reset(items: readonly Expression[]): this {
    this.items = items;
    // A new list of columns: a name index is kept by list, and the old one's may be in it.
    this.attrs = null;
    this.seen = 0;
    this.skipped = null;
    this.nextSkip = 0;
    this.named = 0;
    return this;
  }

  columns(): readonly AttributeRef[] {
    const attrs = (this.attrs ??= []);
    const skipped = this.skipped;
    for (; this.seen < this.named; this.seen++) {
      if (skipped !== null && this.nextSkip < skipped.length && this.seen === skipped[this.nextSkip]) {
        this.seen = skipped[this.nextSkip + 1]! - 1;
        this.nextSkip += 2;
        continue;
      }
      const item = this.items[this.seen]!;
      if (item.kind === 'Alias') attrs.push(toAttribute(item));
    }
    return attrs;
  }

  /** Leaves items `from` to `to` (exclusive) out of the columns. */
  skip(from: number, to: number): void {
    if (to > from) (this.skipped ??= []).push(from, to);
  }
}

function nameItem(resolved: Expression, original: Expression, ctx: Ctx): Expression {
  if (resolved.kind === 'Alias') return resolved.id === undefined ? extended(resolved, { id: ctx.ids.next() }) : resolved;
  if (resolved.kind === 'AttributeRef') return resolved;
  if (resolved.kind === 'OuterReference') return { kind: 'Alias', child: resolved, name: resolved.attr.name, id: ctx.ids.next() };
  return { kind: 'Alias', child: resolved, name: original.kind === 'UnresolvedAttribute' && resolved.kind === 'ResolvedFunction' && resolved.name === 'grouping_id' ? 'grouping__id' : outputName(resolved), id: ctx.ids.next() };
}

function expandStar(star: Extract<Expression, { kind: 'UnresolvedStar' }>, scope: Scope, ctx: Ctx): Expression[] {
  let attrs = scope.attrs;
  if (star.target !== null) {
    const target = star.target;
    const matches = (a: AttributeRef): boolean =>
      a.qualifier.length >= target.length && target.every((t, i) => ctx.eq(a.qualifier[a.qualifier.length - target.length + i]!, t));
    attrs = attrs.filter(matches);
    if (attrs.length === 0) {
      // `t1.*` inside a LATERAL subquery or a correlated subquery: the enclosing query's columns.
      for (let o = scope.outer; o !== null; o = o.outer) {
        const outer = o.attrs.filter(matches);
        if (outer.length > 0) return outer.map((a): Expression => ({ kind: 'OuterReference', attr: a }));
      }
    }
    if (attrs.length === 0) {
      // `s.*` on a struct column expands its fields.
      let col = resolveColumn(target, scope.attrs, ctx.eq);
      for (const tier of scope.fallback ?? []) col ??= resolveColumn(target, tier, ctx.eq);
      if (col !== null && typeOf(col).kind === 'struct') {
        const t = typeOf(col) as Extract<ReturnType<typeof typeOf>, { kind: 'struct' }>;
        return t.fields.map((f): Expression => ({ kind: 'Alias', child: { kind: 'FieldAccess', child: col, field: f.name }, name: f.name, id: ctx.ids.next() }));
      }
      throw new AnalysisError('CANNOT_RESOLVE_STAR_EXPAND', `Cannot resolve ${quotedName(target)}.* given input columns ${scope.attrs.map((a) => quotedName([a.name])).join(', ')}.`, {
        targetString: quotedName(target),
      });
    }
  }
  if (star.except !== null) {
    const drop = new Set<number>();
    for (const ex of star.except) {
      const col = resolveColumn(ex, attrs, ctx.eq);
      if (col === null || col.kind !== 'AttributeRef') {
        throw unresolvedColumn(ex, suggestions(ex, attrs));
      }
      drop.add(col.id);
    }
    attrs = attrs.filter((a) => !drop.has(a.id));
  }
  return [...attrs];
}

function containsAggregate(e: Expression): boolean {
  switch (e.kind) {
    case 'AttributeRef':
    case 'Literal':
      return false;
    case 'Alias':
      return containsAggregate(e.child);
    case 'ResolvedFunction':
      if (e.category === 'aggregate') return true;
      break;
    case 'WindowExpression':
      return containsAggregate(e.function) && e.function.kind !== 'ResolvedFunction' ? true : windowArgsAggregate(e);
  }
  return someChild(e, containsAggregate);
}

/** A window function, or an aggregate of this query's columns (an aggregate of outer columns belongs to the outer query). */
function invalidInWhere(e: Expression): boolean {
  if (e.kind === 'WindowExpression') return true;
  if (e.kind === 'ResolvedFunction' && e.category === 'aggregate') return !readsOuter(e);
  return someChild(e, invalidInWhere);
}

function readsOuter(e: Expression): boolean {
  return someExpr(e, (x) => x.kind === 'OuterReference');
}

/** Whether `pred` holds for `e` or an expression below it (subquery plans not entered). */
function someExpr(e: Expression, pred: (x: Expression) => boolean): boolean {
  return pred(e) || someChild(e, (c) => someExpr(c, pred));
}

// someChild's state: the predicate of the innermost call and whether a child satisfied it. Module
// state instead of a closure per call (these run over every select item); saved and restored
// around each call, as the predicates recurse.
let childPred: (c: Expression) => boolean = () => false;
let childFound = false;
const NO_PLAN = (): void => {};
const visitChild = (c: Expression): void => {
  if (!childFound && childPred(c)) childFound = true;
};

/** Whether `pred` holds for a child expression of `e` (subquery plans not entered), trying them in order up to the first. */
function someChild(e: Expression, pred: (c: Expression) => boolean): boolean {
  const outerPred = childPred;
  const outerFound = childFound;
  childPred = pred;
  childFound = false;
  try {
    visitExprSlots(e, NO_PLAN, visitChild);
    return childFound;
  } finally {
    childPred = outerPred;
    childFound = outerFound;
  }
}

/** An aggregate inside a window function's arguments (`sum(count(a)) OVER ()`) still makes an aggregate query. */
function windowArgsAggregate(e: Extract<Expression, { kind: 'WindowExpression' }>): boolean {
  const f = e.function;
  if (f.kind !== 'ResolvedFunction') return false;
  return f.args.some(containsAggregate);
}

/** The generator call of a select item (`explode(a)`, `explode(a) AS x`, `posexplode(a) AS (p, v)`), if any. */
function selectGenerator(item: Expression): { fn: Extract<Expression, { kind: 'ResolvedFunction' }>; names: readonly string[] | null } | null {
  let e = item;
  let names: readonly string[] | null = null;
  if (e.kind === 'Alias' && e.child.kind === 'MultiAlias') {
    names = e.child.names;
    e = e.child.child;
  } else if (e.kind === 'Alias' && e.child.kind === 'ResolvedFunction' && e.child.category === 'generator' && e.name !== outputName(e.child)) {
    names = [e.name];
    e = e.child;
  } else if (e.kind === 'Alias') e = e.child;
  if (e.kind === 'ResolvedFunction' && e.category === 'generator') return { fn: e, names };
  if (names !== null) throw new AnalysisError('MULTI_ALIAS_WITHOUT_GENERATOR', `Multi part aliasing (${names.join(', ')}) is not supported with ${outputName(e)} as it is not a generator function.`, {});
  return null;
}

/**
 * A generator in a select list (`SELECT id, explode(arr) AS x FROM t`) becomes a Generate under
 * the Project, as Catalyst's ExtractGenerator does; the item is replaced by the generator's columns.
 */
const GENERATOR_ALIAS = '__generator';

function readsId(e: Expression, id: number): boolean {
  return someExpr(e, (x) => x.kind === 'AttributeRef' && x.id === id);
}

function extractGenerator(items: readonly Expression[], input: Plan, ctx: Ctx): { projectList: Expression[]; child: Plan } | null {
  let at = -1;
  let generator: ReturnType<typeof selectGenerator> = null;
  for (let i = 0; i < items.length; i++) {
    const g = selectGenerator(items[i]!);
    if (g === null) continue;
    if (at >= 0) {
      // Every item is still checked first: an item that is not a generator but has several aliases fails first.
      for (let j = i + 1; j < items.length; j++) selectGenerator(items[j]!);
      throw new AnalysisError('UNSUPPORTED_GENERATOR.MULTI_GENERATOR', 'Only one generator allowed per SELECT clause.', {});
    }
    at = i;
    generator = g;
  }
  return generator === null ? null : withGenerator(items, at, generator, input, ctx);
}

/** The select list `items` with its generator (item `at`) in a Generate below (closures apart: see resolveSlots). */
function withGenerator(
  items: readonly Expression[],
  at: number,
  generator: NonNullable<ReturnType<typeof selectGenerator>>,
  input: Plan,
  ctx: Ctx,
): { projectList: Expression[]; child: Plan } {
  let projectList = [...items];
  let child = input;
  const { fn, names } = generator;
  // The generator may read aliases of the same select list (`SELECT array(1) AS a, explode(a)`):
  // those are computed in a Project below the Generate.
  const pre = projectList.filter((item, i) => i !== at && item.kind === 'Alias' && readsId(fn, item.id!));
  if (pre.length > 0) {
    child = { kind: 'Project', projectList: [...outputOf(child), ...pre], child };
    projectList = projectList.map((item) => (pre.includes(item) ? toAttribute(item) : item));
  }
  const columns = generatorColumns(fn);
  if (names !== null && names.length !== columns.length) {
    throw aliasCountMismatch(columns.length, names);
  }
  // A single-column generator keeps its select item's id, so later items reading it as a lateral
  // alias (`explode(a) AS col, col + 1`) still find it.
  const item = projectList[at]!;
  const keepId = columns.length === 1 && item.kind === 'Alias' && item.id !== undefined ? item.id : null;
  const generatorOutput = columns.map(
    (c, i): AttributeRef => ({
      kind: 'AttributeRef',
      id: i === 0 && keepId !== null ? keepId : ctx.ids.next(),
      name: names?.[i] ?? c.name,
      type: c.type,
      nullable: c.nullable,
      qualifier: [GENERATOR_ALIAS],
    }),
  );
  // LATERAL VIEW needs a table name to print back; the generated one qualifies the columns so
  // that they cannot clash with the input's.
  const generate: Plan = { kind: 'Generate', generator: fn, outer: false, tableAlias: GENERATOR_ALIAS, columnAliases: generatorOutput.map((a) => a.name), child, generatorOutput };
  return { projectList: [...projectList.slice(0, at), ...generatorOutput, ...projectList.slice(at + 1)], child: generate };
}

function resolveProject(p: Extract<Plan, { kind: 'Project' }>, ctx: Ctx): Plan {
  let child = resolvePlan(p.child, ctx);
  // Made over one from an earlier block, given back after the list (like its lateral aliases).
  const hidden = hiddenOf(child);
  const scope = ctx.freeScopes.pop() ?? { attrs: [], outer: null };
  scope.attrs = outputOf(child);
  scope.fallback = hidden.length === 0 ? undefined : [hidden];
  scope.outer = ctx.outer;
  let projectList = resolveSelectList(p.projectList, scope, ctx);
  ctx.freeScopes.push(scope);
  const aggregates = projectList.some(containsAggregate);
  const generated = aggregates ? null : extractGenerator(projectList, child, ctx);
  if (generated !== null) ({ projectList, child } = generated);
  if (aggregates || (generated !== null && projectList.some(containsAggregate))) {
    // A select list with aggregates and no GROUP BY is a global aggregate (Catalyst's GlobalAggregates).
    const base = { kind: 'Aggregate', groupingExpressions: [], groupByAll: false, groupingModifier: null, pipe: false, aggregateExpressions: [], child } as const;
    return buildAggregate(base, projectList, lateralDefinitions(projectList), ctx);
  }
  return withLateralAliases(projectList, child);
}

/**
 * A select list whose items read aliases defined earlier in it (lateral column aliases) becomes
 * stacked Projects, as Catalyst's ResolveLateralColumnAliasReference builds them: each level
 * computes the aliases the next one reads, passing the input columns through.
 *
 *   SELECT salary * 2 AS s2, s2 + 1 AS s3 FROM t
 *   ⇒ Project [s2, (s2 + 1) AS s3] ← Project [t.*, salary * 2 AS s2] ← t
 */
function withLateralAliases(projectList: readonly Expression[], child: Plan): Plan {
  // The aliases an item may read are those before it (the last item's is read by none). A column
  // whose id is below all their ids reads none of them: most lists (every item reads only the
  // input's columns, whose ids came first) never build the map of alias levels.
  let minAlias = Infinity;
  for (let i = 0; i < projectList.length - 1; i++) {
    const item = projectList[i]!;
    if (item.kind === 'Alias' && item.id !== undefined && item.id < minAlias) minAlias = item.id;
  }
  if (minAlias === Infinity) return { kind: 'Project', projectList, child };
  // No item after the first reads a column as new as an alias: every level is 0.
  let reads = false;
  for (let i = 1; i < projectList.length && !reads; i++) {
    const item = projectList[i]!;
    reads = readsFrom(item.kind === 'Alias' ? item.child : item, minAlias);
  }
  if (!reads) return { kind: 'Project', projectList, child };
  return stackLateralAliases(projectList, child, minAlias);
}

/** withLateralAliases for a list with an item that may read an alias (its closure apart: see resolveSlots). */
function stackLateralAliases(projectList: readonly Expression[], child: Plan, minAlias: number): Plan {
  // The level of each item, made when one is above 0 (the items before it are all at 0).
  let levels: number[] | null = null;
  let done = 0;
  // The level of each alias before the item being read, entered when first needed.
  let aliasLevel: Map<number, number> | null = null;
  let entered = 0;
  const levelOfAlias = (id: number): number | undefined => {
    if (id < minAlias) return undefined;
    aliasLevel ??= new Map();
    for (; entered < done; entered++) {
      const item = projectList[entered]!;
      if (item.kind === 'Alias') aliasLevel.set(item.id!, levels === null ? 0 : levels[entered]!);
    }
    return aliasLevel.get(id);
  };
  let top = 0;
  for (let i = 0; i < projectList.length; i++) {
    const item = projectList[i]!;
    const l = i === 0 ? 0 : levelOf(item.kind === 'Alias' ? item.child : item, levelOfAlias);
    if (levels !== null) levels.push(l);
    else if (l > 0) (levels = new Array<number>(i).fill(0)).push(l);
    done = i + 1;
    if (l > top) top = l;
  }
  if (top === 0 || levels === null) return { kind: 'Project', projectList, child };
  const levelsOf: readonly number[] = levels;
  let plan = child;
  for (let level = 0; level < top; level++) {
    const computed = projectList.filter((item, i) => item.kind === 'Alias' && levelsOf[i] === level);
    plan = { kind: 'Project', projectList: [...outputOf(plan), ...computed], child: plan };
  }
  const finalList = projectList.map((item, i) => (item.kind === 'Alias' && levelsOf[i]! < top ? toAttribute(item) : item));
  return { kind: 'Project', projectList: finalList, child: plan };
}

/** Whether `e` reads a column whose id is `min` or above (subquery plans not entered), as `levelOf` finds them. */
function readsFrom(e: Expression, min: number): boolean {
  return e.kind === 'AttributeRef' ? e.id >= min : slotsReadFrom(e, min);
}

// Apart from `readsFrom`: a function whose closure captures a variable allocates the variables'
// context on every call, also for a column reference, which needs none.
function slotsReadFrom(e: Expression, min: number): boolean {
  let found = false;
  visitExprSlots(e, NO_PLAN, (c) => {
    if (!found) found = readsFrom(c, min);
  });
  return found;
}

/** The level of the stack at which `e` can be computed: one above the aliases it reads (subquery plans not entered). */
function levelOf(e: Expression, levelOfAlias: (id: number) => number | undefined): number {
  if (e.kind === 'AttributeRef') {
    const l = levelOfAlias(e.id);
    return l === undefined ? 0 : l + 1;
  }
  return slotsLevel(e, levelOfAlias);
}

function slotsLevel(e: Expression, levelOfAlias: (id: number) => number | undefined): number {
  let level = 0;
  visitExprSlots(e, NO_PLAN, (c) => {
    const l = levelOf(c, levelOfAlias);
    if (l > level) level = l;
  });
  return level;
}

function resolveAggregate(p0: Extract<Plan, { kind: 'Aggregate' }>, ctx: Ctx): Plan {
  const { p, child } = withTimeWindow(p0, resolvePlan(p0.child, ctx), ctx);
  const scope = scopeOf(child, ctx);
  const aggregateExpressions = resolveSelectList(p.aggregateExpressions, scope, ctx);
  const lateral = lateralDefinitions(aggregateExpressions);
  const inline = (e: Expression): Expression => inlineLateral(e, lateral);
  let groupingExpressions: Expression[];
  if (p.groupByAll) {
    groupingExpressions = aggregateExpressions.filter((e) => !containsAggregate(e)).map((e) => inline(e.kind === 'Alias' ? e.child : e));
  } else {
    // Pipe aggregates name their keys (`GROUP BY k AS g`); the key itself is what groups.
    groupingExpressions = p.groupingExpressions.map((g) => inline(resolveGroupingItem(g.kind === 'Alias' ? g.child : g, aggregateExpressions, scope, ctx)));
    // A constant integer key (from `GROUP BY 1` over `SELECT 5 …`) must not read as an ordinal again.
    groupingExpressions = groupingExpressions.map((g): Expression => (g.kind === 'Literal' && g.type === 'int' ? { kind: 'Cast', child: g, type: T.int, mode: 'cast' } : g));
  }
  return buildAggregate({ ...p, child, groupingExpressions, groupByAll: false }, aggregateExpressions, lateral, ctx);
}

const TIME_WINDOWS: ReadonlySet<string> = new Set(['window', 'session_window']);

/**
 * `GROUP BY window(ts, '5 minutes')`: as Spark's TimeWindowing does, the window is computed below
 * the Aggregate as a column named after the function, which the grouping uses and the select
 * list reads (`window.start`).
 *
 *   SELECT window.start, count(*) FROM t GROUP BY window(ts, '5 minutes')
 *   ⇒ Aggregate [window] [window.start, count(1)] ← Project [t.*, window(ts, '5 minutes') AS window] ← t
 */
function withTimeWindow(p: Extract<Plan, { kind: 'Aggregate' }>, child: Plan, ctx: Ctx): { p: Extract<Plan, { kind: 'Aggregate' }>; child: Plan } {
  const calls: Extract<Expression, { kind: 'UnresolvedFunction' }>[] = [];
  const replace = (g: Expression): Expression => {
    if (g.kind === 'GroupingAnalytics') return { ...g, sets: g.sets.map((set) => set.map(replace)) };
    if (!isTimeWindowCall(g)) return g;
    if (calls.length > 0 && semanticKey(calls[0]!) !== semanticKey(g)) return g;
    calls.push(g);
    return { kind: 'UnresolvedAttribute', nameParts: [g.name[0]!.toLowerCase()] };
  };
  const groupingExpressions = p.groupingExpressions.map(replace);
  const call = calls[0];
  // A window over a window (`window(window(ts, …), …)`) is left as written.
  if (call === undefined || call.args.some(isTimeWindowCall)) return { p, child };
  const name = call.name[0]!.toLowerCase();
  const key = semanticKey(call);
  // The select list's calls of the same window read the column too.
  const inSelect = (e: Expression): Expression =>
    isTimeWindowCall(e) && semanticKey(e) === key
      ? { kind: 'UnresolvedAttribute', nameParts: [name] }
      : mapExprSlots(
          e,
          (q) => q,
          (c) => inSelect(c),
        );
  const window: Expression = { kind: 'Alias', child: resolveExpr(call, scopeOf(child, ctx), ctx), name, id: ctx.ids.next() };
  return {
    p: { ...p, groupingExpressions, aggregateExpressions: p.aggregateExpressions.map(inSelect) },
    child: { kind: 'Project', projectList: [...outputOf(child), window], child },
  };
}

function isTimeWindowCall(e: Expression): e is Extract<Expression, { kind: 'UnresolvedFunction' }> {
  return e.kind === 'UnresolvedFunction' && e.name.length === 1 && TIME_WINDOWS.has(e.name[0]!.toLowerCase());
}

/** The aliases of a select list, by id, with the expressions they name. */
function lateralDefinitions(items: readonly Expression[]): Map<number, Expression> {
  const defs = new Map<number, Expression>();
  for (const item of items) if (item.kind === 'Alias' && item.id !== undefined) defs.set(item.id, item.child);
  return defs;
}

/** Replaces references to aliases of the same select list by what they name (for grouping). */
function inlineLateral(e: Expression, defs: ReadonlyMap<number, Expression>): Expression {
  if (e.kind === 'AttributeRef') {
    const d = defs.get(e.id);
    return d === undefined ? e : inlineLateral(d, defs);
  }
  return mapExprSlots(
    e,
    (q) => q,
    (c) => inlineLateral(c, defs),
  );
}

function readsAny(e: Expression, ids: ReadonlyMap<number, unknown>): boolean {
  return someExpr(e, (x) => x.kind === 'AttributeRef' && ids.has(x.id));
}

/**
 * An Aggregate whose select items read aliases of the same list (lateral column aliases) is
 * split as Catalyst does: the Aggregate computes the plain items and the aggregate functions the
 * other items need; a Project above computes those items from its output.
 *
 *   SELECT count(a) AS c, c + 1 AS d FROM t  ⇒  Project [c, (c + 1) AS d] ← Aggregate [count(a) AS c]
 */
function buildAggregate(base: Extract<Plan, { kind: 'Aggregate' }>, items: readonly Expression[], defs: ReadonlyMap<number, Expression>, ctx: Ctx): Plan {
  const dependent = items.map((item) => readsAny(item.kind === 'Alias' ? item.child : item, defs));
  if (!dependent.some(Boolean)) {
    checkGrouping(items, base.groupingExpressions);
    return { ...base, aggregateExpressions: items };
  }
  const inner: Expression[] = items.filter((_, i) => !dependent[i]);
  const innerIds = new Set(inner.map((x) => toAttribute(x).id));
  const extracted = new Map<string, Expression>();
  const extract = (e: Expression): Expression => {
    if (e.kind === 'ResolvedFunction' && e.category === 'aggregate') {
      const key = semanticKey(e);
      let alias = extracted.get(key);
      if (alias === undefined) {
        alias = { kind: 'Alias', child: e, name: outputName(e), id: ctx.ids.next() };
        extracted.set(key, alias);
        inner.push(alias);
      }
      return toAttribute(alias);
    }
    if (e.kind === 'AttributeRef') {
      // A grouping column read by a dependent item passes through the Aggregate.
      if (!innerIds.has(e.id) && !defs.has(e.id)) {
        inner.push(e);
        innerIds.add(e.id);
      }
      return e;
    }
    return mapExprSlots(
      e,
      (q) => q,
      (c) => extract(c),
    );
  };
  const outer = items.map((item, i) => (dependent[i] ? (extract(item) as Expression) : toAttribute(item)));
  checkGrouping(inner, base.groupingExpressions);
  return withLateralAliases(outer, { ...base, aggregateExpressions: inner });
}

function resolveGroupingItem(g: Expression, selectList: readonly Expression[], scope: Scope, ctx: Ctx): Expression {
  // GROUP BY 2: the second select item (spark.sql.groupByOrdinal).
  if (g.kind === 'Literal' && g.type === 'int') {
    const i = Number(g.value);
    const item = selectList[i - 1];
    if (item === undefined) {
      throw new AnalysisError('GROUP_BY_POS_OUT_OF_RANGE', `GROUP BY position ${i} is not in select list (valid range is [1, ${selectList.length}]).`, {
        index: String(i),
        size: String(selectList.length),
      });
    }
    if (containsAggregate(item)) throw new AnalysisError('GROUP_BY_POS_AGGREGATE', `GROUP BY ${i} refers to an expression that contains an aggregate function.`, {});
    return item.kind === 'Alias' ? item.child : item;
  }
  if (g.kind === 'GroupingAnalytics') {
    return { ...g, sets: g.sets.map((set) => set.map((x) => resolveGroupingItem(x, selectList, scope, ctx))) };
  }
  try {
    return resolveExpr(g, scope, ctx);
  } catch (e) {
    // GROUP BY alias (spark.sql.groupByAliases): a name the input lacks may be a select alias.
    if (e instanceof AnalysisError && e.errorClass.startsWith('UNRESOLVED_COLUMN') && g.kind === 'UnresolvedAttribute' && g.nameParts.length === 1) {
      const alias = selectList.find((x) => x.kind === 'Alias' && ctx.eq(x.name, g.nameParts[0]!));
      if (alias !== undefined && alias.kind === 'Alias') return alias.child;
    }
    throw e;
  }
}

const COMMUTATIVE: ReadonlySet<string> = new Set(['+', '*', '=', '<=>', '<>', 'AND', 'OR', '&', '|', '^']);

/** Canonical text of a resolved expression: columns by id, so equal text means the same value. */
export function semanticKey(e: Expression): string {
  switch (e.kind) {
    case 'AttributeRef':
      return `#${e.id}`;
    case 'OuterReference':
      return `outer#${e.attr.id}`;
    case 'Alias':
      return semanticKey(e.child);
    default: {
      const parts: string[] = [];
      visitExprSlots(e, NO_PLAN, (c) => {
        parts.push(semanticKey(c));
      });
      // The node's own scalar fields, `k=v` in field order.
      let own = '';
      for (const k in e) {
        const v = (e as unknown as Record<string, unknown>)[k];
        if (typeof v === 'object' && v !== null) continue;
        own += own === '' ? `${k}=${String(v)}` : `,${k}=${String(v)}`;
      }
      // Operands of commutative operators in a canonical order (Catalyst's Canonicalize): `1 + a` is `a + 1`.
      if (e.kind === 'BinaryOp' && COMMUTATIVE.has(e.op)) parts.sort();
      return `${e.kind}(${own}|${parts.join(';')})`;
    }
  }
}

/** The semantic keys of grouping expressions, grouping sets and rows flattened. */
function groupingKeys(grouping: readonly Expression[]): Set<string> {
  const keys = new Set<string>();
  const add = (g: Expression): void => {
    if (g.kind === 'GroupingAnalytics') g.sets.forEach((set) => set.forEach(add));
    else if (g.kind === 'Row') g.items.forEach(add);
    else keys.add(semanticKey(g));
  };
  grouping.forEach(add);
  return keys;
}

/**
 * Every column a non-aggregate select item reads must be grouped (MISSING_AGGREGATION), as in
 * Catalyst's CheckAnalysis: an item is fine when it equals a grouping expression, or when each
 * part outside aggregate functions does.
 */
function checkGrouping(items: readonly Expression[], grouping: readonly Expression[]): void {
  const keys = groupingKeys(grouping);
  const check = (e: Expression): void => {
    if (keys.has(semanticKey(e))) return;
    if (e.kind === 'ResolvedFunction' && e.category === 'aggregate') return;
    if (e.kind === 'WindowExpression') {
      if (e.function.kind === 'ResolvedFunction') e.function.args.forEach(check);
      if (typeof e.window !== 'string') {
        e.window.partitionBy.forEach(check);
        e.window.orderBy.forEach((o) => check(o.child));
      }
      return;
    }
    if (e.kind === 'AttributeRef') {
      throw new AnalysisError(
        'MISSING_AGGREGATION',
        `The non-aggregating expression ${quotedName([e.name])} is based on columns which are not participating in the GROUP BY clause.`,
        { expression: quotedName([e.name]) },
      );
    }
    if (e.kind === 'ScalarSubquery' || e.kind === 'Exists' || e.kind === 'LambdaFunction') return;
    visitExprSlots(e, () => {}, check);
  };
  for (const item of items) check(item.kind === 'Alias' ? item.child : item);
}

function resolveSort(p: Extract<Plan, { kind: 'Sort' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  const scope = blockScope(child, ctx);
  const selectList = selectListOf(child);
  // ORDER BY ALL: every output column, in order, unless a column is named `all`.
  const only = p.order.length === 1 ? p.order[0]! : null;
  if (only !== null && only.child.kind === 'UnresolvedAttribute' && only.child.nameParts.length === 1 && only.child.nameParts[0]!.toLowerCase() === 'all') {
    if (resolveColumn(['all'], scope.attrs, ctx.eq) === null) {
      return { ...p, child, order: outputOf(child).map((a) => ({ ...only, child: a })) };
    }
  }
  const order = p.order.map((o): SortOrder => {
    const c = o.child;
    // ORDER BY 2: the second output column (spark.sql.orderByOrdinal).
    if (c.kind === 'Literal' && c.type === 'int' && selectList !== null) {
      const i = Number(c.value);
      const item = selectList[i - 1];
      if (item === undefined) {
        throw new AnalysisError('ORDER_BY_POS_OUT_OF_RANGE', `ORDER BY position ${i} is not in select list (valid range is [1, ${selectList.length}]).`, {
          index: String(i),
          size: String(selectList.length),
        });
      }
      return { ...o, child: toAttribute(item) };
    }
    return { ...o, child: resolveExpr(c, scope, ctx) };
  });
  const agg = aggregateOfBlock(child);
  if (agg !== null) for (const o of order) checkAggregateClause(o.child, agg, outputOf(child));
  return { ...p, child, order };
}

/** The Aggregate of the SELECT block at the top of `p` (below HAVING, DISTINCT, lateral-alias Projects …), or null. */
function aggregateOfBlock(p: Plan): Extract<Plan, { kind: 'Aggregate' }> | null {
  let node: Plan = p;
  node = belowBlockClauses(node);
  while (node.kind === 'Project') node = node.child;
  return node.kind === 'Aggregate' ? node : null;
}

/**
 * ORDER BY and HAVING over an aggregate read the select list's columns, grouping expressions and
 * aggregates: an input column outside an aggregate function that no grouping expression covers
 * cannot be resolved (Spark: UNRESOLVED_COLUMN, as ResolveAggregateFunctions leaves it unresolved).
 *
 *   SELECT sum(b) FROM t GROUP BY a ORDER BY b         -- fails: `b` is neither grouped nor aggregated
 *   SELECT sum(b) FROM t GROUP BY a + 1 ORDER BY 1 + a -- fine: the same grouping expression
 */
function checkAggregateClause(e: Expression, agg: Extract<Plan, { kind: 'Aggregate' }>, visible: readonly AttributeRef[]): void {
  const allowed = new Set([...visible, ...outputOf(agg)].map((a) => a.id));
  const input = new Set([...outputOf(agg.child), ...hiddenOf(agg.child)].map((a) => a.id));
  const keys = groupingKeys(agg.groupingExpressions);
  const check = (x: Expression): void => {
    if (keys.has(semanticKey(x))) return;
    if (x.kind === 'ResolvedFunction' && x.category === 'aggregate') return;
    if (x.kind === 'WindowExpression' || x.kind === 'ScalarSubquery' || x.kind === 'Exists' || x.kind === 'InSubquery' || x.kind === 'LambdaFunction') return;
    if (x.kind === 'AttributeRef') {
      if (allowed.has(x.id) || !input.has(x.id)) return;
      throw unresolvedColumn([x.name], outputOf(agg).map((a) => quotedName([a.name])));
    }
    visitExprSlots(x, () => {}, check);
  };
  check(e);
}

function selectListOf(p: Plan): readonly Expression[] | null {
  let node = p;
  node = belowBlockClauses(node);
  if (node.kind === 'Project') return node.projectList;
  if (node.kind === 'Aggregate') return node.aggregateExpressions;
  return outputOf(p);
}

// ---- joins, set operations, leaves ----------------------------------------------------------------

function resolveJoin(p: Extract<Plan, { kind: 'Join' }>, ctx: Ctx): Plan {
  const left = resolvePlan(p.left, ctx);
  const leftOut = outputOf(left);
  const right = resolvePlan(p.right, p.lateral ? { ...ctx, outer: { attrs: leftOut, outer: ctx.outer } } : ctx);
  const rightOut = outputOf(right);
  if (p.using === null && !p.natural) {
    if (p.condition === null) return { ...p, left, right, condition: null };
    const attrs = leftOut.concat(rightOut);
    indexJoinColumns(attrs, leftOut, ctx.eq, ctx.indexes);
    // A join hides no columns unless it is a USING join (or reads files): no empty tier to try.
    const hiddenL = hiddenOf(left);
    const hiddenR = hiddenOf(right);
    const hidden = hiddenR.length === 0 ? hiddenL : hiddenL.length === 0 ? hiddenR : [...hiddenL, ...hiddenR];
    const both: Scope = hidden.length === 0 ? { attrs, outer: ctx.outer } : { attrs, fallback: [hidden], outer: ctx.outer };
    const condition = resolveExpr(p.condition, both, ctx);
    const join: Plan = { ...p, left, right, condition };
    // An inner join outputs the columns its condition reads: the same list, not built again.
    if ((p.joinType === 'INNER' || p.joinType === 'CROSS') && join.output === undefined) knownOutput(join, attrs);
    return join;
  }
  return resolveUsingJoin(p, left, right, leftOut, rightOut, ctx);
}

/**
 * A USING / NATURAL join: the join columns once (from the left, or the right for a right join;
 * coalesced for a full join), then the other columns of each side. Apart from resolveJoin, whose
 * every call would otherwise allocate the context of these closures.
 */
function resolveUsingJoin(
  p: Extract<Plan, { kind: 'Join' }>,
  left: Plan,
  right: Plan,
  leftOut: readonly AttributeRef[],
  rightOut: readonly AttributeRef[],
  ctx: Ctx,
): Plan {
  const names = p.natural ? leftOut.filter((a) => rightOut.some((b) => ctx.eq(a.name, b.name))).map((a) => a.name) : p.using!;
  const pairs = names.map((n) => {
    const l = leftOut.find((a) => ctx.eq(a.name, n));
    const r = rightOut.find((a) => ctx.eq(a.name, n));
    if (l === undefined || r === undefined) {
      throw new AnalysisError('UNRESOLVED_USING_COLUMN_FOR_JOIN', `USING column ${quotedName([n])} cannot be resolved on the ${l === undefined ? 'left' : 'right'} side of the join.`, {
        colName: quotedName([n]),
        side: l === undefined ? 'left' : 'right',
      });
    }
    return [l, r] as const;
  });
  const usedL = new Set(pairs.map(([l]) => l.id));
  const usedR = new Set(pairs.map(([, r]) => r.id));
  const nullable = (attrs: readonly AttributeRef[], yes: boolean): AttributeRef[] => attrs.map((a) => (yes && !a.nullable ? { ...a, nullable: true } : a));
  const jt = p.joinType;
  let keys: AttributeRef[];
  if (jt === 'RIGHT OUTER') keys = pairs.map(([, r]) => r);
  else if (jt === 'FULL OUTER') {
    keys = pairs.map(([l, r]) => ({ ...l, id: ctx.ids.next(), type: commonType([l.type, r.type]) ?? l.type, nullable: l.nullable && r.nullable, qualifier: [] }));
  } else keys = pairs.map(([l]) => l);
  const restL = nullable(leftOut.filter((a) => !usedL.has(a.id)), jt === 'RIGHT OUTER' || jt === 'FULL OUTER');
  const restR = nullable(rightOut.filter((a) => !usedR.has(a.id)), jt === 'LEFT OUTER' || jt === 'FULL OUTER');
  const output = jt === 'LEFT SEMI' || jt === 'LEFT ANTI' ? [...keys, ...restL] : [...keys, ...restL, ...restR];
  return extended(p, { left, right, output });
}

function resolveSetOperation(p: SetOperation, ctx: Ctx): Plan {
  const node = resolveSetLevel(p, ctx);
  // The top of a chain alone goes to outputOf's cache (and nothing of the statement stays here).
  knownOutput(node, levelOutput);
  levelOutput = NO_COLUMNS;
  return node;
}

/**
 * The output of the set operation resolveSetLevel made last. A chain of UNIONs (each left
 * operand a set operation, a thousand levels deep) passes each level's output up here, rather
 * than leave an entry per level in outputOf's cache.
 */
const NO_COLUMNS: readonly AttributeRef[] = [];
let levelOutput = NO_COLUMNS;

/** A set operation, its left operand first; its output in `levelOutput`. */
function resolveSetLevel(p: SetOperation, ctx: Ctx): SetOperation {
  const chained = p.left.kind === 'SetOperation';
  const left = chained ? resolveSetLevel(p.left, ctx) : resolvePlan(p.left, ctx);
  // Read before the right operand is resolved: a set operation inside it sets `levelOutput` too.
  const lo = chained ? levelOutput : outputOf(left);
  let right = resolvePlan(p.right, ctx);
  let ro = outputOf(right);
  if (p.byName) {
    right = reorderedByName(p.op, lo, ro, right, ctx);
    ro = outputOf(right);
  }
  if (lo.length !== ro.length) {
    throw new AnalysisError(
      'NUM_COLUMNS_MISMATCH',
      `${p.op} can only be performed on inputs with the same number of columns, but the first input has ${lo.length} columns and the second input has ${ro.length} columns.`,
      { operator: p.op, firstNumColumns: String(lo.length), invalidNumColumns: String(ro.length) },
    );
  }
  // A loop, not a closure (see resolveSlots).
  for (let i = 0; i < lo.length; i++) {
    const a = lo[i]!;
    if (commonTypeOf(a.type, ro[i]!.type) === null) {
      throw new AnalysisError('INCOMPATIBLE_COLUMN_TYPE', `${p.op} can only be performed on tables with compatible column types. Column ${i + 1} has types "${a.type.kind}" and "${ro[i]!.type.kind}".`, {
        operator: p.op,
        columnOrdinalNumber: String(i + 1),
      });
    }
  }
  levelOutput = setOperationOutput(p.op, lo, ro);
  return { ...p, left, right };
}

/** `right` as a Project of its columns in the order of the left's names (UNION BY NAME). */
function reorderedByName(op: string, lo: readonly AttributeRef[], ro: readonly AttributeRef[], right: Plan, ctx: Ctx): Plan {
  const reordered = lo.map((a) => ro.find((b) => ctx.eq(a.name, b.name)));
  if (reordered.some((x) => x === undefined) || ro.length !== lo.length) {
    throw new AnalysisError('NUM_COLUMNS_MISMATCH', `${op} BY NAME needs the same column names on both sides.`, { operator: op });
  }
  return { kind: 'Project', projectList: reordered as AttributeRef[], child: right };
}

function resolveInlineTable(p: Extract<Plan, { kind: 'InlineTable' }>, ctx: Ctx): Plan {
  const none: Scope = { attrs: [], outer: ctx.outer };
  // `VALUES (1 AS a)`: Spark ignores aliases on values; the names come from the table alias.
  const rows = p.rows.map((r) => r.map((e) => resolveExpr(e.kind === 'Alias' ? e.child : e, none, ctx)));
  const width = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== width)) {
    throw new AnalysisError('INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH', `Inline table expected ${width} columns but found a row with a different count.`, {
      expectedNumCols: String(width),
    });
  }
  const output: AttributeRef[] = [];
  for (let i = 0; i < width; i++) {
    const types = rows.map((r) => typeOf(r[i]!));
    const type = commonType(types);
    if (type === null) throw new AnalysisError('INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE', `Incompatible types in column col${i + 1} of an inline table.`, { colName: `col${i + 1}` });
    output.push(newColumn(ctx, `col${i + 1}`, isNullOnly(type) ? T.void : type, rows.some((r) => nullableOf(r[i]!))));
  }
  return extended(p, { rows, output });
}

const isNullOnly = (t: ReturnType<typeof typeOf>): boolean => t.kind === 'primitive' && t.name === 'void';

function resolveGenerate(p: Extract<Plan, { kind: 'Generate' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  const generator = resolveExpr(p.generator, scopeOf(child, ctx), ctx);
  const columns = generatorColumns(generator);
  if (p.columnAliases.length > 0 && p.columnAliases.length !== columns.length) {
    throw aliasCountMismatch(columns.length, p.columnAliases);
  }
  const qualifier = p.tableAlias === null ? [] : [p.tableAlias];
  const generatorOutput = columns.map((c, i) => newColumn(ctx, p.columnAliases[i] ?? c.name, c.type, c.nullable || p.outer, qualifier));
  return extended(p, { child, generator, generatorOutput });
}

/** WRONG_NUM_ARGS.WITHOUT_SUGGESTION: the function (`shown` as the message names it) takes `expected` arguments, not `actual`. */
function wrongNumArgs(shown: string, expected: string | number, actual: number, parameters: Record<string, string>): AnalysisError {
  return new AnalysisError('WRONG_NUM_ARGS.WITHOUT_SUGGESTION', `The ${shown} requires ${expected} parameters but the actual number is ${actual}.`, parameters);
}

function aliasCountMismatch(expected: number, names: readonly string[]): AnalysisError {
  const aliasesNames = names.join(', ');
  return new AnalysisError(
    'UDTF_ALIAS_NUMBER_MISMATCH',
    `The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${expected} aliases, but got ${aliasesNames}.`,
    { aliasesSize: String(names.length), aliasesNames },
  );
}

function generatorColumns(g: Expression): readonly { name: string; type: ReturnType<typeof typeOf>; nullable: boolean }[] {
  if (g.kind !== 'ResolvedFunction' || g.category !== 'generator') {
    throw new AnalysisError('UNSUPPORTED_GENERATOR.NOT_GENERATOR', `${outputName(g)} is expected to be a generator.`, {});
  }
  const def = lookupFunction(g.name);
  const args: ArgInfo[] = g.args.map((a) => ({ expr: a, type: typeOf(a), nullable: nullableOf(a) }));
  return def?.generatorColumns?.(args) ?? [{ name: 'col', type: T.unknown, nullable: true }];
}

function resolveTableFunction(p0: Extract<Plan, { kind: 'TableValuedFunction' }>, ctx: Ctx): Plan {
  const none: Scope = { attrs: [], outer: ctx.outer };
  const args = p0.args.map((a) => resolveExpr(a, none, ctx));
  // TABLE(t) arguments: each query resolved, its PARTITION BY / ORDER BY against its columns.
  const tableArgs = p0.tableArgs.map((t) => {
    const query = resolvePlan(t.query, ctx);
    const scope = scopeOf(query, ctx);
    return {
      ...t,
      query,
      partitionBy: t.partitionBy === null ? null : t.partitionBy.map((e) => resolveExpr(e, scope, ctx)),
      orderBy: t.orderBy.map((o) => ({ ...o, child: resolveExpr(o.child, scope, ctx) })),
    };
  });
  const p = { ...p0, tableArgs };
  const name = p.name.join('.').toLowerCase();
  if (name === 'range') {
    if (args.length < 1 || args.length > 4) {
      throw wrongNumArgs('`range`', '[1, 2, 3, 4]', args.length, { functionName: '`range`' });
    }
    return extended(p, { args, output: [newColumn(ctx, 'id', T.bigint, false)] });
  }
  const def = lookupFunction(name);
  if (def === undefined) {
    const sqlFn = lookupSqlFunction(p.name, ctx);
    const table = sqlFn?.fn.sql?.table;
    if (table !== undefined && table !== null) {
      const params = sqlFn!.fn.sql!.parameters;
      const required = params.filter((x) => !x.hasDefault).length;
      if (args.length < required || args.length > params.length) {
        throw wrongNumArgs(quotedName(p.name), required, args.length, { functionName: quotedName(p.name) });
      }
      const output = table.map((c) => newColumn(ctx, c.name, c.type, true));
      return extended(p, { args, output });
    }
  }
  if (def === undefined || def.category !== 'generator') {
    throw new AnalysisError('UNRESOLVABLE_TABLE_VALUED_FUNCTION', `Could not resolve ${quotedName(p.name)} to a table-valued function.`, { name: quotedName(p.name) });
  }
  if (tableArgs.length > 0) {
    throw new AnalysisError('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE', `Cannot resolve ${quotedName(p.name)}: the built-in generator takes no TABLE argument.`, { functionName: quotedName(p.name) });
  }
  if (args.length < def.minArgs || args.length > def.maxArgs) {
    throw wrongNumArgs(quotedName(p.name), def.minArgs === def.maxArgs ? def.minArgs : `[${def.minArgs}, ${def.maxArgs}]`, args.length, { functionName: quotedName(p.name) });
  }
  const infos: ArgInfo[] = args.map((a) => ({ expr: a, type: typeOf(a), nullable: nullableOf(a) }));
  const cols = def.generatorColumns?.(infos) ?? [];
  const output = cols.map((c) => newColumn(ctx, c.name, c.type, c.nullable));
  return extended(p, { args, output });
}

/**
 * HAVING over an aggregate. When lateral aliases split the aggregate into Projects over an
 * Aggregate, the condition goes directly above the Aggregate, below the Projects, where it
 * reads the grouped input as SQL's HAVING does.
 */
function resolveHaving(p: Extract<Plan, { kind: 'UnresolvedHaving' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  const stack: Extract<Plan, { kind: 'Project' }>[] = [];
  let node: Plan = child;
  while (node.kind === 'Project') {
    stack.push(node);
    node = node.child;
  }
  if (stack.length === 0 || node.kind !== 'Aggregate' || p.child.kind !== 'Aggregate') {
    const condition = child.kind === 'Aggregate' ? resolveHavingCondition(p.condition, child, child, [], ctx) : resolveExpr(p.condition, blockScope(child, ctx, 'input'), ctx);
    return { ...p, child, condition };
  }
  const condition = resolveHavingCondition(p.condition, node, node, outputOf(stack[0]!), ctx);
  const having: Plan = { ...p, child: node, condition };
  let out: Plan = having;
  for (let i = stack.length - 1; i >= 0; i--) out = { ...stack[i]!, child: out };
  return out;
}

/**
 * A HAVING condition over an aggregate: names resolve against the aggregate's input first; when a
 * name so resolved is neither grouped nor aggregated, the select list's alias of that name is
 * tried (Spark: `SELECT 2 AS col1 FROM t GROUP BY ALL HAVING col1 > 1` reads the alias).
 */
function resolveHavingCondition(condition: Expression, block: Plan, agg: Extract<Plan, { kind: 'Aggregate' }>, visible: readonly AttributeRef[], ctx: Ctx): Expression {
  const resolved = (prefer: 'input' | 'output'): Expression => {
    const c = resolveExpr(condition, blockScope(block, ctx, prefer), ctx);
    checkAggregateClause(c, agg, visible);
    return c;
  };
  try {
    return resolved('input');
  } catch (e) {
    try {
      return resolved('output');
    } catch {
      throw e;
    }
  }
}

/**
 * PIVOT: the input columns the aggregates and the pivot column do not read stay as grouping
 * columns; then one column per pivot value (and per aggregate, when there are several), named
 * `value` or `value_aggregate` as Spark names them.
 */
function resolvePivot(p: Extract<Plan, { kind: 'Pivot' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  const scope = scopeOf(child, ctx);
  const withId = (e: Expression): Expression => (e.kind === 'Alias' && e.id === undefined ? extended(e, { id: ctx.ids.next() }) : e);
  const aggregates = p.aggregates.map((a) => withId(resolveExpr(a, scope, ctx)));
  for (const a of aggregates) {
    if (!containsAggregate(a)) {
      throw new AnalysisError('PIVOT_NOT_AGGREGATE', `The pivot aggregate ${outputName(a)} is not an aggregate function.`, {});
    }
  }
  const column = resolveExpr(p.column, scope, ctx);
  const values = p.values.map((v) => withId(resolveExpr(v, scope, ctx)));
  const used = new Set<number>();
  const collect = (e: Expression): void => {
    if (e.kind === 'AttributeRef') used.add(e.id);
    mapExprSlots(e, (q) => q, (c) => (collect(c), c));
  };
  [...aggregates, column].forEach(collect);
  const grouping = outputOf(child).filter((a) => !used.has(a.id));
  const output: AttributeRef[] = [...grouping];
  for (const v of values) {
    const valueName = v.kind === 'Alias' ? v.name : pivotValueName(v);
    for (const a of aggregates) {
      const name = aggregates.length === 1 ? valueName : `${valueName}_${a.kind === 'Alias' ? a.name : outputName(a)}`;
      output.push(newColumn(ctx, name, typeOf(a), true));
    }
  }
  return extended(p, { child, aggregates, column, values, output });
}

function pivotValueName(v: Expression): string {
  if (v.kind === 'Literal') return v.value === null ? 'null' : String(v.value);
  if (v.kind === 'Row') return `{${v.items.map(pivotValueName).join(', ')}}`;
  return outputName(v);
}

/** UNPIVOT: the columns not unpivoted, then the name column, then the value column(s). */
function resolveUnpivot(p: Extract<Plan, { kind: 'Unpivot' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  const scope = scopeOf(child, ctx);
  const columns = p.columns.map((set) => ({ ...set, columns: set.columns.map((c) => resolveExpr(c, scope, ctx)) }));
  const width = p.valueColumns.length;
  for (const set of columns) {
    if (set.columns.length !== width) {
      throw new AnalysisError('UNPIVOT_VALUE_SIZE_MISMATCH', `All unpivot value columns must have the same size as there are value column names (${width}).`, {
        names: String(width),
      });
    }
  }
  const used = new Set(columns.flatMap((set) => set.columns.flatMap((c) => (c.kind === 'AttributeRef' ? [c.id] : []))));
  const kept = outputOf(child).filter((a) => !used.has(a.id));
  const output: AttributeRef[] = [...kept, newColumn(ctx, p.nameColumn, T.string, false)];
  for (let i = 0; i < width; i++) {
    const types = columns.map((set) => typeOf(set.columns[i]!));
    const type = commonType(types);
    if (type === null) {
      throw new AnalysisError('UNPIVOT_VALUE_DATA_TYPE_MISMATCH', `Unpivot value columns must share a least common type.`, {});
    }
    output.push(newColumn(ctx, p.valueColumns[i]!, type, true));
  }
  return extended(p, { child, columns, output });
}

/** `|> SET c = v`: the input's columns with `c` replaced in place (Spark: Project(* REPLACE)). */
function resolvePipeSet(p: Extract<Plan, { kind: 'PipeSet' }>, ctx: Ctx): Plan {
  const child = resolvePlan(p.child, ctx);
  const scope = scopeOf(child, ctx);
  const value = resolveExpr(p.value, scope, ctx);
  const out = outputOf(child);
  const i = out.findIndex((a) => ctx.eq(a.name, p.column));
  if (i < 0) {
    throw unresolvedColumn([p.column], suggestions([p.column], out));
  }
  const projectList: Expression[] = out.map((a, j) => (j === i ? { kind: 'Alias', child: value, name: a.name, id: ctx.ids.next() } : a));
  return { kind: 'Project', projectList, child };
}

// ---- expressions --------------------------------------------------------------------------------

interface ExprOptions {
  /** Aliases defined earlier in the same select list (lateral column aliases). */
  readonly lateral?: LateralAliases;
  /** Lambda parameters in scope, innermost first. */
  readonly lambdas?: readonly Extract<Expression, { kind: 'LambdaVariable' }>[];
}

const NO_OPTIONS: ExprOptions = {};

export function resolveExpr(e: Expression, scope: Scope, ctx: Ctx, opts: ExprOptions = NO_OPTIONS): Expression {
  switch (e.kind) {
    case 'UnresolvedAttribute':
      try {
        return resolveAttribute(e.nameParts, scope, ctx, opts);
      } catch (err) {
        throw located(err, e);
      }
    case 'UnresolvedStar':
      throw new AnalysisError('INVALID_USAGE_OF_STAR_OR_REGEX', `Invalid usage of '*' in expression.`, {});
    case 'UnresolvedFunction':
      try {
        return resolveFunction(e, scope, ctx, opts);
      } catch (err) {
        throw located(err, e);
      }
    case 'Alias': {
      // Aliases inside expressions (`struct(a AS x)`, `(0 AS sum, …)`) produce columns too.
      // Built field by field, in the order of the spread `{ ...e, child, id }` (an Alias has no
      // other fields): a spread that adds `id` is slow on V8 (see `extended`), and every select item is one.
      const child = resolveExpr(e.child, scope, ctx, opts);
      return { kind: 'Alias', child, name: e.name, id: e.id ?? ctx.ids.next() };
    }
    case 'BinaryOp': {
      // The commonest operator, without the closures of resolveSlots; as mapExprSlots does it:
      // the left operand first, the node itself when neither operand changes.
      const left = resolveExpr(e.left, scope, ctx, opts);
      const right = resolveExpr(e.right, scope, ctx, opts);
      const resolved = left === e.left && right === e.right ? e : { ...e, left, right };
      checkExpression(resolved);
      return resolved;
    }
    case 'InSubquery':
      return resolveInSubquery(e, scope, ctx, opts);
    case 'Exists':
      return { ...e, query: resolvePlan(e.query, { ...ctx, outer: scope }) };
    case 'ScalarSubquery': {
      const query = resolvePlan(e.query, { ...ctx, outer: scope });
      const width = outputOf(query).length;
      if (width !== 1) {
        throw new AnalysisError('INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN', `Scalar subquery must return only one column, but got ${width}.`, {
          number: String(width),
        });
      }
      return { ...e, query };
    }
    case 'LambdaFunction':
      // Lambdas are resolved with their function, which knows the parameters' types.
      return resolveLambda(e, [], scope, ctx, opts);
    case 'WindowExpression': {
      const fn = resolveExpr(e.function, scope, ctx, opts);
      const window = typeof e.window === 'string' ? e.window : resolveWindowSpec(e.window, scope, ctx);
      return { ...e, function: fn, window };
    }
    case 'IdentifierClause': {
      const name = constantString(e.expr);
      if (name === null) throw new AnalysisError('NOT_A_CONSTANT_STRING.WRONG_TYPE', 'IDENTIFIER() needs a constant string.', {});
      return resolveAttribute(identifierParts(name), scope, ctx, opts);
    }
    case 'Parameter':
      throw new AnalysisError('UNBOUND_SQL_PARAMETER', `Found the unbound parameter: ${e.name ?? `?${e.position}`}.`, { name: e.name ?? String(e.position) });
    case 'Cast': {
      const child = resolveExpr(e.child, scope, ctx, opts);
      const type = ctx.env.timestampNtz === true ? defaultTimestampNtz(e.type) : e.type;
      return child === e.child && type === e.type ? e : { ...e, child, type };
    }
    case 'Literal':
      // Under timestampType=TIMESTAMP_NTZ a TIMESTAMP literal without a zone is TIMESTAMP_NTZ
      // (Spark's parser tries the zone-less form first; `TIMESTAMP '… Z'` stays a local-zone one).
      if (e.type === 'timestamp' && ctx.env.timestampNtz === true && !hasZone(String(e.value))) return { ...e, type: 'timestamp_ntz' };
      return e;
    default:
      return resolveSlots(e, scope, ctx, opts);
  }
}

// The cases of resolveExpr with closures are functions of their own: a closure capturing the
// arguments would make every call (one per column reference) allocate their context.

function resolveSlots(e: Expression, scope: Scope, ctx: Ctx, opts: ExprOptions): Expression {
  const resolved = mapExprSlots(
    e,
    (q) => resolvePlan(q, { ...ctx, outer: scope }),
    (c) => resolveExpr(c, scope, ctx, opts),
  );
  // Operators whose operand types cannot work fail as in Spark (DATATYPE_MISMATCH.*).
  checkExpression(resolved);
  return resolved;
}

function resolveInSubquery(e: Extract<Expression, { kind: 'InSubquery' }>, scope: Scope, ctx: Ctx, opts: ExprOptions): Expression {
  const values = e.values.map((v) => resolveExpr(v, scope, ctx, opts));
  const query = resolvePlan(e.query, { ...ctx, outer: scope });
  const width = outputOf(query).length;
  if (width !== values.length) {
    throw new AnalysisError('DATATYPE_MISMATCH.IN_SUBQUERY_LENGTH_MISMATCH', `The number of columns in the left hand side of an IN subquery does not match the number of columns in the output of subquery.`, {});
  }
  return { ...e, values, query };
}

function resolveWindowSpec(w: WindowSpec, scope: Scope, ctx: Ctx): WindowSpec {
  return {
    ...w,
    partitionBy: w.partitionBy.map((x) => resolveExpr(x, scope, ctx)),
    orderBy: w.orderBy.map((o) => ({ ...o, child: resolveExpr(o.child, scope, ctx) })),
    frame: w.frame === null ? null : (mapFrame(w.frame, (x) => resolveExpr(x, scope, ctx)) as WindowSpec['frame']),
  };
}

function mapFrame(f: NonNullable<WindowSpec['frame']>, fe: (e: Expression) => Expression): WindowSpec['frame'] {
  const bound = (b: (typeof f)['start']): typeof b => ('offset' in b ? { ...b, offset: fe(b.offset) } : b);
  return { ...f, start: bound(f.start), end: f.end === null ? null : bound(f.end) };
}

function resolveAttribute(parts: readonly string[], scope: Scope, ctx: Ctx, opts: ExprOptions): Expression {
  // Lambda parameters shadow columns.
  if (parts.length >= 1 && opts.lambdas !== undefined) {
    const v = lambdaNamed(opts.lambdas, parts[0]!, ctx.eq);
    if (v !== undefined) {
      let e: Expression = v;
      for (const f of parts.slice(1)) e = { kind: 'FieldAccess', child: e, field: f };
      return e;
    }
  }
  const fallback = scope.fallback;
  if (fallback === undefined) {
    const local = resolveColumn(parts, scope.attrs, ctx.eq, ctx.indexes);
    if (local !== null) return local;
    const lca = lateralAlias(parts, ctx, opts);
    if (lca !== null) return lca;
  } else {
    // An ambiguous name in the first tier may still be settled by a fallback tier (ORDER BY col1
    // over `SELECT 2 AS col1, 3 AS col1 FROM t`: the input's col1).
    let ambiguity: AnalysisError | null = null;
    for (let t = -1; t < fallback.length; t++) {
      let found: Expression | null;
      try {
        found = resolveColumn(parts, t < 0 ? scope.attrs : fallback[t]!, ctx.eq, ctx.indexes);
      } catch (e) {
        if (!(e instanceof AnalysisError) || e.errorClass !== 'AMBIGUOUS_REFERENCE') throw e;
        ambiguity ??= e;
        found = null;
      }
      if (found !== null) return found;
      if (t < 0) {
        const lca = lateralAlias(parts, ctx, opts);
        if (lca !== null) return lca;
      }
    }
    if (ambiguity !== null) throw ambiguity;
  }
  for (let s = scope.outer; s !== null; s = s.outer) {
    let outer = resolveColumn(parts, s.attrs, ctx.eq, ctx.indexes);
    for (const tier of s.fallback ?? []) outer ??= resolveColumn(parts, tier, ctx.eq, ctx.indexes);
    if (outer !== null) return wrapOuter(outer);
  }
  // A session variable: `v`, `session.v`, `system.session.v` (columns win, as in Spark).
  const variable = lookupVariable(parts, ctx);
  if (variable !== null) return variable;
  // `current_date`, `current_user` …: functions Spark also reads without parentheses; `grouping__id`
  // is Hive's name for grouping_id().
  const bare = parts.length === 1 ? parts[0]!.toLowerCase() : '';
  if (NO_PAREN_FUNCTIONS.has(bare) || bare === 'grouping__id') {
    return resolveFunction(
      { kind: 'UnresolvedFunction', name: [bare === 'grouping__id' ? 'grouping_id' : parts[0]!], args: [], distinct: false, filter: null, ignoreNulls: null, withinGroup: null },
      scope,
      ctx,
      opts,
    );
  }
  throw unresolvedColumn(parts, suggestions(parts, scope.attrs));
}

/** The lambda parameter of that name (a loop: a closure would allocate on every column reference). */
function lambdaNamed<L extends { readonly name: string }>(lambdas: readonly L[], name: string, eq: NameEq): L | undefined {
  for (const l of lambdas) if (eq(l.name, name)) return l;
  return undefined;
}

/** A lateral column alias: an alias defined earlier in the same select list. */
function lateralAlias(parts: readonly string[], ctx: Ctx, opts: ExprOptions): Expression | null {
  const columns = opts.lateral?.columns();
  return columns !== undefined && columns.length > 0 ? resolveColumn(parts, columns, ctx.eq, ctx.indexes) : null;
}

function unresolvedColumn(parts: readonly string[], candidates: readonly string[]): AnalysisError {
  const name = quotedName(parts);
  const message = `A column, variable, or function parameter with name ${name} cannot be resolved.`;
  if (candidates.length === 0) return new AnalysisError('UNRESOLVED_COLUMN.WITHOUT_SUGGESTION', message, { objectName: name });
  const proposal = candidates.join(', ');
  return new AnalysisError('UNRESOLVED_COLUMN.WITH_SUGGESTION', `${message} Did you mean one of the following? [${proposal}].`, { objectName: name, proposal });
}

function lookupVariable(parts: readonly string[], ctx: Ctx): Expression | null {
  const vars = ctx.env.variables;
  if (vars === undefined || vars.size === 0) return null;
  const lower = parts.map((p) => p.toLowerCase());
  const prefix = lower.length === 3 ? lower.slice(0, 2).join('.') : lower.length === 2 ? lower[0] : '';
  if (prefix !== '' && prefix !== 'session' && prefix !== 'system.session') return null;
  const v = vars.get(lower[lower.length - 1]!);
  return v === undefined ? null : { kind: 'VariableRef', name: v.name, type: v.type };
}

const NO_PAREN_FUNCTIONS: ReadonlySet<string> = new Set([
  'current_date',
  'current_timestamp',
  'current_time',
  'current_user',
  'user',
  'session_user',
  'current_schema',
  'current_database',
  'current_catalog',
  'localtimestamp',
]);

/** An outer column read inside a subquery; struct fields stay accesses over the reference. */
function wrapOuter(e: Expression): Expression {
  if (e.kind === 'AttributeRef') return { kind: 'OuterReference', attr: e };
  if (e.kind === 'FieldAccess') return { ...e, child: wrapOuter(e.child) };
  return e;
}

function resolveFunction(e: Extract<Expression, { kind: 'UnresolvedFunction' }>, scope: Scope, ctx: Ctx, opts: ExprOptions): Expression {
  let written = e.name;
  if (e.nameClause !== undefined) {
    const n = constantString(e.nameClause);
    if (n === null) throw new AnalysisError('NOT_A_CONSTANT_STRING.WRONG_TYPE', 'IDENTIFIER() needs a constant string.', {});
    written = identifierParts(n);
  }
  const name = written.join('.').toLowerCase();
  const def = ctx.env.functions?.get(name) ?? lookupFunction(name);
  if (def === undefined) {
    const sqlFn = lookupSqlFunction(written, ctx);
    if (sqlFn !== null && sqlFn.fn.sql !== undefined && sqlFn.fn.sql.table === null) {
      const params = sqlFn.fn.sql.parameters;
      const args = e.args.map((a) => resolveExpr(a, scope, ctx, opts));
      const required = params.filter((p) => !p.hasDefault).length;
      if (args.length < required || args.length > params.length) {
        const expected = required === params.length ? String(required) : `[${required}, ${params.length}]`;
        throw wrongNumArgs(`\`${sqlFn.written.join('.')}\``, expected, args.length, { functionName: quotedName(sqlFn.written), expectedNum: expected, actualNum: String(args.length) });
      }
      return {
        kind: 'ResolvedFunction',
        name: sqlFn.written.join('.').toLowerCase(),
        written: sqlFn.written,
        category: 'scalar',
        args,
        distinct: e.distinct,
        filter: null,
        ignoreNulls: null,
        withinGroup: null,
        type: sqlFn.fn.returns ?? T.unknown,
        nullable: true,
      };
    }
    const udf = ctx.env.catalog.getFunction(name);
    if (udf !== undefined) {
      const args = e.args.map((a) => resolveExpr(a, scope, ctx, opts));
      return { kind: 'ResolvedFunction', name, written, category: 'scalar', args, distinct: e.distinct, filter: null, ignoreNulls: null, withinGroup: null, type: udf.returns ?? T.unknown, nullable: true };
    }
    throw new AnalysisError(
      'UNRESOLVED_ROUTINE',
      `Cannot resolve routine ${quotedName(written)} on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`${ctx.currentDatabase}\`].`,
      { routineName: quotedName(written) },
    );
  }
  // count(*) is count(1), as Spark rewrites it.
  let rawArgs = e.args;
  if (def.name === 'count' && rawArgs.length === 1 && rawArgs[0]!.kind === 'UnresolvedStar' && rawArgs[0]!.target === null) {
    rawArgs = [{ kind: 'Literal', type: 'int', value: '1' }];
  }
  const args: Expression[] = [];
  for (const a of rawArgs) {
    if (a.kind === 'LambdaFunction') args.push(resolveLambda(a, args, scope, ctx, opts));
    else if (a.kind === 'UnresolvedStar') args.push(...expandStar(a, scope, ctx));
    else args.push(resolveExpr(a, scope, ctx, opts));
  }
  if (args.length < def.minArgs || args.length > def.maxArgs) {
    const expected = def.minArgs === def.maxArgs ? String(def.minArgs) : def.maxArgs === Infinity ? `>= ${def.minArgs}` : `[${def.minArgs}, ${def.maxArgs}]`;
    throw wrongNumArgs(`\`${written.join('.').toLowerCase()}\``, expected, args.length, { functionName: quotedName([written.join('.').toLowerCase()]), expectedNum: expected, actualNum: String(args.length) });
  }
  const infos: ArgInfo[] = args.map((a) => ({ expr: a, type: typeOf(a), nullable: nullableOf(a) }));
  let result = def.result(infos);
  // make_timestamp(date[, time]) is always a local-time-zone timestamp; the field forms follow the setting.
  if (ctx.env.timestampNtz === true && FOLLOW_TIMESTAMP_TYPE.has(def.name) && (args.length > 5 || !def.name.includes('make'))) result = { ...result, type: defaultTimestampNtz(result.type) };
  const filter = e.filter === null ? null : resolveExpr(e.filter, scope, ctx, opts);
  const withinGroup = e.withinGroup === null ? null : e.withinGroup.map((o) => ({ ...o, child: resolveExpr(o.child, scope, ctx, opts) }));
  return {
    kind: 'ResolvedFunction',
    name: def.name,
    written,
    category: def.category,
    args,
    distinct: e.distinct,
    filter,
    ignoreNulls: e.ignoreNulls,
    withinGroup,
    type: result.type,
    nullable: result.nullable,
  };
}

/** Functions whose result is the session's default timestamp type (Spark: `SQLConf.get.timestampType`). */
const FOLLOW_TIMESTAMP_TYPE: ReadonlySet<string> = new Set(['to_timestamp', 'try_to_timestamp', 'make_timestamp', 'try_make_timestamp']);

/** Whether a timestamp literal's text names a zone or offset after its time (`… 10:00:00Z`, `… 10:00 UTC`, `…+01:00`). */
function hasZone(text: string): boolean {
  return /\d:\d{1,2}(?::\d{1,2}(?:\.\d*)?)?\s*(?:[zZ]|[A-Za-z][\w/+-]*|[+-]\d.*)\s*$/.test(text.trim());
}

/**
 * A lambda argument of a higher-order function: its parameters take the element type of the
 * function's first argument (array elements; key and value of a map), or `unknown`.
 */
function resolveLambda(e: Extract<Expression, { kind: 'LambdaFunction' }>, before: readonly Expression[], scope: Scope, ctx: Ctx, opts: ExprOptions): Expression {
  const input = before[0] === undefined ? T.unknown : typeOf(before[0]);
  const paramTypes =
    input.kind === 'array' ? [input.element, T.int] : input.kind === 'map' ? [input.key, input.value] : e.params.map(() => T.unknown);
  const vars = e.params.map((name, i) => ({
    kind: 'LambdaVariable' as const,
    id: ctx.ids.next(),
    name,
    type: before.length > 1 && i === 0 && e.params.length === 2 && input.kind === 'array' && isAccumulatorCall(before) ? typeOf(before[1]!) : (paramTypes[i] ?? T.unknown),
    nullable: true,
  }));
  const body = resolveExpr(e.body, scope, ctx, { ...opts, lambdas: [...vars, ...(opts.lambdas ?? [])] });
  return { ...e, body };
}

/** `aggregate(arr, zero, (acc, x) -> …)`: the first lambda parameter is the accumulator. */
function isAccumulatorCall(before: readonly Expression[]): boolean {
  return before.length === 2;
}

/**
 * A SQL function of the session: temporary first, then the current database (or the database
 * the name gives). `written` is the name Spark shows (`spark_catalog.default.f` for persistent ones).
 */
function lookupSqlFunction(parts: readonly string[], ctx: Ctx): { fn: CatalogFunction; written: readonly string[] } | null {
  const catalog = ctx.env.catalog;
  if (parts.length === 1) {
    const temp = catalog.getFunction(parts[0]!);
    if (temp?.sql?.temporary === true) return { fn: temp, written: [parts[0]!] };
  }
  const db = parts.length === 1 ? ctx.currentDatabase : parts.length === 2 ? parts[0]! : parts[0]!.toLowerCase() === SESSION_CATALOG && parts.length === 3 ? parts[1]! : null;
  if (db === null) return null;
  const name = parts[parts.length - 1]!;
  const fn = catalog.getFunction(`${db}.${name}`);
  return fn?.sql === undefined ? null : { fn, written: [SESSION_CATALOG, db, name] };
}

/**
 * Resolves a standalone expression (a row-filter predicate, a mask) against given columns, for
 * the policy layer. New ids start above `lastId` (the largest id of the plan the expression will
 * join); returns the expression and the last id used.
 */
export function resolveAgainst(e: Expression, attrs: readonly AttributeRef[], env: AnalyzerEnv, lastId: number): { expr: Expression; lastId: number } {
  const ctx = newCtx(env, lastId, 32);
  const expr = resolveExpr(e, { attrs, outer: null }, ctx);
  return { expr, lastId: ctx.ids.last };
}
