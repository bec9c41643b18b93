/**
 * Logical plan nodes of the unresolved plan (the shape Spark's AstBuilder produces), as one
 * closed union discriminated by `kind`. Query operators live here; statements (DDL, DML,
 * session and metadata commands) in statement.ts. Both are `Plan`.
 */
import type { Expression, SortOrder, WindowSpec } from './expression.js';
import type { RowFormat, Statement } from './statement.js';
import type { StructField } from './data-type.js';
import type { AttributeRef, ResolvedPlan } from './resolved.js';

export type Plan = QueryPlan | Statement;
export type PlanKind = Plan['kind'];

export type QueryPlan =
  | UnresolvedRelation
  | SubqueryAlias
  | Project
  | Filter
  | Aggregate
  | UnresolvedHaving
  | Qualify
  | Sort
  | Repartition
  | Limit
  | Offset
  | Distinct
  | Join
  | SetOperation
  | With
  | InlineTable
  | OneRowRelation
  | Generate
  | Pivot
  | Unpivot
  | Sample
  | TableValuedFunction
  | WithWindowDefinition
  | Hint
  | PipeOperator
  | PipeSet
  | ScriptTransform
  | NearestByJoin
  | ResolvedPlan;

/** A table, view or CTE reference by name, optionally with time travel and options. */
export interface UnresolvedRelation {
  readonly kind: 'UnresolvedRelation';
  /** Name parts as written, unquoted (`db.t` → ['db', 't']). */
  readonly name: readonly string[];
  /** `IDENTIFIER('db.t')` instead of a name. */
  readonly identifierClause: Expression | null;
  readonly timeTravel: TimeTravel | null;
  /** `WITH (k = v)` options (Spark's `optionsClause`). */
  readonly options: readonly (readonly [string, Expression])[] | null;
  /** A file relation ``parquet.`path` ``: format and path. */
  readonly file: { readonly format: string; readonly path: string } | null;
}

export type TimeTravel =
  | { readonly type: 'VERSION'; readonly version: Expression }
  | { readonly type: 'TIMESTAMP'; readonly timestamp: Expression };

/** `child AS alias (c1, c2)`: a derived table, an aliased relation or a CTE body. */
export interface SubqueryAlias {
  readonly kind: 'SubqueryAlias';
  readonly alias: string;
  readonly columnAliases: readonly string[] | null;
  readonly child: Plan;
}

export interface Project {
  readonly kind: 'Project';
  readonly projectList: readonly Expression[];
  readonly child: Plan;
}

/** A WHERE condition (and, after rewriting, any row filter). */
export interface Filter {
  readonly kind: 'Filter';
  readonly condition: Expression;
  readonly child: Plan;
}

export interface Aggregate {
  readonly kind: 'Aggregate';
  /** GROUP BY items; `GroupingAnalytics` for CUBE/ROLLUP/GROUPING SETS. Empty for a global aggregate. */
  readonly groupingExpressions: readonly Expression[];
  /** `GROUP BY ALL`. */
  readonly groupByAll: boolean;
  /**
   * Trailing `WITH CUBE` / `WITH ROLLUP`; or Hive's `GROUP BY a, b GROUPING SETS (…)`, where the
   * last grouping expression is the GROUPING SETS and the others are the listed columns (Spark:
   * GroupingSets(sets, columns)).
   */
  readonly groupingModifier: 'CUBE' | 'ROLLUP' | 'GROUPING SETS' | null;
  /**
   * Built by `|> AGGREGATE aggs GROUP BY keys`: as Spark does, aggregateExpressions are the keys
   * (aliases allowed) followed by the aggregates, and an integer-literal key is an ordinal over the
   * child's columns (Spark's UnresolvedPipeAggregateOrdinal), not over the select list.
   */
  readonly pipe: boolean;
  readonly aggregateExpressions: readonly Expression[];
  readonly child: Plan;
}

/** HAVING: a condition over an Aggregate. */
export interface UnresolvedHaving {
  readonly kind: 'UnresolvedHaving';
  readonly condition: Expression;
  readonly child: Plan;
}

/** QUALIFY: a condition over window results. */
export interface Qualify {
  readonly kind: 'Qualify';
  readonly condition: Expression;
  readonly child: Plan;
}

/** ORDER BY (global) or SORT BY (per partition). */
export interface Sort {
  readonly kind: 'Sort';
  readonly order: readonly SortOrder[];
  readonly global: boolean;
  readonly child: Plan;
}

/** DISTRIBUTE BY, or CLUSTER BY (distribute and sort within partitions). */
export interface Repartition {
  readonly kind: 'Repartition';
  readonly expressions: readonly Expression[];
  readonly clusterBy: boolean;
  readonly child: Plan;
}

export interface Limit {
  readonly kind: 'Limit';
  /** `LIMIT ALL` keeps null. */
  readonly limit: Expression | null;
  readonly child: Plan;
}

export interface Offset {
  readonly kind: 'Offset';
  readonly offset: Expression;
  readonly child: Plan;
}

/** SELECT DISTINCT. */
export interface Distinct {
  readonly kind: 'Distinct';
  readonly child: Plan;
}

export type JoinType = 'INNER' | 'CROSS' | 'LEFT OUTER' | 'RIGHT OUTER' | 'FULL OUTER' | 'LEFT SEMI' | 'LEFT ANTI';

export interface Join {
  readonly kind: 'Join';
  /** Set by the analyzer for USING and NATURAL joins, whose output merges the join columns. */
  readonly output?: readonly AttributeRef[];
  readonly left: Plan;
  readonly right: Plan;
  readonly joinType: JoinType;
  readonly condition: Expression | null;
  readonly using: readonly string[] | null;
  readonly natural: boolean;
  /** `JOIN LATERAL (…)` / `, LATERAL (…)`. */
  readonly lateral: boolean;
  /** A comma join (`FROM a, b`), kept so the printer reproduces it. */
  readonly comma: boolean;
}

/**
 * `left [INNER | LEFT OUTER] JOIN right APPROX|EXACT NEAREST [n] BY DISTANCE|SIMILARITY ranking`:
 * each left row joins the n right rows ranked nearest (Spark's NearestByJoin; n defaults to 1).
 */
export interface NearestByJoin {
  readonly kind: 'NearestByJoin';
  readonly left: Plan;
  readonly right: Plan;
  readonly joinType: 'INNER' | 'LEFT OUTER';
  readonly approx: boolean;
  readonly numResults: number;
  readonly direction: 'DISTANCE' | 'SIMILARITY';
  readonly ranking: Expression;
}

export interface SetOperation {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  /** `UNION [ALL] BY NAME`. */
  readonly byName: boolean;
  readonly left: Plan;
  readonly right: Plan;
}

export interface CteDefinition {
  readonly name: string;
  /** Unique per definition in a statement; set by the analyzer, read by `CteRef`. */
  readonly id?: number;
  readonly columnAliases: readonly string[] | null;
  /** `MAX RECURSION LEVEL n` of a recursive CTE (Spark's row-level limit). */
  readonly maxRecursionLevel: number | null;
  readonly query: Plan;
}

export interface With {
  readonly kind: 'With';
  readonly recursive: boolean;
  readonly ctes: readonly CteDefinition[];
  readonly child: Plan;
}

/** VALUES rows. */
export interface InlineTable {
  readonly kind: 'InlineTable';
  /** The columns this node produces, set by the analyzer. */
  readonly output?: readonly AttributeRef[];
  readonly rows: readonly (readonly Expression[])[];
}

/** The relation of a SELECT without FROM. */
export interface OneRowRelation {
  readonly kind: 'OneRowRelation';
}

/** LATERAL VIEW [OUTER] generator(args) tableAlias AS c1, c2. */
export interface Generate {
  readonly kind: 'Generate';
  /** The generator's columns, set by the analyzer. */
  readonly generatorOutput?: readonly AttributeRef[];
  readonly generator: Expression;
  readonly outer: boolean;
  readonly tableAlias: string | null;
  readonly columnAliases: readonly string[];
  readonly child: Plan;
}

export interface Pivot {
  readonly kind: 'Pivot';
  /** The columns this node produces, set by the analyzer. */
  readonly output?: readonly AttributeRef[];
  readonly aggregates: readonly Expression[];
  /** The pivot column(s): one expression, or a Row of several. */
  readonly column: Expression;
  /** Values, each possibly aliased. */
  readonly values: readonly Expression[];
  readonly child: Plan;
}

/**
 * UNPIVOT. `includeNulls` is null when neither INCLUDE nor EXCLUDE NULLS is written; Spark then
 * (as for EXCLUDE) filters out rows whose value columns are all null, which the analyzer adds.
 */
export interface Unpivot {
  readonly kind: 'Unpivot';
  /** The columns this node produces, set by the analyzer. */
  readonly output?: readonly AttributeRef[];
  readonly includeNulls: boolean | null;
  /** Single-value: [valueColumn]; multi-value: several. */
  readonly valueColumns: readonly string[];
  readonly nameColumn: string;
  /** Each unpivoted column set with its optional alias. */
  readonly columns: readonly { readonly columns: readonly Expression[]; readonly alias: string | null }[];
  readonly child: Plan;
}

export type SampleMethod =
  | { readonly type: 'PERCENT'; readonly percent: Expression }
  | { readonly type: 'ROWS'; readonly rows: Expression }
  | { readonly type: 'BUCKET'; readonly numerator: string; readonly denominator: string; readonly on: Expression | null }
  | { readonly type: 'BYTES'; readonly bytes: string };

/** TABLESAMPLE (…) [REPEATABLE (seed)]; `n ROWS` is planned as a Limit, as Spark does. */
export interface Sample {
  readonly kind: 'Sample';
  readonly method: SampleMethod;
  readonly sampleType: 'SYSTEM' | 'BERNOULLI' | null;
  readonly seed: string | null;
  readonly child: Plan;
}

/** `range(10)`, `explode(array(1,2))`, `udtf(TABLE(t) PARTITION BY a)` in FROM. */
export interface TableValuedFunction {
  readonly kind: 'TableValuedFunction';
  /** The columns this node produces, set by the analyzer. */
  readonly output?: readonly AttributeRef[];
  readonly name: readonly string[];
  /** The scalar arguments, in order. */
  readonly args: readonly Expression[];
  /** Table arguments (Spark's FunctionTableSubqueryArgument), each with its place in the call. */
  readonly tableArgs: readonly TableArgument[];
}

/** `[name =>] TABLE(t | query) [WITH SINGLE PARTITION | PARTITION BY …] [ORDER BY …]`. */
export interface TableArgument {
  /** Index in the call's argument list; the scalar arguments fill the other places in order. */
  readonly position: number;
  /** `name => TABLE(…)`. */
  readonly name: string | null;
  readonly query: Plan;
  /** PARTITION / DISTRIBUTE BY expressions; null when not partitioned. */
  readonly partitionBy: readonly Expression[] | null;
  readonly singlePartition: boolean;
  readonly orderBy: readonly SortOrder[];
}

/** WINDOW w AS (…) definitions for the query block below. */
export interface WithWindowDefinition {
  readonly kind: 'WithWindowDefinition';
  readonly windows: readonly { readonly name: string; readonly spec: WindowSpec | string }[];
  readonly child: Plan;
}

/** `/*+ NAME(params) *\/` hints on a SELECT. */
export interface Hint {
  readonly kind: 'Hint';
  readonly name: string;
  readonly parameters: readonly Expression[];
  readonly child: Plan;
}

/**
 * Spark's `PipeOperator` marker: the boundary `|> WHERE` and `|> ORDER BY/LIMIT/…` put between
 * their clause and the input, so that the clause applies to the input's output (it is never
 * folded into the input's aggregate as a HAVING or into its SELECT as an ORDER BY). The printer
 * prints it back as `|>`.
 */
export interface PipeOperator {
  readonly kind: 'PipeOperator';
  readonly child: Plan;
}

/**
 * `|> SET column = value`: Spark builds `Project([* EXCEPT (column) REPLACE (value AS column)])`,
 * one per assignment; the star-replace has no SQL form of its own, so the assignment is kept.
 */
export interface PipeSet {
  readonly kind: 'PipeSet';
  readonly column: string;
  readonly value: Expression;
  readonly child: Plan;
}

/**
 * Hive's script transform: `SELECT TRANSFORM(a, b) [ROW FORMAT …] USING 'script' [AS (x, y INT)]
 * [ROW FORMAT …] FROM …` (also spelled `MAP a, b USING …` / `REDUCE a, b USING …`). As Spark's
 * ScriptTransformation, the child is the SELECT block (FROM, WHERE, GROUP BY …) whose select list
 * is the script's input. Parsed so that it can be refused by name.
 */
export interface ScriptTransform {
  readonly kind: 'ScriptTransform';
  /** The columns the script produces, set by the analyzer. */
  readonly outputAttributes?: readonly AttributeRef[];
  readonly script: string;
  /**
   * The output columns; `AS (a, b)` gives nullable string columns. Null without AS: Spark then
   * reads the output schema-less, as `key` and `value` strings.
   */
  readonly output: readonly StructField[] | null;
  /** Row formats feeding the script (before USING) and reading its output (after AS). */
  readonly inRowFormat: RowFormat | null;
  readonly outRowFormat: RowFormat | null;
  readonly child: Plan;
}
