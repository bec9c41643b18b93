/**
 * The node kinds only the analyzer builds. A resolved plan is the same tree as the unresolved one
 * (same unions, same traversal, same printer) in which names have been replaced by these nodes:
 * a table name by a `Relation` leaf whose columns are `AttributeRef`s with unique ids, a view by a
 * `View` holding its analysed body, a column name by the `AttributeRef` of the column it reads.
 * Every column a plan produces is identified by its id, so later phases follow a column from
 * its scan to the top of the plan by id alone, never by name.
 */
import type { DataType } from './data-type.js';
import type { Expression, SortOrder } from './expression.js';
import type { Plan, TimeTravel } from './logical.js';

/** A fully qualified table or view name: catalog, database, name (temp views have no database). */
export interface TableIdentifier {
  readonly catalog: string | null;
  readonly database: string | null;
  readonly name: string;
}

/**
 * A resolved column. `id` is unique per produced column: a scan column, an alias, a generator
 * output, a CTE reference's column. `name` and `qualifier` are how it is known at the place of
 * the reference (a SubqueryAlias renames and requalifies without changing the id).
 */
export interface AttributeRef {
  readonly kind: 'AttributeRef';
  readonly id: number;
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** The relation names the column can be qualified with here (`['t']`, `['spark_catalog','db','t']`). */
  readonly qualifier: readonly string[];
}

/** A column of an enclosing query read inside a correlated subquery. */
export interface OuterReference {
  readonly kind: 'OuterReference';
  readonly attr: AttributeRef;
}

export type FunctionCategory = 'scalar' | 'aggregate' | 'window' | 'generator';

/** A call of a known function with its result type. */
export interface ResolvedFunction {
  readonly kind: 'ResolvedFunction';
  /** The registry's name (lower case), e.g. `count`, `sum`, `explode`; `db.f` for a catalog function. */
  readonly name: string;
  /** The name as written, kept for printing and for Spark's generated column names. */
  readonly written: readonly string[];
  readonly category: FunctionCategory;
  readonly args: readonly Expression[];
  readonly distinct: boolean;
  readonly filter: Expression | null;
  readonly ignoreNulls: boolean | null;
  readonly withinGroup: readonly SortOrder[] | null;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** A lambda parameter, resolved: `x` in `transform(arr, x -> x + 1)`. */
export interface LambdaVariable {
  readonly kind: 'LambdaVariable';
  readonly id: number;
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** A session variable (`DECLARE VARIABLE v INT`), read as `v` or `system.session.v`. */
export interface VariableRef {
  readonly kind: 'VariableRef';
  readonly name: string;
  readonly type: DataType;
}

export type ResolvedExpression = AttributeRef | OuterReference | ResolvedFunction | LambdaVariable | VariableRef;

/** A read of a catalog table: the leaf every row filter and mask is injected above. */
export interface Relation {
  readonly kind: 'Relation';
  readonly table: TableIdentifier;
  readonly output: readonly AttributeRef[];
  /**
   * Hidden columns a query may still name: `_metadata` (file path, name, size …) of file-source
   * tables. Not in the output (`SELECT *` does not show them) but readable by name.
   */
  readonly metadata?: readonly AttributeRef[];
  readonly timeTravel: TimeTravel | null;
  readonly options: readonly (readonly [string, Expression])[] | null;
}

/** A read of files by path (``parquet.`/p` ``): the schema is not known to the catalog. */
export interface FileRelation {
  readonly kind: 'FileRelation';
  readonly format: string;
  readonly path: string;
  readonly output: readonly AttributeRef[];
}

/**
 * A catalog or temporary view, expanded: `child` is the analysed view text. The node keeps the
 * view's identity so that policies on the view apply as well as those on its base tables.
 */
export interface View {
  readonly kind: 'View';
  readonly view: TableIdentifier;
  readonly temporary: boolean;
  readonly child: Plan;
}

/** A reference to a CTE of an enclosing `With`; each reference has its own column ids. */
export interface CteRef {
  readonly kind: 'CteRef';
  readonly name: string;
  /** The id of the CTE definition this reads (unique per definition in a statement). */
  readonly cteId: number;
  readonly output: readonly AttributeRef[];
}

/**
 * The marker above a secured read: `SecureScan ← SubqueryAlias ← Project(masks) ← Filter(row
 * filter) ← Relation`. It names the table and the policies applied, makes securing idempotent
 * (a Relation below a SecureScan is never wrapped again) and lets the verifier find every
 * secured leaf. It prints as its child.
 */
export interface SecureScan {
  readonly kind: 'SecureScan';
  readonly table: TableIdentifier;
  readonly policyIds: readonly string[];
  readonly child: Plan;
}

export type ResolvedPlan = Relation | FileRelation | View | CteRef | SecureScan;
