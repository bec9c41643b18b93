/**
 * Securing one read: `Relation` becomes
 * `SecureScan ← SubqueryAlias(t) ← Project(masks) ← Filter(row filter) ← Relation'`.
 * The masked columns get new ids (the raw values, seen only by the filter and the masks) and
 * the masking projection produces their original ids; the other columns pass through under
 * their own. So nothing above changes, and everything above reads masked values.
 *
 *   SELECT name FROM hr.employees
 *   ⇒ SELECT employees.name FROM (SELECT id, regexp_replace(…) AS name, …
 *        FROM spark_catalog.hr.employees WHERE region = 'EMEA') AS employees
 *
 * What applies to a read (which filters and masks, compiled how) depends only on the table, the
 * identity and, for `window` filters, the time. It is compiled once per such triple into a
 * recipe over placeholder columns, and each read binds the recipe to its own raw columns.
 */
import type { BinaryOp, Case, CaseBranch, Expression, SortOrder } from '../plan/expression.js';
import type { Plan } from '../plan/logical.js';
import type { AttributeRef, Relation, ResolvedFunction, SecureScan, TableIdentifier, View } from '../plan/resolved.js';
import type { CatalogTable } from '../plan/catalog/catalog.js';
import { typeToString } from '../plan/data-type.js';
import { printExpression, withAttributePrinter } from '../plan/print/expression.js';
import { outputOf } from '../plan/analysis/output.js';
import type { AnalyzerEnv } from '../plan/analysis/analyzer.js';
import { applies, type Identity, type MatchContext } from '../policies/identity.js';
import type { MaskPolicy, MaskSpec, RowFilterPolicy } from '../policies/schema.js';
import { bindIdentity, parsePolicyExpression, resolvePolicyExpression } from '../policies/compile-expression.js';
import { compileMask } from '../policies/masks.js';
import { shorthandPredicate } from '../policies/row-filters.js';
import { simplifyBooleans } from '../policies/simplify-booleans.js';
import { tableMatches, tableName } from './grants.js';

/** What applies to reads of one table by one identity (kept with the table between statements; the time comes apart). */
export interface SecureInputs {
  readonly rowFilters: readonly RowFilterPolicy[];
  readonly masks: readonly MaskPolicy[];
  readonly salt: string | null;
  readonly groupsCaseSensitive: boolean;
  /** Where this table's recipe for the identity is kept (null: compile for this read alone). */
  readonly recipes: RecipeSlot | null;
}

export type SecuredRead = {
  node: Plan | null;
  lastId: number;
  /** The read's lists and texts (the directive, the audit): a recipe's as they are, for a read bound from one. */
  texts: Texts;
};

/** One table's recipes, by identity key and, when a `window` filter may apply (the only part that depends on the time), the time; bounded, cleared when full. */
export type RecipeCache = Map<string, Recipe | null>;
export const MAX_RECIPES = 512;

/** Where the recipe of a table for an identity is kept: its table's cache, under its key. */
export interface RecipeSlot {
  readonly cache: RecipeCache;
  readonly key: string;
}

export function secureRelation(r: Relation, table: CatalogTable | undefined, identity: Identity, ctx: MatchContext, env: AnalyzerEnv, lastId: number, inputs: SecureInputs, now: Date): SecuredRead {
  const out = r.output;
  // Only the masked columns get fresh ids: which they are, the recipe says (compiled here for
  // the table's first read); for a read compiled alone, its parts compiled once over the columns.
  let recipe = keptRecipe(inputs);
  let values: readonly unknown[] | null = null;
  if (recipe === undefined || recipe === null || !sameColumns(recipe.columns, out)) {
    const read: Read = { orig: out, id: r.table, table, identity, ctx, env, inputs, now, ownColumns: true };
    const columns = out.map((a): AttributeRef => ({ kind: 'AttributeRef', id: a.id, name: a.name, type: a.type, nullable: a.nullable, qualifier: UNQUALIFIED }));
    if (recipe === undefined) recipe = keepRecipe(inputs, makeRecipe(read, columns));
    if (recipe === null || !sameColumns(recipe.columns, out)) values = compileParts(read, columns, 0).values;
  }
  values ??= recipe!.values;
  // Hidden file metadata (`_metadata`) is not carried through a secured read: a query naming it
  // on a protected table fails verification and is denied.
  const raw: AttributeRef[] = new Array<AttributeRef>(out.length);
  for (let i = 0; i < out.length; i++) {
    const a = out[i]!;
    raw[i] = { kind: 'AttributeRef', id: values[i] === null ? a.id : ++lastId, name: a.name, type: a.type, nullable: a.nullable, qualifier: UNQUALIFIED };
  }
  let leaf: Relation;
  if (!('metadata' in r)) leaf = { ...r, output: raw };
  else {
    const { metadata: _hidden, ...bare } = r;
    void _hidden;
    leaf = { ...bare, output: raw };
  }
  return secureRead(leaf, r.output, r.table, table, identity, ctx, env, lastId, inputs, now, true);
}

/** The raw columns' qualifier: none (one list for all of them; plans are never changed in place). */
const UNQUALIFIED: readonly string[] = [];

/**
 * Wraps one read (`leaf`, whose columns are the raw values under fresh ids) as
 * `SecureScan ← SubqueryAlias ← Project(masks) ← Filter(row filter) ← leaf`; the masking
 * projection produces `orig`'s ids (the ids the plan above reads). Null when no policy applies.
 */
export function secureRead(
  leaf: Relation | View,
  orig: readonly AttributeRef[],
  id: TableIdentifier,
  table: CatalogTable | undefined,
  identity: Identity,
  ctx: MatchContext,
  env: AnalyzerEnv,
  lastId: number,
  inputs: SecureInputs,
  now: Date,
  ownColumns = false,
): SecuredRead {
  // The raw columns, unqualified (a table's come so from secureRelation; a view's carry its name).
  const out = outputOf(leaf);
  const raw: readonly AttributeRef[] = ownColumns || out.every((a) => a.qualifier.length === 0) ? out : out.map((a) => ({ ...a, qualifier: [] }));
  // A read bound from its table's recipe (the common case) takes its lists and texts from the
  // recipe and its expressions from the binding: no Read or Parts record is built for it.
  let recipe = keptRecipe(inputs);
  if (recipe === undefined) recipe = keepRecipe(inputs, makeRecipe({ orig, id, table, identity, ctx, env, inputs, now, ownColumns }, raw));
  if (recipe !== null && !sameColumns(recipe.columns, raw)) recipe = null;
  if (recipe !== null) {
    // Nothing applies: the read stays as it is.
    if (recipe.filterTemplate === null && !recipe.masked) return { node: null, lastId: lastId + recipe.idsUsed, texts: recipe };
    return { node: bindRecipe(recipe, leaf, orig, id, raw, ownColumns), lastId: lastId + recipe.idsUsed, texts: recipe };
  }
  const compiled = compileParts({ orig, id, table, identity, ctx, env, inputs, now, ownColumns }, raw, lastId);
  const { filter, values } = compiled;
  if (filter === null && !values.some(notNull)) return { node: null, lastId: compiled.lastId, texts: compiled };
  // Sized once (pushing from empty grows the list to twice the columns or more, per read).
  const items: Expression[] = new Array<Expression>(orig.length);
  for (let i = 0; i < orig.length; i++) items[i] = item(orig[i]!, values[i] ?? raw[i]!);
  return { node: wrap(leaf, id, compiled.policyIds, filter, items), lastId: compiled.lastId, texts: compiled };
}

/** The masking projection's item for a column: its raw column itself when that has the column's own id (passed through), else its value under that id. */
function item(o: AttributeRef, value: Expression): Expression {
  return value.kind === 'AttributeRef' && value.id === o.id ? value : { kind: 'Alias', child: value, name: o.name, id: o.id };
}

/** `SecureScan ← SubqueryAlias ← Project(items) ← [Filter ←] leaf`. */
function wrap(leaf: Relation | View, id: TableIdentifier, policyIds: readonly string[], filter: Expression | null, items: Expression[]): SecureScan {
  const filtered: Plan = filter === null ? leaf : { kind: 'Filter', condition: filter, child: leaf };
  return {
    kind: 'SecureScan',
    table: id,
    policyIds,
    child: { kind: 'SubqueryAlias', alias: id.name, columnAliases: null, child: { kind: 'Project', projectList: items, child: filtered } },
  };
}

const notNull = (v: unknown): boolean => v !== null;

/**
 * Whether a SecureScan from outside (securePlan of a secured plan) filters and masks exactly as
 * `expected`, built now for its leaf: the same filter and, column by column, the same name and
 * value, as printed with every column's id (a forged read that dropped a mask, or reads another
 * column under a mask's name, differs). Both have the SecureScan shape (secureScanLeaf).
 */
export function sameSecuring(given: SecureScan, expected: SecureScan): boolean {
  const text = (s: SecureScan): string => {
    const project = (s.child as Extract<Plan, { kind: 'SubqueryAlias' }>).child as Extract<Plan, { kind: 'Project' }>;
    const input = project.child;
    return JSON.stringify([input.kind === 'Filter' ? printExpression(input.condition) : '', ...project.projectList.map((e) => `${(e as { name?: string }).name}:${printExpression(e.kind === 'Alias' ? e.child : e)}`)]);
  };
  return withAttributePrinter((a) => `${a.name}#${a.id}`, () => text(given) === text(expected));
}

/** What a read is secured for: its columns as the plan above reads them, its table, the identity, and the policies that may apply. */
interface Read {
  readonly orig: readonly AttributeRef[];
  readonly id: TableIdentifier;
  readonly table: CatalogTable | undefined;
  readonly identity: Identity;
  readonly ctx: MatchContext;
  readonly env: AnalyzerEnv;
  readonly inputs: SecureInputs;
  /** The time `window` filters are decided at. */
  readonly now: Date;
  /** The raw columns are secureRelation's own (nothing but the fields it sets): parts bound to them may be reused. */
  readonly ownColumns: boolean;
}

/**
 * The row filter and the masked value of each column (null: the raw column) of one read. The
 * lists and the texts may be a recipe's, shared by every read bound from it: never changed.
 */
interface Parts extends Texts {
  readonly lastId: number;
  readonly filter: Expression | null;
  readonly values: readonly (Expression | null)[];
}

/** What a read's directive and audit take from its parts, or from its recipe as they are. */
export interface Texts {
  readonly filterText: string | null;
  readonly maskText: Readonly<Record<string, string>>;
  /** Each policy once (a policy both filters and masks: listed once). */
  readonly policyIds: readonly string[];
  readonly filterIds: readonly string[];
  readonly maskIds: readonly string[];
}

/**
 * A read's parts compiled over placeholder columns (column i has id −(i+1)), and how to bind
 * them to a read's raw columns. Only parts that hold no ids of their own are kept as recipes
 * (a filter with a subquery or a lambda is compiled for each read).
 */
interface Recipe extends Texts {
  readonly columns: readonly AttributeRef[];
  /** How many ids compiling the parts took (a read bound from the recipe skips as many: the same ids either way). */
  readonly idsUsed: number;
  readonly filter: Binder | null;
  readonly filterTemplate: Expression | null;
  readonly filterText: string | null;
  readonly values: readonly ({ readonly template: Expression; readonly bind: Binder | null } | null)[];
  readonly maskText: Readonly<Record<string, string>>;
  readonly policyIds: readonly string[];
  readonly filterIds: readonly string[];
  readonly maskIds: readonly string[];
  /** A column is masked (else only a filter may apply). */
  readonly masked: boolean;
  /**
   * The parts last bound, and the raw columns they were bound to. The same statement secured
   * again (a dashboard's refresh, the shim's read of one table) numbers its columns the same
   * way: the bound parts are those again, shared rather than copied (plans are immutable, and
   * parts of the templates are shared by every read already). Kept in place (no record per read).
   */
  lastRaw: readonly AttributeRef[] | null;
  lastFilter: Expression | null;
  /** The masking projection's items bound last: each masked column's value is its item's child. */
  lastItems: readonly Expression[] | null;
}

/** The recipe kept for the read's table and identity: undefined when none is compiled yet, null when none is kept (the read is compiled alone). */
function keptRecipe(inputs: SecureInputs): Recipe | null | undefined {
  return inputs.recipes === null ? null : inputs.recipes.cache.get(inputs.recipes.key);
}

function keepRecipe(inputs: SecureInputs, recipe: Recipe | null): Recipe | null {
  const { cache, key } = inputs.recipes!;
  if (cache.size >= MAX_RECIPES) cache.clear();
  cache.set(key, recipe);
  return recipe;
}

/** The read wrapped with the recipe's filter and masks bound to `raw`: the last binding again when the columns are the same. */
function bindRecipe(recipe: Recipe, leaf: Relation | View, orig: readonly AttributeRef[], id: TableIdentifier, raw: readonly AttributeRef[], ownColumns: boolean): SecureScan {
  const again = ownColumns && recipe.lastRaw !== null && sameRaw(recipe.lastRaw, raw) ? recipe.lastItems! : null;
  const filter = again !== null ? recipe.lastFilter : recipe.filter === null ? recipe.filterTemplate : (recipe.filter(raw) as Expression);
  // Sized once (pushing from empty grows the list to twice the columns or more, per read).
  const items: Expression[] = new Array<Expression>(orig.length);
  for (let i = 0; i < orig.length; i++) {
    const o = orig[i]!;
    const v = recipe.values[i]!;
    const value = v === null ? raw[i]! : again !== null ? (again[i] as Extract<Expression, { kind: 'Alias' }>).child : v.bind === null ? v.template : (v.bind(raw) as Expression);
    items[i] = item(o, value);
  }
  if (ownColumns) {
    recipe.lastRaw = raw;
    recipe.lastFilter = filter;
    recipe.lastItems = items;
  }
  return wrap(leaf, id, recipe.policyIds, filter, items);
}

function makeRecipe(read: Read, raw: readonly AttributeRef[]): Recipe | null {
  const columns = raw.map((a, i): AttributeRef => ({ ...a, id: -(i + 1) }));
  const parts = compileParts(read, columns, 0);
  if ((parts.filter !== null && holdsIds(parts.filter)) || parts.values.some((v) => v !== null && holdsIds(v))) return null;
  // A mask repeats parts over its column (showLast takes the column's length twice): equal
  // subtrees get one binder, which copies them once per read, shared where they occur.
  const repeated = repeatedParts([parts.filter, ...parts.values]);
  const binders = new Map<string, Binder | null>();
  return {
    columns,
    idsUsed: parts.lastId,
    filter: parts.filter === null ? null : binderOf(parts.filter, binders, repeated),
    filterTemplate: parts.filter,
    filterText: parts.filterText,
    values: parts.values.map((v) => (v === null ? null : { template: v, bind: binderOf(v, binders, repeated) })),
    maskText: parts.maskText,
    policyIds: parts.policyIds,
    filterIds: parts.filterIds,
    maskIds: parts.maskIds,
    masked: parts.values.some(notNull),
    lastRaw: null,
    lastFilter: null,
    lastItems: null,
  };
}

/** Whether two lists of raw columns built by secureRelation are alike: the same ids, names, types and nullability. */
function sameRaw(a: readonly AttributeRef[], b: readonly AttributeRef[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.id !== y.id || x.name !== y.name || x.type !== y.type || x.nullable !== y.nullable) return false;
  }
  return true;
}

/** Whether the read's raw columns are the recipe's (same names, types and nullability, in order). */
function sameColumns(columns: readonly AttributeRef[], raw: readonly AttributeRef[]): boolean {
  if (columns.length !== raw.length) return false;
  for (let i = 0; i < raw.length; i++) {
    const a = columns[i]!;
    const b = raw[i]!;
    if (a.name !== b.name || a.nullable !== b.nullable || (a.type !== b.type && typeToString(a.type) !== typeToString(b.type))) return false;
  }
  return true;
}

/** Whether a compiled part holds an id of its own (anything numbered from 1: a column of a subquery, a lambda variable). */
function holdsIds(x: unknown): boolean {
  if (x === null || typeof x !== 'object') return false;
  if (Array.isArray(x)) return x.some(holdsIds);
  const node = x as Record<string, unknown>;
  if ((typeof node.id === 'number' && node.id > 0) || typeof node.cteId === 'number') return true;
  return Object.keys(node).some((k) => holdsIds(node[k]));
}

type Binder = (raw: readonly AttributeRef[]) => unknown;
const RESOLVED_FUNCTION = 'kind,name,written,category,args,distinct,filter,ignoreNulls,withinGroup,type,nullable';

/**
 * The copier of `x` (a compiled part, or a list or record inside one) that puts a read's raw
 * columns where the placeholders are, copying only what holds one; null when nothing inside `x`
 * does. (Only expressions hold AttributeRefs, so a structural walk finds the placeholders.)
 */
function binderOf(x: unknown, made: Map<string, Binder | null>, repeated: ReadonlySet<string>): Binder | null {
  if (x === null || typeof x !== 'object') return null;
  // By the subtree's JSON: equal subtrees, one binder.
  const key = JSON.stringify(x);
  let b = made.get(key);
  if (b !== undefined) return b;
  b = makeBinder(x, made, repeated);
  // A part the template holds in several places is copied once per read (its last read's copy kept).
  if (b !== null && repeated.has(key) && (x as { kind?: unknown }).kind !== 'AttributeRef') {
    const copy = b;
    let last: readonly AttributeRef[] | null = null;
    let out: unknown = null;
    b = (raw) => {
      if (raw !== last) {
        out = copy(raw);
        last = raw;
      }
      return out;
    };
  }
  made.set(key, b);
  return b;
}

/** The JSON of every subtree of `parts` that occurs more than once. */
function repeatedParts(parts: readonly unknown[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  const count = (x: unknown): void => {
    if (x === null || typeof x !== 'object') return;
    const key = JSON.stringify(x);
    if (seen.has(key)) repeated.add(key);
    else {
      seen.add(key);
      Object.values(x).forEach(count);
    }
  };
  parts.forEach(count);
  return repeated;
}

function makeBinder(x: object, made: Map<string, Binder | null>, repeated: ReadonlySet<string>): Binder | null {
  const binderOf_ = (y: unknown): Binder | null => binderOf(y, made, repeated);
  if (Array.isArray(x)) {
    const binders = x.map(binderOf_);
    if (binders.every((b) => b === null)) return null;
    // Argument lists are short: built as literals (a copy then stores is several times slower),
    // with the template's own items where nothing is bound (no call for them).
    const [a, b, c] = binders;
    if (x.length === 1) return (raw) => [a!(raw)];
    if (x.length === 2) {
      const [x0, x1] = x as unknown[];
      if (a === null) return (raw) => [x0, b!(raw)];
      if (b === null) return (raw) => [a(raw), x1];
      return (raw) => [a(raw), b(raw)];
    }
    if (x.length === 3) {
      const [x0, x1, x2] = x as unknown[];
      // The commonest: a string function of the column and literals (regexp_replace, substring).
      if (a !== null && b === null && c === null) return (raw) => [a(raw), x1, x2];
      const [p, q, r] = [a ?? (() => x0), b ?? (() => x1), c ?? (() => x2)];
      return (raw) => [p(raw), q(raw), r(raw)];
    }
    // Each item's value for a read: bound, or the template's own.
    const items = binders.map((bind, i): Binder => bind ?? (() => x[i]));
    return (raw) => items.map((bind) => bind(raw));
  }
  const node = x as Record<string, unknown>;
  if (node.kind === 'AttributeRef' && typeof node.id === 'number' && node.id < 0) {
    const i = -node.id - 1;
    return (raw) => raw[i];
  }
  const binders = new Map<string, Binder>();
  for (const k of Object.keys(node)) {
    const b = binderOf_(node[k]);
    if (b !== null) binders.set(k, b);
  }
  if (binders.size === 0) return null;
  // Each field's value for a read: bound, or the template's own.
  const field = (k: string): Binder => binders.get(k) ?? (() => node[k]);
  // Most nodes of a mask are calls, operators and CASE branches: copied by object literals (a
  // spread at a site that sees every node layout is V8's slow path, and it was a tenth of a
  // rewrite) when the node has exactly the fields of its kind, in order.
  const layout = Object.keys(node).join(',');
  if (layout === RESOLVED_FUNCTION) {
    const f = node as unknown as ResolvedFunction;
    const args = binders.get('args');
    // A call binds its arguments (no FILTER or WITHIN GROUP in a mask, as a rule): the rest is the template's.
    if (args !== undefined && binders.size === 1) {
      return (raw): ResolvedFunction => ({
        kind: f.kind,
        name: f.name,
        written: f.written,
        category: f.category,
        args: args(raw) as Expression[],
        distinct: f.distinct,
        filter: f.filter,
        ignoreNulls: f.ignoreNulls,
        withinGroup: f.withinGroup,
        type: f.type,
        nullable: f.nullable,
      });
    }
    const [argsOf, filter, withinGroup] = [field('args'), field('filter'), field('withinGroup')];
    return (raw): ResolvedFunction => ({
      kind: f.kind,
      name: f.name,
      written: f.written,
      category: f.category,
      args: argsOf(raw) as Expression[],
      distinct: f.distinct,
      filter: filter(raw) as Expression | null,
      ignoreNulls: f.ignoreNulls,
      withinGroup: withinGroup(raw) as SortOrder[] | null,
      type: f.type,
      nullable: f.nullable,
    });
  }
  if (layout === 'kind,op,left,right' && node.kind === 'BinaryOp') {
    const e = node as unknown as BinaryOp;
    const [left, right] = [field('left'), field('right')];
    return (raw): BinaryOp => ({ kind: e.kind, op: e.op, left: left(raw) as Expression, right: right(raw) as Expression });
  }
  if (layout === 'kind,operand,branches,otherwise' && node.kind === 'Case') {
    const [operand, branches, otherwise] = [field('operand'), field('branches'), field('otherwise')];
    return (raw): Case => ({ kind: 'Case', operand: operand(raw) as Expression | null, branches: branches(raw) as CaseBranch[], otherwise: otherwise(raw) as Expression | null });
  }
  if (layout === 'when,then') {
    const [when, then] = [field('when'), field('then')];
    return (raw): CaseBranch => ({ when: when(raw) as Expression, then: then(raw) as Expression });
  }
  const fields = [...binders];
  return (raw) => {
    const out = { ...node };
    for (let i = 0; i < fields.length; i++) out[fields[i]![0]] = fields[i]![1](raw);
    return out;
  };
}

/** The parts of one read, compiled against `raw` (its raw columns, or a recipe's placeholders). */
function compileParts(read: Read, raw: readonly AttributeRef[], lastId: number): Parts {
  const { orig, id, table, identity, ctx, env, inputs, now } = read;
  const policyIds: string[] = [];
  const filterIds: string[] = [];
  const maskIds: string[] = [];

  // Row filters: every applicable one, ANDed.
  const conditions: Expression[] = [];
  for (const f of inputs.rowFilters) {
    if (!tableMatches(f.table, id)) continue;
    let text: string | null = null;
    let shorthand: Expression | null = null;
    // A policy's own to/except decide whether it applies at all; its cases then pick the filter.
    if (!applies(f.to, f.except, identity, ctx)) continue;
    if (f.cases !== undefined) {
      const c = f.cases.find((k) => applies(k.to, k.except, identity, ctx));
      if (c === undefined) continue;
      text = c.where;
    } else if (f.where !== undefined) text = f.where;
    else shorthand = shorthandPredicate(f, identity, raw, now);
    const unresolved = shorthand ?? bindIdentity(parsePolicyExpression(text!, f.id), identity, inputs.groupsCaseSensitive, f.id);
    const res = resolvePolicyExpression(unresolved, raw, env, lastId, f.id);
    lastId = res.lastId;
    conditions.push(res.expr);
    filterIds.push(f.id);
    policyIds.push(f.id);
  }
  // Identity values bound as literals leave constant structure (`c0 > 0 OR FALSE`): folded once here, before printing and recipes.
  const filter = conditions.length === 0 ? null : simplifyBooleans(conditions.reduce((a, b) => ({ kind: 'BinaryOp', op: 'AND', left: a, right: b })));

  // Masks: exactly one effective mask per column (priority, then column over tag, then order).
  // Whether a mask reaches this table and applies to this identity, and with which spec, does
  // not depend on the column: decided once per read, in document order.
  type Live = { m: MaskPolicy; spec: MaskSpec; when: string | null; priority: number };
  const live: Live[] = [];
  let byTag = false;
  inputs.masks.forEach((m) => {
    if (m.tag === undefined && !tableMatches(m.table!, id)) return;
    if (!applies(m.to, m.except, identity, ctx)) return;
    let spec: MaskSpec | undefined;
    let when: string | null = m.when ?? null;
    if (m.cases !== undefined) {
      const c = m.cases.find((k) => applies(k.to, k.except, identity, ctx));
      if (c === undefined) return;
      spec = c.mask;
      when = c.when ?? when;
    } else spec = m.mask;
    if (spec === undefined) return;
    if (m.tag !== undefined) byTag = true;
    live.push({ m, spec, when, priority: m.priority ?? 0 });
  });
  const tableTags = table?.tags ?? [];
  const maskText: Record<string, string> = {};
  const values: (Expression | null)[] = [];
  let lowerTable: string | null = null;
  orig.forEach((o, i) => {
    const name = o.name.toLowerCase();
    const column = byTag ? table?.columns.find((c) => c.name.toLowerCase() === name) : undefined;
    let chosen: Live | null = null;
    for (const cand of live) {
      const tag = cand.m.tag;
      if (tag !== undefined ? !(column?.tags ?? []).includes(tag) && !tableTags.includes(tag) : cand.m.column!.toLowerCase() !== name) continue;
      if (
        chosen === null ||
        cand.priority > chosen.priority ||
        (cand.priority === chosen.priority && tag === undefined && chosen.m.tag !== undefined)
      ) {
        chosen = cand;
      }
    }
    if (chosen === null || chosen.spec.kind === 'none') {
      values.push(null);
      return;
    }
    const res = compileMask(chosen.spec, raw[i]!, raw, chosen.when, identity, env, lastId, chosen.m.id, inputs.salt, inputs.groupsCaseSensitive, (lowerTable ??= tableName(id).toLowerCase()));
    lastId = res.lastId;
    values.push(res.expr);
    maskText[o.name] = res.text ?? printExpression(res.expr);
    maskIds.push(chosen.m.id);
    policyIds.push(chosen.m.id);
  });
  // A policy both filters and masks: listed once.
  const unique = policyIds.length < 2 ? policyIds : [...new Set(policyIds)];
  // Frozen: handed out as they are (plan nodes, directives) and, from a recipe, in every statement.
  return { lastId, filter, filterText: filter === null ? null : printExpression(filter), values, maskText: Object.freeze(maskText), policyIds: Object.freeze(unique), filterIds, maskIds };
}
