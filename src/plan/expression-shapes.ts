/** Children entries of the expression kinds (see children.ts). Subquery plans are slots too. */
import type { Expression } from './expression.js';
import { slots as s, type Shape, type SlotCodec } from './slots.js';

type Table = { readonly [K in Expression['kind']]: Shape<Extract<Expression, { kind: K }>> };

export const expressionShapes: Table = {
  Literal: {},
  IntervalLiteral: {},
  UnresolvedAttribute: {},
  UnresolvedStar: {},
  Alias: { child: s.expr },
  MultiAlias: { child: s.expr },
  UnresolvedFunction: { args: s.exprs, filter: s.exprOpt, withinGroup: s.sortOrdersOpt, nameClause: s.exprOpt as SlotCodec<Expression | undefined> },
  BinaryOp: { left: s.expr, right: s.expr },
  UnaryOp: { child: s.expr },
  IsOp: { child: s.expr, other: s.exprOpt },
  In: { value: s.expr, list: s.exprs },
  InSubquery: { values: s.exprs, query: s.plan },
  Exists: { query: s.plan },
  ScalarSubquery: { query: s.plan },
  Like: { value: s.expr, pattern: s.expr },
  LikeQuantified: { value: s.expr, patterns: s.exprs },
  RLike: { value: s.expr, pattern: s.expr },
  Between: { value: s.expr, low: s.expr, high: s.expr },
  Case: { operand: s.exprOpt, branches: s.caseBranches, otherwise: s.exprOpt },
  Cast: { child: s.expr },
  Extract: { source: s.expr },
  TimestampArithmetic: { left: s.expr, right: s.expr },
  LambdaFunction: { body: s.expr },
  FieldAccess: { child: s.expr },
  Subscript: { child: s.expr, index: s.expr },
  SemiStructuredExtract: { child: s.expr },
  WindowExpression: { function: s.expr, window: s.windowRef },
  NamedArgument: { value: s.expr },
  Parameter: {},
  Collate: { child: s.expr },
  GroupingAnalytics: { sets: s.exprRows },
  IdentifierClause: { expr: s.expr },
  Row: { items: s.exprs },
};
