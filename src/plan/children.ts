/**
 * The children table: for every plan and expression kind, which fields hold plans and
 * expressions, declared as data (query-shapes.ts, statement-shapes.ts, expression-shapes.ts).
 * All traversal (traverse.ts) is built on it. The tables are total records over the node
 * kinds, so adding a kind without its entry fails to compile.
 */
import type { Expression } from './expression.js';
import type { Plan, PlanKind } from './logical.js';
import { mapArray, slots, type ExprMapper, type PlanMapper, type Shape, type SlotCodec } from './slots.js';
import { queryPlanShapes } from './query-shapes.js';
import { statementShapes } from './statement-shapes.js';
import { expressionShapes } from './expression-shapes.js';

export type ShapeTable<U extends { kind: string }, K extends string> = { readonly [k in K]: Shape<Extract<U, { kind: k }>> };

export const planShapes: ShapeTable<Plan, PlanKind> = { ...queryPlanShapes, ...statementShapes };
export { expressionShapes };

/**
 * A kind's entry compiled for traversal: its fields in declaration order, each with how to reach
 * what it holds. A plan, an expression, and lists and optional ones of either are walked inline;
 * any other slot goes through its codec. Same order and same results as the record codec of the
 * entry, without a call per slot.
 */
interface Step {
  readonly key: string;
  /** 0 plan, 1 expression, 2 other; +3 a list of them, +6 optional. */
  readonly mode: number;
  readonly codec: SlotCodec<unknown>;
}
const MODES: ReadonlyMap<unknown, number> = new Map<unknown, number>([
  [slots.plan, 0],
  [slots.expr, 1],
  [slots.plans, 3],
  [slots.exprs, 4],
  [slots.planOpt, 6],
  [slots.exprOpt, 7],
]);

// By kind, filled as kinds are met. Plain objects without a prototype: a property lookup by an
// interned kind string costs less than a Map's, and this runs for every node a traversal meets.
const planSteps: Record<string, readonly Step[] | undefined> = Object.create(null) as Record<string, readonly Step[] | undefined>;
const exprSteps: Record<string, readonly Step[] | undefined> = Object.create(null) as Record<string, readonly Step[] | undefined>;
function stepsFor(table: Record<string, object>, cache: Record<string, readonly Step[] | undefined>, kind: string): readonly Step[] {
  const c = cache[kind];
  return c !== undefined ? c : (cache[kind] = stepsOf(table, kind));
}
function stepsOf(table: Record<string, object>, kind: string): readonly Step[] {
  const shape = table[kind] as Record<string, SlotCodec<unknown>> | undefined;
  if (shape === undefined) throw new Error(`No children entry for node kind ${kind}`);
  return Object.keys(shape).map((key) => ({ key, mode: MODES.get(shape[key]) ?? 2, codec: shape[key]! }));
}

/** Maps the slots of a node: the node itself when nothing in them changed. */
function mapSteps<V extends object>(steps: readonly Step[], v: V, fp: PlanMapper, fe: ExprMapper): V {
  const node = v as unknown as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const before = node[step.key];
    let mode = step.mode;
    if (mode >= 6) {
      if (before === null || before === undefined) continue;
      mode -= 6;
    }
    const after =
      mode === 0 ? fp(before as Plan) : mode === 1 ? fe(before as Expression) : mode === 3 ? mapArray(before as Plan[], fp) : mode === 4 ? mapArray(before as Expression[], fe) : step.codec.map(before, fp, fe);
    if (after !== before) {
      out ??= { ...node };
      out[step.key] = after;
    }
  }
  return (out ?? node) as V;
}

function visitSteps(steps: readonly Step[], v: object, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const x = (v as Record<string, unknown>)[step.key];
    let mode = step.mode;
    if (mode >= 6) {
      if (x === null || x === undefined) continue;
      mode -= 6;
    }
    if (mode === 0) onPlan(x as Plan);
    else if (mode === 1) onExpr(x as Expression);
    else if (mode === 3) for (let j = 0; j < (x as Plan[]).length; j++) onPlan((x as Plan[])[j]!);
    else if (mode === 4) for (let j = 0; j < (x as Expression[]).length; j++) onExpr((x as Expression[])[j]!);
    else step.codec.visit(x, onPlan, onExpr);
  }
}

/** Calls `onPlan` for each plan child (incl. CTE bodies) and `onExpr` for each top-level expression. */
export function visitPlanSlots(p: Plan, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  visitSteps(stepsFor(planShapes, planSteps, p.kind), p, onPlan, onExpr);
}
export function mapPlanSlots(p: Plan, fp: PlanMapper, fe: ExprMapper): Plan {
  return mapSteps(stepsFor(planShapes, planSteps, p.kind), p, fp, fe);
}
/** Calls `onPlan` for each subquery plan and `onExpr` for each child expression. */
export function visitExprSlots(e: Expression, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  visitSteps(stepsFor(expressionShapes, exprSteps, e.kind), e, onPlan, onExpr);
}
export function mapExprSlots(e: Expression, fp: PlanMapper, fe: ExprMapper): Expression {
  return mapSteps(stepsFor(expressionShapes, exprSteps, e.kind), e, fp, fe);
}
