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

/**
 * A kind's entry compiled for traversal: its fields in declaration order, each with how to reach
 * what it holds. The common slots (a plan, an expression, lists and optional ones, sort orders,
 * CASE branches) are walked inline; any other slot goes through its codec. Same order and same
 * results as the record codec of the entry, without a call per slot.
 */
interface Step {
  readonly key: string;
  readonly mode: Mode;
  readonly codec: SlotCodec<unknown>;
}
const enum Mode {
  Plan,
  PlanOpt,
  Plans,
  Expr,
  ExprOpt,
  Exprs,
  SortOrders,
  CaseBranches,
  Other,
}
const MODES: ReadonlyMap<unknown, Mode> = new Map<unknown, Mode>([
  [slots.plan, Mode.Plan],
  [slots.planOpt, Mode.PlanOpt],
  [slots.plans, Mode.Plans],
  [slots.expr, Mode.Expr],
  [slots.exprOpt, Mode.ExprOpt],
  [slots.exprs, Mode.Exprs],
  [slots.sortOrders, Mode.SortOrders],
  [slots.caseBranches, Mode.CaseBranches],
]);

const planSteps = new Map<string, readonly Step[]>();
const exprSteps = new Map<string, readonly Step[]>();
function stepsFor(table: Record<string, object>, cache: Map<string, readonly Step[]>, kind: string): readonly Step[] {
  let c = cache.get(kind);
  if (c === undefined) {
    const shape = table[kind] as Record<string, SlotCodec<unknown>> | undefined;
    if (shape === undefined) throw new Error(`No children entry for node kind ${kind}`);
    c = Object.keys(shape).map((key) => ({ key, mode: MODES.get(shape[key]) ?? Mode.Other, codec: shape[key]! }));
    cache.set(kind, c);
  }
  return c;
}

type Node = Readonly<Record<string, unknown>>;
type SortOrderLike = { readonly child: Expression };
type BranchLike = { readonly when: Expression; readonly then: Expression };

function visitSteps(steps: readonly Step[], v: Node, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const x = v[step.key];
    switch (step.mode) {
      case Mode.Plan:
        onPlan(x as Plan);
        break;
      case Mode.PlanOpt:
        if (x !== null && x !== undefined) onPlan(x as Plan);
        break;
      case Mode.Plans: {
        const xs = x as readonly Plan[];
        for (let j = 0; j < xs.length; j++) onPlan(xs[j]!);
        break;
      }
      case Mode.Expr:
        onExpr(x as Expression);
        break;
      case Mode.ExprOpt:
        if (x !== null && x !== undefined) onExpr(x as Expression);
        break;
      case Mode.Exprs: {
        const xs = x as readonly Expression[];
        for (let j = 0; j < xs.length; j++) onExpr(xs[j]!);
        break;
      }
      case Mode.SortOrders: {
        const xs = x as readonly SortOrderLike[];
        for (let j = 0; j < xs.length; j++) onExpr(xs[j]!.child);
        break;
      }
      case Mode.CaseBranches: {
        const xs = x as readonly BranchLike[];
        for (let j = 0; j < xs.length; j++) {
          onExpr(xs[j]!.when);
          onExpr(xs[j]!.then);
        }
        break;
      }
      default:
        step.codec.visit(x, onPlan, onExpr);
    }
  }
}

/** `xs` with `f` applied to each item; `xs` itself when no item changed. */
function mapList<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
  let out: T[] | null = null;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const y = f(x);
    if (out === null) {
      if (y === x) continue;
      out = xs.slice(0, i);
    }
    out.push(y);
  }
  return out ?? xs;
}

function mapSteps<V extends object>(steps: readonly Step[], v: V, fp: PlanMapper, fe: ExprMapper): V {
  let out: Record<string, unknown> | null = null;
  const node = v as Node;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const before = node[step.key];
    let after: unknown;
    switch (step.mode) {
      case Mode.Plan:
        after = fp(before as Plan);
        break;
      case Mode.PlanOpt:
        after = before === null || before === undefined ? before : fp(before as Plan);
        break;
      case Mode.Plans:
        after = mapList(before as readonly Plan[], fp);
        break;
      case Mode.Expr:
        after = fe(before as Expression);
        break;
      case Mode.ExprOpt:
        after = before === null || before === undefined ? before : fe(before as Expression);
        break;
      case Mode.Exprs:
        after = mapList(before as readonly Expression[], fe);
        break;
      case Mode.SortOrders:
        after = mapList(before as readonly SortOrderLike[], (o) => {
          const c = fe(o.child);
          return c === o.child ? o : { ...o, child: c };
        });
        break;
      case Mode.CaseBranches:
        after = mapList(before as readonly BranchLike[], (b) => {
          const w = fe(b.when);
          const t = fe(b.then);
          return w === b.when && t === b.then ? b : { ...b, when: w, then: t };
        });
        break;
      default:
        after = step.codec.map(before, fp, fe);
    }
    if (after !== before) {
      out ??= { ...node };
      out[step.key] = after;
    }
  }
  return (out ?? v) as V;
}

/** Calls `onPlan` for each plan child (incl. CTE bodies) and `onExpr` for each top-level expression. */
export function visitPlanSlots(p: Plan, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  visitSteps(stepsFor(planShapes, planSteps, p.kind), p as unknown as Node, onPlan, onExpr);
}
export function mapPlanSlots(p: Plan, fp: PlanMapper, fe: ExprMapper): Plan {
  return mapSteps(stepsFor(planShapes, planSteps, p.kind), p, fp, fe);
}
/** Calls `onPlan` for each subquery plan and `onExpr` for each child expression. */
export function visitExprSlots(e: Expression, onPlan: (p: Plan) => void, onExpr: (e: Expression) => void): void {
  visitSteps(stepsFor(expressionShapes, exprSteps, e.kind), e as unknown as Node, onPlan, onExpr);
}
export function mapExprSlots(e: Expression, fp: PlanMapper, fe: ExprMapper): Expression {
  return mapSteps(stepsFor(expressionShapes, exprSteps, e.kind), e, fp, fe);
}
