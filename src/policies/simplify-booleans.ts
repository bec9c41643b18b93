/**
 * Boolean structure made constant by binding an identity, folded away (Spark's
 * BooleanSimplification and SimplifyConditionals, restricted to what is an equivalence in SQL's
 * three-valued logic). A row filter `c0 > 0 OR is_member('auditors')` bound for a non-auditor:
 *
 *   (c0 > 0 OR FALSE) AND (c0 > 3 OR FALSE)   ⇒   c0 > 0 AND c0 > 3
 *   (c0 > 0 OR TRUE) AND c0 > 3               ⇒   c0 > 3
 *   CASE WHEN FALSE THEN a WHEN c THEN b END  ⇒   CASE WHEN c THEN b END
 *
 * Runs on resolved expressions, after their type check (a type error is never hidden by a
 * fold), and only rewrites boolean-typed operands: `s OR FALSE` with a string `s` is Spark's
 * implicit cast and stays. NULL is not FALSE: `x OR NULL` stays. An operand is only dropped
 * (`x OR TRUE` ⇒ TRUE, `x AND FALSE` ⇒ FALSE) when evaluating it can have no other effect: no
 * nondeterministic call, no deliberate error, no subquery, no function of the catalog.
 */
import type { CaseBranch, Expression, Literal } from '../plan/expression.js';
import { transformExpressionUp } from '../plan/traverse.js';
import { visitExprSlots } from '../plan/children.js';
import { typeOf } from '../plan/analysis/type-of.js';
import { isBoolean, sameType } from '../plan/analysis/types.js';

/** Shared: literals are leaves, read and never changed. */
const TRUE: Literal = { kind: 'Literal', type: 'boolean', value: true };
const FALSE: Literal = { kind: 'Literal', type: 'boolean', value: false };

/** The expression with its constant boolean structure folded; the same reference when nothing folds. */
export function simplifyBooleans(e: Expression): Expression {
  // Most bound policies hold no boolean literal at all: nothing to copy or type.
  return holdsConstant(e) ? transformExpressionUp(e, fold) : e;
}

/** Whether a boolean or NULL literal occurs in `e` (outside subqueries, which are not folded). */
function holdsConstant(e: Expression): boolean {
  if (e.kind === 'Literal') return e.type === 'boolean' || e.type === 'null';
  let found = false;
  visitExprSlots(e, ignorePlan, (c) => {
    if (!found && holdsConstant(c)) found = true;
  });
  return found;
}
const ignorePlan = (): void => {};

export const isTrue = (e: Expression): boolean => e.kind === 'Literal' && e.type === 'boolean' && e.value === true;
const isFalse = (e: Expression): boolean => e.kind === 'Literal' && e.type === 'boolean' && e.value === false;
/** A condition that never holds: FALSE, or NULL (a WHEN or an IF takes NULL as not true). */
export const neverHolds = (e: Expression): boolean => isFalse(e) || (e.kind === 'Literal' && e.value === null && (e.type === 'null' || e.type === 'boolean'));
const bool = (e: Expression): boolean => isBoolean(typeOf(e));

/** One node, its children folded already (transformExpressionUp). */
function fold(e: Expression): Expression {
  switch (e.kind) {
    case 'BinaryOp': {
      const { op, left, right } = e;
      if (op !== 'AND' && op !== 'OR') return e;
      // The neutral element: `x AND TRUE`, `x OR FALSE` are x in every one of x's three values.
      const neutral = op === 'AND' ? isTrue : isFalse;
      if (neutral(right) && bool(left)) return left;
      if (neutral(left) && bool(right)) return right;
      // The absorbing element: `x AND FALSE` is FALSE and `x OR TRUE` is TRUE, x NULL included.
      const absorbing = op === 'AND' ? isFalse : isTrue;
      if (absorbing(right) && bool(left) && droppable(left)) return right;
      if (absorbing(left) && bool(right) && droppable(right)) return left;
      return e;
    }
    case 'UnaryOp':
      if (e.op === 'NOT' && isTrue(e.child)) return FALSE;
      if (e.op === 'NOT' && isFalse(e.child)) return TRUE;
      return e;
    case 'Case':
      return e.operand === null ? sameTyped(e, foldCase(e.branches, e.otherwise)) : e;
    case 'ResolvedFunction':
      // IF(c, a, b): the branch taken (a NULL condition takes b, as Spark's If does).
      if (e.name !== 'if' || e.args.length !== 3) return e;
      if (isTrue(e.args[0]!)) return sameTyped(e, e.args[1]!);
      if (neverHolds(e.args[0]!)) return sameTyped(e, e.args[2]!);
      return e;
    default:
      return e;
  }
}

/**
 * A searched CASE without the branches that are never taken, ending at a branch always taken
 * (its value the ELSE); null when nothing changes.
 */
function foldCase(branches: readonly CaseBranch[], otherwise: Expression | null): Expression | null {
  const kept: CaseBranch[] = [];
  let changed = false;
  for (const b of branches) {
    if (neverHolds(b.when)) {
      changed = true;
      continue;
    }
    if (isTrue(b.when)) return kept.length === 0 ? b.then : { kind: 'Case', operand: null, branches: kept, otherwise: b.then };
    kept.push(b);
  }
  if (!changed) return null;
  // No branch left: the ELSE, or NULL (kept as a CASE: a bare NULL would lose the type).
  if (kept.length === 0) return otherwise;
  return { kind: 'Case', operand: null, branches: kept, otherwise };
}

/** `folded` in place of `e` when it has e's type (a CASE's type is its branches' common type, which dropping one can change). */
function sameTyped(e: Expression, folded: Expression | null): Expression {
  return folded !== null && sameType(typeOf(folded), typeOf(e)) ? folded : e;
}

/**
 * Functions whose evaluation is more than a value of the row: nondeterministic ones (Spark's
 * `Nondeterministic` expressions), deliberate errors, and calls into the JVM.
 */
const EFFECTFUL: ReadonlySet<string> = new Set(
  'rand random randn uniform randstr uuid shuffle monotonically_increasing_id spark_partition_id input_file_name input_file_block_start input_file_block_length raise_error assert_true reflect java_method try_reflect'.split(' '),
);

/** Whether an operand may be left unevaluated: nothing in it but a value of the row. */
function droppable(e: Expression): boolean {
  if (e.kind === 'ResolvedFunction' && (EFFECTFUL.has(e.name) || e.name.includes('.'))) return false;
  if (e.kind === 'UnresolvedFunction') return false;
  let ok = true;
  visitExprSlots(
    e,
    () => void (ok = false),
    (c) => {
      if (ok && !droppable(c)) ok = false;
    },
  );
  return ok;
}
