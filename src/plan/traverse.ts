/**
 * Traversal of plans and expressions, built on the children table. Transforms return the
 * same reference when nothing changed, so `after === before` answers "did the rule fire?".
 * Subquery plans inside expressions are reached by the `…Deep` variants.
 */
import type { Expression } from './expression.js';
import type { Plan } from './logical.js';
import { mapExprSlots, mapPlanSlots, visitExprSlots, visitPlanSlots } from './children.js';

const keepPlan = (p: Plan): Plan => p;
const keepExpr = (e: Expression): Expression => e;
const ignore = (): void => {};

/** The plan children of a node (inputs and CTE bodies; not subqueries in expressions). */
export function planChildren(p: Plan): Plan[] {
  const out: Plan[] = [];
  visitPlanSlots(p, (c) => out.push(c), ignore);
  return out;
}

/** The top-level expressions a plan node holds. */
export function planExpressions(p: Plan): Expression[] {
  const out: Expression[] = [];
  visitPlanSlots(p, ignore, (e) => out.push(e));
  return out;
}

export function exprChildren(e: Expression): Expression[] {
  const out: Expression[] = [];
  visitExprSlots(e, ignore, (c) => out.push(c));
  return out;
}

/** Plans nested directly in an expression (IN/EXISTS/scalar subqueries). */
export function exprSubqueries(e: Expression): Plan[] {
  const out: Plan[] = [];
  visitExprSlots(e, (p) => out.push(p), ignore);
  return out;
}

/** Rewrites plan nodes bottom-up (children first). */
export function transformUp(p: Plan, rule: (p: Plan) => Plan): Plan {
  const withKids = mapPlanSlots(p, (c) => transformUp(c, rule), keepExpr);
  return rule(withKids);
}

/** Rewrites plan nodes top-down (a node before its children). */
export function transformDown(p: Plan, rule: (p: Plan) => Plan): Plan {
  const self = rule(p);
  return mapPlanSlots(self, (c) => transformDown(c, rule), keepExpr);
}

/** Rewrites every expression of one plan node bottom-up (not descending into subqueries). */
export function transformExpressions(p: Plan, rule: (e: Expression) => Expression): Plan {
  return mapPlanSlots(p, keepPlan, (e) => transformExpressionUp(e, rule));
}

export function transformExpressionUp(e: Expression, rule: (e: Expression) => Expression): Expression {
  const withKids = mapExprSlots(e, keepPlan, (c) => transformExpressionUp(c, rule));
  return rule(withKids);
}

export function transformExpressionDown(e: Expression, rule: (e: Expression) => Expression): Expression {
  const self = rule(e);
  return mapExprSlots(self, keepPlan, (c) => transformExpressionDown(c, rule));
}

/**
 * Rewrites plan nodes bottom-up everywhere, including plans of subqueries inside expressions.
 */
export function transformUpDeep(p: Plan, rule: (p: Plan) => Plan): Plan {
  const deepPlan = (q: Plan): Plan => transformUpDeep(q, rule);
  const deepExpr = (e: Expression): Expression => mapExprSlots(e, deepPlan, deepExpr);
  return rule(mapPlanSlots(p, deepPlan, deepExpr));
}

/** Visits every plan node, pre-order, including subquery plans inside expressions. */
export function foreachPlanDeep(p: Plan, f: (p: Plan) => void): void {
  f(p);
  const onPlan = (q: Plan): void => foreachPlanDeep(q, f);
  const onExpr = (e: Expression): void => visitExprSlots(e, onPlan, onExpr);
  visitPlanSlots(p, onPlan, onExpr);
}

/** Visits every expression node of a plan, pre-order, including those inside subqueries. */
export function foreachExpressionDeep(p: Plan, f: (e: Expression) => void): void {
  foreachPlanDeep(p, (node) => {
    const onExpr = (e: Expression): void => {
      f(e);
      visitExprSlots(e, ignore, onExpr);
    };
    visitPlanSlots(node, ignore, onExpr);
  });
}

export function collectPlans<T extends Plan>(p: Plan, pred: (p: Plan) => p is T): T[] {
  const out: T[] = [];
  foreachPlanDeep(p, (n) => {
    if (pred(n)) out.push(n);
  });
  return out;
}

export function findPlan(p: Plan, pred: (p: Plan) => boolean): Plan | undefined {
  let found: Plan | undefined;
  try {
    foreachPlanDeep(p, (n) => {
      if (pred(n)) {
        found = n;
        throw STOP;
      }
    });
  } catch (e) {
    if (e !== STOP) throw e;
  }
  return found;
}
const STOP = Symbol('stop');
