/**
 * Expressions of the unresolved plan: one closed union, discriminated by `kind`.
 * Nodes are plain readonly objects. Every kind has an entry in `expressionShapes`
 * (children.ts) and a case in the printer; the compiler enforces both.
 */
import type { Plan } from './logical.js';
import type { DataType } from './data-type.js';
import type { ResolvedExpression } from './resolved.js';

export type Expression =
  | Literal
  | IntervalLiteral
  | UnresolvedAttribute
  | UnresolvedStar
  | Alias
  | MultiAlias
  | UnresolvedFunction
  | BinaryOp
  | UnaryOp
  | IsOp
  | In
  | InSubquery
  | Exists
  | ScalarSubquery
  | Like
  | LikeQuantified
  | RLike
  | Between
  | Case
  | Cast
  | Extract
  | TimestampArithmetic
  | LambdaFunction
  | FieldAccess
  | Subscript
  | SemiStructuredExtract
  | WindowExpression
  | NamedArgument
  | Parameter
  | Collate
  | GroupingAnalytics
  | IdentifierClause
  | Row
  | ResolvedExpression;

export type ExpressionKind = Expression['kind'];

/** Spark's literal types; numbers keep their text so nothing is lost to float rounding. */
export type LiteralType =
  | 'null'
  | 'boolean'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'decimal'
  | 'double'
  | 'float'
  | 'string'
  | 'binary'
  | 'date'
  | 'timestamp'
  | 'timestamp_ntz'
  | 'timestamp_ltz'
  | 'time'
  /** `INTERVAL '1 day 2 hours'`: a calendar interval written as one string. */
  | 'interval';

export interface Literal {
  readonly kind: 'Literal';
  readonly type: LiteralType;
  /**
   * `null` for NULL; `true`/`false` for booleans; otherwise the value as text: the decoded string,
   * the number without its suffix, the hex digits of a binary, the text of a typed literal.
   */
  readonly value: string | boolean | null;
}

/** `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL 3 DAYS 4 HOURS`, `INTERVAL '1' DAY`. */
export interface IntervalLiteral {
  readonly kind: 'IntervalLiteral';
  /** Each value with its unit; one entry with `to` set for the `from TO to` form. */
  readonly parts: readonly IntervalPart[];
}
export interface IntervalPart {
  /** The value as written: a string literal's content, or a (signed) number. */
  readonly value: string;
  readonly quoted: boolean;
  /** Upper-case singular unit: YEAR, MONTH, WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND. */
  readonly unit: string;
  readonly to?: string;
}

/** `a`, `t.a`, `db.t.a`, `s.field`: name parts as written (unquoted). */
export interface UnresolvedAttribute {
  readonly kind: 'UnresolvedAttribute';
  readonly nameParts: readonly string[];
}

/** `*`, `t.*`, `* EXCEPT (a, b.c)`. */
export interface UnresolvedStar {
  readonly kind: 'UnresolvedStar';
  readonly target: readonly string[] | null;
  readonly except: readonly (readonly string[])[] | null;
}

export interface Alias {
  readonly kind: 'Alias';
  readonly child: Expression;
  readonly name: string;
  /** The id of the column it produces; set by the analyzer. */
  readonly id?: number;
}

/** `expr AS (a, b)` for generators. */
export interface MultiAlias {
  readonly kind: 'MultiAlias';
  readonly child: Expression;
  readonly names: readonly string[];
}

export interface UnresolvedFunction {
  readonly kind: 'UnresolvedFunction';
  /** Name parts as written (`count`, `db.my_udf`). */
  readonly name: readonly string[];
  readonly args: readonly Expression[];
  readonly distinct: boolean;
  /** `FILTER (WHERE …)`. */
  readonly filter: Expression | null;
  /** `IGNORE NULLS` → true, `RESPECT NULLS` → false, absent → null. */
  readonly ignoreNulls: boolean | null;
  /** `WITHIN GROUP (ORDER BY …)`. */
  readonly withinGroup: readonly SortOrder[] | null;
  /** `IDENTIFIER(expr)(args)`: the name comes from this constant expression; `name` is empty. */
  readonly nameClause?: Expression;
}

export type BinaryOperator =
  | 'OR'
  | 'AND'
  | '='
  | '<=>'
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | '||'
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | 'DIV'
  | '&'
  | '|'
  | '^'
  | '<<'
  | '>>'
  | '>>>';

export interface BinaryOp {
  readonly kind: 'BinaryOp';
  readonly op: BinaryOperator;
  readonly left: Expression;
  readonly right: Expression;
}

export interface UnaryOp {
  readonly kind: 'UnaryOp';
  readonly op: 'NOT' | '-' | '+' | '~';
  readonly child: Expression;
}

/** `IS [NOT] NULL | TRUE | FALSE | UNKNOWN`, `IS [NOT] DISTINCT FROM`. */
export interface IsOp {
  readonly kind: 'IsOp';
  readonly test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN' | 'DISTINCT FROM';
  readonly negated: boolean;
  readonly child: Expression;
  /** The right side of `IS [NOT] DISTINCT FROM`. */
  readonly other: Expression | null;
}

export interface In {
  readonly kind: 'In';
  readonly value: Expression;
  readonly list: readonly Expression[];
  readonly negated: boolean;
}

export interface InSubquery {
  readonly kind: 'InSubquery';
  /** One value, or several for `(a, b) IN (SELECT …)`. */
  readonly values: readonly Expression[];
  readonly query: Plan;
  readonly negated: boolean;
}

export interface Exists {
  readonly kind: 'Exists';
  readonly query: Plan;
}

export interface ScalarSubquery {
  readonly kind: 'ScalarSubquery';
  readonly query: Plan;
}

/** `[NOT] LIKE | ILIKE pattern [ESCAPE 'c']`. */
export interface Like {
  readonly kind: 'Like';
  readonly value: Expression;
  readonly pattern: Expression;
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
  readonly escape: string | null;
}

/** `[NOT] LIKE | ILIKE ANY | SOME | ALL (p1, p2, …)`. */
export interface LikeQuantified {
  readonly kind: 'LikeQuantified';
  readonly value: Expression;
  readonly quantifier: 'ANY' | 'ALL';
  readonly patterns: readonly Expression[];
  readonly caseInsensitive: boolean;
  readonly negated: boolean;
}

/** `[NOT] RLIKE | REGEXP`. */
export interface RLike {
  readonly kind: 'RLike';
  readonly value: Expression;
  readonly pattern: Expression;
  readonly negated: boolean;
}

export interface Between {
  readonly kind: 'Between';
  readonly value: Expression;
  readonly low: Expression;
  readonly high: Expression;
  readonly negated: boolean;
}

export interface Case {
  readonly kind: 'Case';
  /** `CASE x WHEN …` has an operand; `CASE WHEN …` has none. */
  readonly operand: Expression | null;
  readonly branches: readonly CaseBranch[];
  readonly otherwise: Expression | null;
}

export interface CaseBranch {
  readonly when: Expression;
  readonly then: Expression;
}

export interface Cast {
  readonly kind: 'Cast';
  readonly child: Expression;
  readonly type: DataType;
  /** `CAST`, `TRY_CAST`, or the `::` operator (which is CAST). */
  readonly mode: 'cast' | 'try_cast';
}

/** `EXTRACT(field FROM source)`. */
export interface Extract {
  readonly kind: 'Extract';
  readonly field: string;
  readonly source: Expression;
}

/**
 * `TIMESTAMPADD(unit, n, ts)` (also DATEADD, DATE_ADD with a unit) and `TIMESTAMPDIFF(unit, a, b)`
 * (also DATEDIFF, DATE_DIFF, TIMEDIFF with a unit): Spark's TimestampAdd / TimestampDiff.
 */
export interface TimestampArithmetic {
  readonly kind: 'TimestampArithmetic';
  readonly op: 'ADD' | 'DIFF';
  /** Upper-case datetime unit: YEAR, QUARTER, MONTH, WEEK, DAY, DAYOFYEAR, HOUR, … MICROSECOND. */
  readonly unit: string;
  /** The amount for ADD, the start for DIFF. */
  readonly left: Expression;
  /** The timestamp for ADD, the end for DIFF. */
  readonly right: Expression;
}

/** `x -> x + 1`, `(x, i) -> …`. */
export interface LambdaFunction {
  readonly kind: 'LambdaFunction';
  readonly params: readonly string[];
  readonly body: Expression;
}

/** `expr.field` where `expr` is not a plain column reference. */
export interface FieldAccess {
  readonly kind: 'FieldAccess';
  readonly child: Expression;
  readonly field: string;
}

/**
 * `v:a.b[0]`: extraction from a semi-structured value. `path` is Spark's JSON path (`$.a.b[0]`).
 * Spark also names the result after the path's last field (an Alias the analyzer derives from
 * the path); that alias is left implicit here so the node can stand anywhere in an expression.
 */
export interface SemiStructuredExtract {
  readonly kind: 'SemiStructuredExtract';
  readonly child: Expression;
  readonly path: string;
}

/** `expr[index]`. */
export interface Subscript {
  readonly kind: 'Subscript';
  readonly child: Expression;
  readonly index: Expression;
}

export interface WindowExpression {
  readonly kind: 'WindowExpression';
  readonly function: Expression;
  /** An inline spec, or the name of a window from the WINDOW clause. */
  readonly window: WindowSpec | string;
}

export interface WindowSpec {
  /** `OVER (w ORDER BY …)`: a named window this spec refines. */
  readonly base: string | null;
  readonly partitionBy: readonly Expression[];
  readonly orderBy: readonly SortOrder[];
  readonly frame: WindowFrame | null;
  /** `DISTRIBUTE BY … SORT BY …` spelling inside OVER, kept for printing. */
  readonly hiveStyle?: boolean;
}

export interface WindowFrame {
  readonly type: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  /** null for `ROWS <start>` without BETWEEN. */
  readonly end: FrameBound | null;
}

export type FrameBound =
  | { readonly type: 'UNBOUNDED PRECEDING' | 'UNBOUNDED FOLLOWING' | 'CURRENT ROW' }
  | { readonly type: 'PRECEDING' | 'FOLLOWING'; readonly offset: Expression };

export interface SortOrder {
  readonly child: Expression;
  readonly direction: 'ASC' | 'DESC' | null;
  readonly nulls: 'FIRST' | 'LAST' | null;
}

/** `name => value` in a function call. */
export interface NamedArgument {
  readonly kind: 'NamedArgument';
  readonly name: string;
  readonly value: Expression;
}

/** `?` (positional, numbered from 0 in order of appearance) or `:name`. */
export interface Parameter {
  readonly kind: 'Parameter';
  readonly name: string | null;
  readonly position: number | null;
}

export interface Collate {
  readonly kind: 'Collate';
  readonly child: Expression;
  readonly collation: readonly string[];
}

/** `CUBE(…)`, `ROLLUP(…)`, `GROUPING SETS(…)` inside GROUP BY. */
export interface GroupingAnalytics {
  readonly kind: 'GroupingAnalytics';
  readonly type: 'CUBE' | 'ROLLUP' | 'GROUPING SETS';
  /** Each set is a list of expressions; for CUBE/ROLLUP each element is one grouping column set. */
  readonly sets: readonly (readonly Expression[])[];
}

/** `IDENTIFIER(expr)` used as a column or function name. */
export interface IdentifierClause {
  readonly kind: 'IdentifierClause';
  readonly expr: Expression;
}

/** A parenthesised tuple `(a, b)` (e.g. the left side of a multi-value IN, or a VALUES row). */
export interface Row {
  readonly kind: 'Row';
  readonly items: readonly Expression[];
}
