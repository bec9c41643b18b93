/**
 * The plan integrity check, run in tests and after every rewrite: in a resolved plan every column
 * a node reads is produced by its children (or, for the clauses of a SELECT block, by the block's
 * input; in a subquery, by an enclosing query), every produced column id is unique, and nothing
 * is left unresolved. Returns the problems found; an empty list means the plan is sound.
 *
 * The same walk verifies a secured plan (`checkSecuredPlan`, the rewrite's verifier), so that a
 * rewrite walks its result once.
 */
import type { Expression } from '../expression.js';
import type { Plan } from '../logical.js';
import type { AttributeRef, Relation, SecureScan, TableIdentifier, View } from '../resolved.js';
import { visitExprSlots, visitPlanSlots } from '../children.js';
import { isStatement } from '../print/statement.js';
import { belowBlockClauses, hiddenOf, outputOf } from './output.js';
import { isStackOverflow } from '../depth.js';

const UNRESOLVED: ReadonlySet<string> = new Set([
  'UnresolvedAttribute',
  'UnresolvedStar',
  'UnresolvedFunction',
  'UnresolvedRelation',
  'IdentifierClause',
  'Parameter',
  'PipeSet',
]);

export function checkIntegrity(plan: Plan): string[] {
  return check(plan, null);
}

/**
 * A plan is checked in two walks at most. The first keeps no table of the nodes it has met: in a
 * tree each node is met once, and a sound plan is a tree but for repeated select items. A node
 * met twice is met again down to a node without children, where the second visit shows: such a
 * node either produces a column (produced twice: a problem) or is kept in a small set (`bare`).
 * The first walk stops at its first problem; the second, with the table of nodes met (`seen`),
 * then finds the problems and words them (and skips a repeated select item, as it should).
 */
function check(plan: Plan, plain: ReadonlySet<Plan> | null): string[] {
  return walk(plan, plain, true) ?? walk(plan, plain, false)!;
}

/** One walk; null when the first walk (`quick`) met a problem or a node twice. */
function walk(plan: Plan, plain: ReadonlySet<Plan> | null, quick: boolean): string[] | null {
  const verify: Verify | null = plain === null ? null : { plain, problems: [], rawIds: IdTable.take(), scans: [], leaves: new Set() };
  const ctx = context(verify, quick);
  try {
    if (!walked(() => checkPlan(plan, [], ctx, null))) return quick ? null : [TOO_DEEP];
  } catch (e) {
    if (e === AGAIN) return null;
    throw e;
  } finally {
    release(ctx);
  }
  if (verify === null) return quick && ctx.problems.length > 0 ? null : ctx.problems;
  if (quick && ctx.problems.length + verify.problems.length > 0) return null;
  return [...ctx.problems, ...verify.problems];
}

/** Thrown to end a first walk that met a problem or a node twice. */
const AGAIN: unique symbol = Symbol('again');

const TOO_DEEP = 'the plan is nested too deeply to check';
/** Runs a walk; false when the plan was too deep for the stack (a problem, not an exception). */
function walked(f: () => void): boolean {
  try {
    f();
    return true;
  } catch (e) {
    if (isStackOverflow(e)) return false;
    throw e;
  }
}

/**
 * The verifier of a secured plan, with the integrity check in the same walk. Besides the plan's
 * integrity: every read of a table is either wrapped in exactly one SecureScan
 * (`SecureScan ← SubqueryAlias ← Project(masks) ← [Filter ←] a table or view`) or was decided to
 * need no wrapping (`plain`: the reads the rewrite looked at and left as they are); no file is
 * read by path; no operator outside a SecureScan reads a raw column of a secured read (the raw
 * ids, the columns of the wrapped leaf, only occur inside their SecureScan). Integrity problems
 * come first.
 */
export function checkSecuredPlan(plan: Plan, plain: ReadonlySet<Plan>): string[] {
  return check(plan, plain);
}

/**
 * Statements whose queries the analyzer resolves; other statements hold no resolved plan yet
 * (their names are checked when they are authorized) and are not inspected.
 */
const ANALYZED_STATEMENTS: ReadonlySet<string> = new Set(['InsertInto', 'CreateTable', 'CreateView', 'AlterViewAs', 'CacheTable', 'Explain', 'DescribeQuery']);
const NO_LAMBDAS: ReadonlySet<string> = new Set();

/** The raw column ids a read may see where the walk is: inside a SecureScan, its leaf's columns. */
type Own = Ids | null;

interface Verify {
  readonly plain: ReadonlySet<Plan>;
  readonly problems: string[];
  /** Raw column id → 1 + the index in `scans` of the well-formed SecureScan whose leaf produces it. */
  readonly rawIds: IdTable;
  readonly scans: SecureScan[];
  /** The leaves of well-formed SecureScans (wrapped, so decided). */
  readonly leaves: Set<Plan>;
}

interface Context {
  readonly problems: string[];
  readonly produced: IdTable;
  /** Nodes checked, with the SecureScan context they were checked in (null in a first walk, see check). */
  readonly seen: Map<Plan, Own> | null;
  /** In a first walk: the nodes without children met that produced no column. */
  bare: Set<Plan> | null;
  /** How many columns were produced (in a first walk, to see a node without children that produces none). */
  produces: number;
  /** A node's output ids (nodes that pass their child's columns through share its list). */
  readonly ids: Map<Plan, Ids>;
  /** The last table whose ids were asked for (not kept in `ids`), and its ids. */
  lastTable: Plan | null;
  lastTableIds: Ids;
  readonly parts: Map<Plan, Scope>;
  readonly verify: Verify | null;
}

function context(verify: Verify | null, quick: boolean): Context {
  return { problems: [], produced: IdTable.take(), seen: quick ? null : new Map(), bare: null, produces: 0, ids: new Map(), lastTable: null, lastTableIds: NO_IDS, parts: new Map(), verify };
}

/** Gives a walk's id tables back (see IdTable.take). */
function release(ctx: Context): void {
  ctx.produced.give();
  ctx.verify?.rawIds.give();
  // Nothing of this plan kept alive by the stacks (their storage kept for the next walk).
  kidStack.fill(undefined as unknown as Plan);
  exprStack.fill(undefined as unknown as Expression);
  kidTop = exprTop = 0;
  envDepth = 0;
  for (const env of envs) {
    env.single = null;
    env.input = NO_SCOPE;
    env.outer = NO_OUTER;
    env.ctx = null as unknown as Context;
    env.own = null;
  }
}

/**
 * One node's children and expressions, as visitPlanSlots gives them: put on two stacks shared by
 * the walk (a node's own entries stay below what its children put there, and a node gives its
 * own back when done), so that no node allocates a list or a closure for them. The arrays only
 * grow during a walk (shrinking them would make V8 trim and regrow their storage).
 */
const kidStack: Plan[] = [];
const exprStack: Expression[] = [];
let kidTop = 0;
let exprTop = 0;
const toKids = (c: Plan): void => void (kidStack[kidTop++] = c);
const toExprs = (e: Expression): void => void (exprStack[exprTop++] = e);

// `alias`: the name of the alias producing it, if any (the message is built only on a problem).
function produce(ctx: Context, id: number, where: string, alias: string | null = null): void {
  ctx.produces++;
  if (ctx.produced.get(id) !== 0) ctx.problems.push(`column id #${id} is produced twice (again by ${alias === null ? where : `${where} alias ${alias}`})`);
  else ctx.produced.set(id, 1);
}

/**
 * A set of column ids: a short list (most nodes produce a few columns, and scanning a few numbers
 * is cheaper than building and probing a Set) or a Set.
 */
type Ids = readonly number[] | ReadonlySet<number> | IdRange;
const NO_IDS: Ids = [];
const SHORT = 16;

/**
 * Consecutive ids, lo to hi (exclusive): a table's columns and a secured read's masks are
 * numbered in a row, and a range is a third of the size of their list (two of them per read).
 */
class IdRange {
  constructor(
    readonly lo: number,
    readonly hi: number,
  ) {}

  *[Symbol.iterator](): Iterator<number> {
    for (let id = this.lo; id < this.hi; id++) yield id;
  }
}

function hasId(ids: Ids, id: number): boolean {
  if (Array.isArray(ids)) return (ids as readonly number[]).includes(id);
  return ids instanceof IdRange ? id >= ids.lo && id < ids.hi && Number.isInteger(id) : (ids as ReadonlySet<number>).has(id);
}

function idsOfList(list: readonly AttributeRef[]): Ids {
  const n = list.length;
  if (n > 1 && Number.isInteger(list[0]!.id)) {
    const lo = list[0]!.id;
    let i = 1;
    while (i < n && list[i]!.id === lo + i) i++;
    if (i === n) return new IdRange(lo, lo + n);
  }
  if (n <= SHORT) {
    // Made to its size (pushed from empty, eight ids took room for seventeen).
    const ids: number[] = new Array<number>(n);
    for (let i = 0; i < n; i++) ids[i] = list[i]!.id;
    return ids;
  }
  const ids = new Set<number>();
  for (let i = 0; i < n; i++) ids.add(list[i]!.id);
  return ids;
}

function union(a: Ids, b: Ids): Ids {
  const ids = new Set<number>(a);
  for (const id of b) ids.add(id);
  return ids;
}

/** The nodes whose output is their child's, as outputOf passes it through (a View and a SubqueryAlias rename and requalify: the same ids). */
const SAME_IDS: ReadonlySet<string> = new Set(
  'Filter UnresolvedHaving Qualify Sort Repartition Limit Offset Distinct Sample WithWindowDefinition Hint PipeOperator With SecureScan SubqueryAlias View'.split(' '),
);

/**
 * The ids of a node's output: outputOf's ids, read off the node (the ids of a select list, the
 * sides of a join) without building its output columns, whose types and nullability the check
 * does not need. A secured plan's new nodes and the ancestors a rewrite rebuilt have no
 * output computed yet; building it here was a fifth of the verifier.
 */
function outputIds(p: Plan, ctx: Context): Ids {
  // Nodes that pass their child's ids through are not kept: the chains are short, and a map
  // entry for each (a SecureScan, its alias, a filter …) cost more than the steps down.
  while (SAME_IDS.has(p.kind)) p = (p as Extract<Plan, { kind: 'Filter' }>).child;
  // A table's ids are asked for in a row (by its SecureScan, its filter, its masks): kept for
  // the last table asked for only (an entry in the map per read cost more than the list).
  if (p.kind === 'Relation') {
    if (p !== ctx.lastTable) {
      ctx.lastTableIds = idsOfList(p.output);
      ctx.lastTable = p;
    }
    return ctx.lastTableIds;
  }
  let ids = ctx.ids.get(p);
  if (ids === undefined) ctx.ids.set(p, (ids = computeIds(p, ctx)));
  return ids;
}

function computeIds(p: Plan, ctx: Context): Ids {
  switch (p.kind) {
    case 'FileRelation':
    case 'CteRef':
      return idsOfList(p.output);
    case 'Project':
      return namedIds(p.projectList) ?? idsOfList(outputOf(p));
    case 'Aggregate':
      return namedIds(p.aggregateExpressions) ?? idsOfList(outputOf(p));
    case 'Join':
      if (p.output !== undefined) return idsOfList(p.output);
      if (p.joinType === 'LEFT SEMI' || p.joinType === 'LEFT ANTI') return outputIds(p.left, ctx);
      return union(outputIds(p.left, ctx), outputIds(p.right, ctx));
    case 'SetOperation':
      return outputIds(p.left, ctx);
    default:
      return idsOfList(outputOf(p));
  }
}

/** The ids a select list produces; null when an item is not a named expression with an id (outputOf then says why). */
function namedIds(list: readonly Expression[]): Ids | null {
  // Ids in a row (a secured read's masking projection): a range, no list.
  let lo = 0;
  let i = 0;
  for (; i < list.length; i++) {
    const id = namedId(list[i]!);
    if (id === undefined) return null;
    if (i === 0) {
      if (!Number.isInteger(id)) break;
      lo = id;
    } else if (id !== lo + i) break;
  }
  if (i === list.length && i > 1) return new IdRange(lo, lo + i);
  const ids: number[] = new Array<number>(list.length);
  for (let j = 0; j < list.length; j++) {
    const id = namedId(list[j]!);
    if (id === undefined) return null;
    ids[j] = id;
  }
  return ids.length <= SHORT ? ids : new Set(ids);
}

const namedId = (e: Expression): number | undefined => (e.kind === 'AttributeRef' ? e.id : e.kind === 'Alias' ? e.id : e.kind === 'OuterReference' ? e.attr.id : undefined);

/** What a parent may read of a child: its output and the columns a USING join hides. */
function idsOf(p: Plan, ctx: Context): Ids {
  const hidden = hiddenOf(p);
  if (hidden.length === 0) return outputIds(p, ctx);
  const ids = new Set<number>(outputIds(p, ctx));
  for (let i = 0; i < hidden.length; i++) ids.add(hidden[i]!.id);
  return ids;
}

/**
 * What a node may read, as a list of id sets (a column is readable when one of them has it).
 * Along a chain of joins the sides' sets are listed rather than merged, so that checking a
 * chain of n joins does not copy O(n²) ids.
 */
type Scope = readonly Ids[];

function inScope(scope: Scope, id: number): boolean {
  for (let i = 0; i < scope.length; i++) if (hasId(scope[i]!, id)) return true;
  return false;
}

type Join = Extract<Plan, { kind: 'Join' }>;

/** A join whose output is its sides' (and whose condition reads them): listed by its sides. */
const plainJoin = (p: Plan): boolean => p.kind === 'Join' && p.output === undefined && p.joinType !== 'LEFT SEMI' && p.joinType !== 'LEFT ANTI';

/** What a WHERE, a sample or a hint passes through: its child's columns, as they are. */
function belowPassing(p: Plan): Plan {
  while (p.kind === 'Filter' || p.kind === 'Sample' || p.kind === 'Hint') p = p.child;
  return p;
}

/**
 * Appends `idsOf(p)` as a list of sets: a plain join's sides (its output is theirs, and so are
 * the columns it hides), and what a WHERE, a sample or a hint passes through, listed as they are.
 * (Appended, not returned: a list of one set for each side of a join was a fifth of the check.)
 */
function pushParts(p: Plan, ctx: Context, out: Ids[]): void {
  p = belowPassing(p);
  if (!plainJoin(p)) {
    out.push(idsOf(p, ctx));
    return;
  }
  const parts = joinParts(p as Join, ctx);
  for (let i = 0; i < parts.length; i++) out.push(parts[i]!);
}

/** A plain join's sides, kept: a chain of n joins lists its sides once, not n times. */
function joinParts(p: Join, ctx: Context): Scope {
  let parts = ctx.parts.get(p);
  if (parts === undefined) {
    const list: Ids[] = [];
    pushParts(p.left, ctx, list);
    pushParts(p.right, ctx, list);
    ctx.parts.set(p, (parts = list));
  }
  return parts;
}

/** Sets an environment's input to what `p` passes up: one set, or a plain join's sides. */
function inputOf(env: ExprEnv, p: Plan, ctx: Context): void {
  p = belowPassing(p);
  if (plainJoin(p)) env.input = joinParts(p as Join, ctx);
  else env.single = idsOf(p, ctx);
}

/** The ids a SELECT-block clause may read: its child's output and, through the block, the block's input. */
function clauseInput(env: ExprEnv, child: Plan, ctx: Context): void {
  let node = belowBlockClauses(child);
  while (node.kind === 'Project' && (node.child.kind === 'Project' || node.child.kind === 'Aggregate')) node = node.child;
  const out = outputIds(child, ctx);
  if (node.kind === 'Project' || node.kind === 'Aggregate') {
    const list: Ids[] = [out];
    pushParts(node.child, ctx, list);
    env.input = list;
  } else env.single = out;
}

const tableName = (t: TableIdentifier): string => (t.database === null ? t.name : `${t.database}.${t.name}`);

/** The table or view a SecureScan wraps (`SecureScan ← SubqueryAlias ← Project ← [Filter ←] leaf`), or null. */
export function secureScanLeaf(s: SecureScan): Relation | View | null {
  const project = s.child.kind === 'SubqueryAlias' ? s.child.child : null;
  if (project?.kind !== 'Project') return null;
  const leaf = project.child.kind === 'Filter' ? project.child.child : project.child;
  return leaf.kind === 'Relation' || leaf.kind === 'View' ? leaf : null;
}

function checkPlan(p: Plan, outer: readonly Scope[], ctx: Context, own: Own): void {
  // GROUP BY ALL, aliases and ordinals repeat a select item, subqueries included: the same
  // subtree object, checked once. (A subtree shared by a secured read and the rest of the plan
  // would be checked in one context only: a problem of its own.)
  const seen = ctx.seen;
  if (seen !== null) {
    const before = seen.get(p);
    if (before !== undefined) {
      if (before !== own && ctx.verify !== null) ctx.verify.problems.push(`a ${p.kind} is shared between a secured read and the plan around it`);
      return;
    }
    seen.set(p, own);
  } else if (ctx.problems.length > 0 || (ctx.verify !== null && ctx.verify.problems.length > 0)) throw AGAIN;
  const statement = isStatement(p);
  if (statement && !ANALYZED_STATEMENTS.has(p.kind)) {
    if (seen === null) metBare(ctx, p);
    return;
  }
  if (UNRESOLVED.has(p.kind)) {
    ctx.problems.push(`unresolved ${p.kind} left in the plan`);
    return;
  }
  const verify = ctx.verify;
  if (verify !== null) {
    if (p.kind === 'SecureScan') own = enterSecureScan(p, verify, own, ctx);
    else if (p.kind === 'Relation' && !verify.plain.has(p) && !verify.leaves.has(p)) verify.problems.push(`the read of ${tableName(p.table)} was never decided`);
    else if (p.kind === 'FileRelation') verify.problems.push(`a file is read by path (${p.path})`);
  }
  const k0 = kidTop;
  const e0 = exprTop;
  visitPlanSlots(p, toKids, toExprs);
  const leaf = kidTop === k0;
  const produces = ctx.produces;
  checkNode(p, outer, ctx, own, statement, k0, kidTop, e0, exprTop);
  if (leaf && seen === null && ctx.produces === produces) metBare(ctx, p);
  // (After a throw the walk is over: release resets the stacks.)
  kidTop = k0;
  exprTop = e0;
}

/** A first walk's node without children that produced no column: met twice, it ends the walk. */
function metBare(ctx: Context, p: Plan): void {
  const bare = (ctx.bare ??= new Set());
  if (bare.has(p)) throw AGAIN;
  bare.add(p);
}

// (Closures live in these helpers: in checkNode they would cost a context on every call.)
/** PIVOT and UNPIVOT produce the columns they do not pass through from a child. */
function producePivoted(kind: string, output: readonly AttributeRef[], children: readonly Plan[], ctx: Context): void {
  const passed = new Set(children.flatMap((c) => outputOf(c).map((a) => a.id)));
  output.filter((a) => !passed.has(a.id)).forEach((a) => produce(ctx, a.id, kind));
}

/** The parts of the children at [k0, k1) of the stack, listed in order. */
function partsOfAll(k0: number, k1: number, ctx: Context): Scope {
  const list: Ids[] = [];
  for (let i = k0; i < k1; i++) pushParts(kidStack[i]!, ctx, list);
  return list;
}

/** A node's checks once its slots are on the stacks: children at [k0, k1), expressions at [e0, e1). */
function checkNode(p: Plan, outer: readonly Scope[], ctx: Context, own: Own, statement: boolean, k0: number, k1: number, e0: number, e1: number): void {
  // A lateral join's right side reads the left side's columns as outer references.
  if (p.kind === 'Join' && p.lateral) {
    checkPlan(p.left, outer, ctx, own);
    checkPlan(p.right, [[outputIds(p.left, ctx)], ...outer], ctx, own);
  } else {
    for (let i = k0; i < k1; i++) checkPlan(kidStack[i]!, outer, ctx, own);
  }
  if (statement) return;

  // Columns this node creates.
  switch (p.kind) {
    case 'Relation':
      for (const a of p.output) produce(ctx, a.id, p.kind);
      for (const a of p.metadata ?? []) produce(ctx, a.id, p.kind);
      break;
    case 'FileRelation':
    case 'CteRef':
      for (const a of p.output) produce(ctx, a.id, p.kind);
      break;
    case 'InlineTable':
    case 'TableValuedFunction':
    case 'Pivot':
    case 'Unpivot':
      if (p.output === undefined) ctx.problems.push(`${p.kind} has no output columns: not analysed`);
      else {
        // PIVOT and UNPIVOT pass the columns they do not touch through.
        producePivoted(p.kind, p.output, kidStack.slice(k0, k1), ctx);
      }
      break;
    case 'ScriptTransform':
      if (p.outputAttributes === undefined) ctx.problems.push('ScriptTransform has no output columns: not analysed');
      else for (const a of p.outputAttributes) produce(ctx, a.id, 'ScriptTransform');
      break;
    case 'Generate':
      if (p.generatorOutput === undefined) ctx.problems.push('Generate has no generator output: not analysed');
      else for (const a of p.generatorOutput) produce(ctx, a.id, 'Generate');
      break;
    case 'Join':
      // A full outer USING join creates its merged key columns.
      if (p.output !== undefined && p.joinType === 'FULL OUTER') {
        const inputs = new Set([...outputOf(p.left), ...outputOf(p.right)].map((a) => a.id));
        for (const a of p.output) if (!inputs.has(a.id)) produce(ctx, a.id, 'Join USING');
      }
      break;
  }

  // What the node's expressions may read (nothing to work out for a node without any).
  if (e1 === e0) return;
  const env = (envs[envDepth] ??= newEnv());
  env.single = null;
  env.input = NO_SCOPE;
  env.outer = outer;
  env.lambdas = NO_LAMBDAS;
  env.ctx = ctx;
  env.where = p.kind;
  env.own = own;
  switch (p.kind) {
    case 'Sort':
    case 'UnresolvedHaving':
    case 'Qualify':
    case 'Repartition':
    case 'WithWindowDefinition':
      clauseInput(env, p.child, ctx);
      break;
    case 'Join':
      // A plain join's condition reads what it passes up: its sides, listed once (joinParts).
      if (plainJoin(p)) env.input = joinParts(p, ctx);
      else {
        const list: Ids[] = [];
        pushParts(p.left, ctx, list);
        pushParts(p.right, ctx, list);
        env.input = list;
      }
      break;
    default:
      if (k1 - k0 === 1) inputOf(env, kidStack[k0]!, ctx);
      else env.input = partsOfAll(k0, k1, ctx);
  }
  // (A subquery in these expressions checks its nodes with the environments above this one.)
  envDepth++;
  for (let i = e0; i < e1; i++) {
    const e = exprStack[i]!;
    // A top-level alias names a column the node produces; aliases nested inside expressions
    // (`struct(x AS a)`) only name struct fields.
    if (e.kind === 'Alias') {
      if (e.id === undefined) ctx.problems.push(`${p.kind} has an alias ${e.name} without an id`);
      else produce(ctx, e.id, p.kind, e.name);
      checkExpr(e.child, env);
    } else checkExpr(e, env);
  }
  // (After a throw the walk is over: release resets the depth.)
  envDepth--;
}

/** A SecureScan met by the verifier: its raw columns (see rawIds) become raw ids, readable only inside it. */
function enterSecureScan(s: SecureScan, verify: Verify, own: Own, ctx: Context): Own {
  const leaf = secureScanLeaf(s);
  if (leaf === null) {
    verify.problems.push(`the secured read of ${tableName(s.table)} is not SubqueryAlias ← Project ← [Filter ←] a table or view`);
    return own;
  }
  verify.leaves.add(leaf);
  // (secureScanLeaf found SubqueryAlias ← Project above the leaf.)
  const raw = rawIds(leaf, ((s.child as Extract<Plan, { kind: 'SubqueryAlias' }>).child as Extract<Plan, { kind: 'Project' }>).projectList, ctx);
  verify.scans.push(s);
  // (A range walked without an iterator: one per read.)
  if (raw instanceof IdRange) for (let id = raw.lo; id < raw.hi; id++) verify.rawIds.set(id, verify.scans.length);
  else for (const id of raw) verify.rawIds.set(id, verify.scans.length);
  return own === null ? raw : union(own, raw);
}

/**
 * A secured read's raw columns: its leaf's, less those the masking projection passes through
 * (a table's column no mask applies to keeps its id, item i being leaf column i itself). The
 * masked columns' fresh ids are in a row: a range, no list.
 */
function rawIds(leaf: Relation | View, items: readonly Expression[], ctx: Context): Ids {
  if (leaf.kind !== 'Relation') return outputIds(leaf, ctx);
  const out = leaf.output;
  let lo = 0;
  let n = 0;
  for (let i = 0; i < out.length; i++) {
    if (passes(items, out, i)) continue;
    if (n === 0) lo = out[i]!.id;
    // (Not in a row: a hand-built plan's; listed.)
    if (out[i]!.id !== lo + n++ || !Number.isInteger(lo)) return idsOfList(out.filter((_, j) => !passes(items, out, j)));
  }
  return n === out.length ? outputIds(leaf, ctx) : new IdRange(lo, lo + n);
}

/** Whether item i of a masking projection passes leaf column i through. */
function passes(items: readonly Expression[], out: readonly AttributeRef[], i: number): boolean {
  const e = items[i];
  return e?.kind === 'AttributeRef' && e.id === out[i]!.id;
}

/**
 * A read outside the SecureScans that own the id. Checked as it is met: a raw id can be in scope
 * here only through its SecureScan, which is checked (and its ids registered) before anything
 * above it; a read of an id not in scope is an integrity problem already.
 */
function rawRead(verify: Verify, id: number, where: string): void {
  const at = verify.rawIds.get(id);
  if (at === 0) return;
  const scan = verify.scans[at - 1]!;
  const column = outputOf(secureScanLeaf(scan)!).find((a) => a.id === id)!;
  verify.problems.push(`${where} reads the raw column ${tableName(scan.table)}.${column.name}`);
}

/**
 * Column ids to small positive numbers (0: none). Ids are small non-negative integers, kept in a
 * typed array that grows (no hashing, and nothing for the garbage collector to copy); any other
 * number a hand-built plan may hold goes to a Map.
 */
class IdTable {
  private values = new Int32Array(256);
  private other: Map<number, number> | null = null;
  /** Above the largest id set in the typed array. */
  private top = 0;

  /**
   * A cleared table: one kept from an earlier walk, or a new one. (A typed array's buffer costs
   * more to allocate than to clear, and a rewrite runs two walks.)
   */
  static take(): IdTable {
    return IdTable.spare.pop() ?? new IdTable();
  }

  /** Clears the table and keeps it for the next walk (not one grown very large). */
  give(): void {
    if (this.values.length > 1 << 16 || IdTable.spare.length >= 4) return;
    this.values.fill(0, 0, this.top);
    this.top = 0;
    this.other = null;
    IdTable.spare.push(this);
  }

  private static readonly spare: IdTable[] = [];

  get(id: number): number {
    if (Number.isInteger(id) && id >= 0 && id < this.values.length) return this.values[id]!;
    if (Number.isInteger(id) && id >= 0 && id < IdTable.MAX) return 0;
    return this.other?.get(id) ?? 0;
  }

  set(id: number, value: number): void {
    if (Number.isInteger(id) && id >= 0 && id < IdTable.MAX) {
      if (id >= this.values.length) {
        let size = this.values.length * 2;
        while (size <= id) size *= 2;
        const grown = new Int32Array(size);
        grown.set(this.values);
        this.values = grown;
      }
      this.values[id] = value;
      if (id >= this.top) this.top = id + 1;
    } else (this.other ??= new Map()).set(id, value);
  }

  private static readonly MAX = 1 << 20;
}

/**
 * What the expressions of one node (or one lambda body) are checked against. A node's is taken
 * from `envs` by the number of expression walks under way (a subquery's nodes use the ones
 * above), and set afresh for each node: one object per depth, not one per node.
 */
interface ExprEnv {
  /** What the node's input produces: one set (`single`), or else the list `input`. */
  single: Ids | null;
  input: Scope;
  /** What the enclosing queries produce, innermost first (read by outer references). */
  outer: readonly Scope[];
  lambdas: ReadonlySet<string>;
  ctx: Context;
  where: string;
  own: Own;
  /** The callbacks of the generic slot walk, made when a kind not walked directly is met. */
  onPlan: ((q: Plan) => void) | null;
  onExpr: ((e: Expression) => void) | null;
}

const NO_SCOPE: Scope = [];
const NO_OUTER: readonly Scope[] = [];
const envs: ExprEnv[] = [];
let envDepth = 0;

function newEnv(): ExprEnv {
  return { single: null, input: NO_SCOPE, outer: NO_OUTER, lambdas: NO_LAMBDAS, ctx: null as unknown as Context, where: '', own: null, onPlan: null, onExpr: null };
}

/** The scopes a subquery in an environment's expressions sees as its enclosing queries'. */
function scopesBelow(env: ExprEnv): readonly Scope[] {
  return [env.single !== null ? [env.single] : env.input, ...env.outer];
}

function checkExpr(e: Expression, env: ExprEnv): void {
  const { ctx, where, own } = env;
  const verify = ctx.verify;
  switch (e.kind) {
    case 'AttributeRef':
      if (!(env.single !== null ? hasId(env.single, e.id) : inScope(env.input, e.id))) ctx.problems.push(`${where} reads ${e.name}#${e.id}, which its input does not produce`);
      if (verify !== null && (own === null || !hasId(own, e.id))) rawRead(verify, e.id, where);
      return;
    case 'OuterReference': {
      let found = false;
      for (let i = 0; i < env.outer.length && !found; i++) found = inScope(env.outer[i]!, e.attr.id);
      if (!found) ctx.problems.push(`${where} reads outer ${e.attr.name}#${e.attr.id}, which no enclosing query produces`);
      if (verify !== null && (own === null || !hasId(own, e.attr.id))) rawRead(verify, e.attr.id, where);
      return;
    }
    case 'LambdaVariable':
      if (!env.lambdas.has(e.name.toLowerCase())) ctx.problems.push(`${where} reads lambda variable ${e.name}#${e.id} outside its lambda`);
      return;
    case 'LambdaFunction': {
      const lambdas = new Set([...env.lambdas, ...e.params.map((x) => x.toLowerCase())]);
      checkExpr(e.body, { single: env.single, input: env.input, outer: env.outer, lambdas, ctx, where, own, onPlan: null, onExpr: null });
      return;
    }
    // The commonest kinds walked directly (the same slots as the children table's).
    case 'Literal':
      return;
    // (Literals, a third of a mask's nodes, are passed over without a call.)
    case 'BinaryOp':
      if (e.left.kind !== 'Literal') checkExpr(e.left, env);
      if (e.right.kind !== 'Literal') checkExpr(e.right, env);
      return;
    case 'ResolvedFunction':
      if (e.filter !== null || e.withinGroup !== null) break;
      for (let i = 0; i < e.args.length; i++) if (e.args[i]!.kind !== 'Literal') checkExpr(e.args[i]!, env);
      return;
    case 'Case':
      // (A mask's commonest shape: without this, a closure pair for every node holding one.)
      if (e.operand !== null) checkExpr(e.operand, env);
      for (let i = 0; i < e.branches.length; i++) {
        checkExpr(e.branches[i]!.when, env);
        checkExpr(e.branches[i]!.then, env);
      }
      if (e.otherwise !== null) checkExpr(e.otherwise, env);
      return;
    case 'Alias':
    case 'Cast':
    case 'UnaryOp':
      checkExpr(e.child, env);
      return;
    default:
      if (UNRESOLVED.has(e.kind)) {
        ctx.problems.push(`${where} holds an unresolved ${e.kind}`);
        return;
      }
  }
  if (env.onPlan === null || env.onExpr === null) slotCallbacks(env);
  visitExprSlots(e, env.onPlan!, env.onExpr!);
}

/**
 * The slot walk's callbacks for an environment. Made here, not in checkExpr: a closure there
 * would make V8 allocate a context on every call of it, one per expression node.
 */
function slotCallbacks(env: ExprEnv): void {
  env.onPlan = (q) => checkPlan(q, scopesBelow(env), env.ctx, env.own);
  env.onExpr = (x) => checkExpr(x, env);
}

/** The ids the check reads off a node for its output (tests compare them with outputOf's). */
export function outputIdsOf(p: Plan): number[] {
  return [...outputIds(p, context(null, false))];
}
