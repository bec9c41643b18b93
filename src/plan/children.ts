/**
 * The children table: for every plan and expression kind, which fields hold plans and
 * expressions, declared as data (query-shapes.ts, statement-shapes.ts, expression-shapes.ts).
 * All traversal (traverse.ts) is built on it. The tables are total records over the node
 * kinds, so adding a kind without its entry fails to compile.
 */
import type { Expression } from './expression.js';
import type { Plan, PlanKind } from './logical.js';
import { slots, type ExprMapper, type PlanMapper, type Shape, type SlotCodec } from './slots.js';
import { queryPlanShapes } from './query-shapes.js';
import { statementShapes } from './statement-shapes.js';
import { expressionShapes } from './expression-shapes.js';

export type ShapeTable<U extends { kind: string }, K extends string> = { readonly [k in K]: Shape<Extract<U, { kind: k }>> };

export const planShapes: ShapeTable<Plan, PlanKind> = { ...queryPlanShapes, ...statementShapes };
export { expressionShapes };

const planCodecs = new Map<string, SlotCodec<object>>();
const exprCodecs = new Map<string, SlotCodec<object>>();
function codecFor(table: Record<string, object>, cache: Map<string, SlotCodec<object>>, kind: string): SlotCodec<object> {
  let c = cache.get(kind);
  if (c === undefined) {
    const shape = table[kind];
    if (shape === undefined) throw new Error(`No children entry for node kind ${kind}`);
    c = slots.record(shape as Shape<object>) as SlotCodec<object>;
    cache.set(kind, c);
  }
  return c;
}

/** Calls `onPlan` for each plan child (incl. CTE bodies) and `onExpr` for each top-level expression. */
export function visitPlanSlots(p: Plan, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  codecFor(planShapes, planCodecs, p.kind).visit(p, onPlan, onExpr);
}
export function mapPlanSlots(p: Plan, fp: PlanMapper, fe: ExprMapper): Plan {
  return codecFor(planShapes, planCodecs, p.kind).map(p, fp, fe) as Plan;
}
/** Calls `onPlan` for each subquery plan and `onExpr` for each child expression. */
export function visitExprSlots(e: Expression, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  codecFor(expressionShapes, exprCodecs, e.kind).visit(e, onPlan, onExpr);
}
export function mapExprSlots(e: Expression, fp: PlanMapper, fe: ExprMapper): Expression {
  return codecFor(expressionShapes, exprCodecs, e.kind).map(e, fp, fe) as Expression;
}
