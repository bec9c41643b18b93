/** Children entries of the query plan kinds (see children.ts). */
import type { QueryPlan, TableArgument } from './logical.js';
import { slots as s, type Shape } from './slots.js';

type Table = { readonly [K in QueryPlan['kind']]: Shape<Extract<QueryPlan, { kind: K }>> };

export const queryPlanShapes: Table = {
  UnresolvedRelation: { identifierClause: s.exprOpt, timeTravel: s.timeTravelOpt, options: s.optionsOpt },
  SubqueryAlias: { child: s.plan },
  Project: { projectList: s.exprs, child: s.plan },
  Filter: { condition: s.expr, child: s.plan },
  Aggregate: { groupingExpressions: s.exprs, aggregateExpressions: s.exprs, child: s.plan },
  UnresolvedHaving: { condition: s.expr, child: s.plan },
  Qualify: { condition: s.expr, child: s.plan },
  Sort: { order: s.sortOrders, child: s.plan },
  Repartition: { expressions: s.exprs, child: s.plan },
  Limit: { limit: s.exprOpt, child: s.plan },
  Offset: { offset: s.expr, child: s.plan },
  Distinct: { child: s.plan },
  Join: { left: s.plan, right: s.plan, condition: s.exprOpt },
  SetOperation: { left: s.plan, right: s.plan },
  With: { ctes: s.ctes, child: s.plan },
  InlineTable: { rows: s.exprRows },
  OneRowRelation: {},
  Generate: { generator: s.expr, child: s.plan },
  Pivot: { aggregates: s.exprs, column: s.expr, values: s.exprs, child: s.plan },
  Unpivot: { columns: s.unpivotColumns, child: s.plan },
  Sample: { method: s.sampleMethod, child: s.plan },
  TableValuedFunction: {
    args: s.exprs,
    tableArgs: s.list(s.record<TableArgument>({ query: s.plan, partitionBy: s.optional(s.exprs), orderBy: s.sortOrders })),
  },
  WithWindowDefinition: { windows: s.windowDefs, child: s.plan },
  Hint: { parameters: s.exprs, child: s.plan },
  PipeOperator: { child: s.plan },
  PipeSet: { value: s.expr, child: s.plan },
  ScriptTransform: { child: s.plan },
  NearestByJoin: { left: s.plan, right: s.plan, ranking: s.expr },
  Relation: { timeTravel: s.timeTravelOpt, options: s.optionsOpt },
  FileRelation: {},
  View: { child: s.plan },
  CteRef: {},
  SecureScan: { child: s.plan },
};
