import type { Plan } from '../logical.js';
import { withinDepth } from '../depth.js';
import { printPlan } from './query.js';
import { explain as explainPlan } from './explain.js';
import type { Dialect } from './dialect.js';
export { printPlan, printQuery, printRelation } from './query.js';
export { printExpression, printLiteral, printSortOrder, printWindowSpec } from './expression.js';
export { typeToSql } from './data-type.js';
export { quoteIdent, quoteParts, quoteString } from './names.js';
export { DialectError, type Dialect } from './dialect.js';

/** The public `toSql`: printPlan, with a plan too deep to print a PlanTooDeepError. */
export function toSql(plan: Plan, options?: { readonly dialect?: Dialect }): string {
  return withinDepth('toSql', () => printPlan(plan, options));
}

/** The public `explain`, bounded the same way. */
export function explain(plan: Plan): string {
  return withinDepth('explain', () => explainPlan(plan));
}
