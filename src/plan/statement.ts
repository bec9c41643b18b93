/**
 * Statements that are not queries: DDL, DML, session and metadata commands. Each is a `Plan`
 * node; a statement that reads data holds the query plan it reads as a child, so the injector
 * reaches the sources of INSERT, CTAS, CREATE VIEW, CACHE TABLE and MERGE like any query.
 *
 * Target tables (what is written, dropped, altered) are names (`ObjectName`), not relations:
 * they are not read, so no row filter belongs above them; the authorizer checks them by name.
 */
import type { Expression } from './expression.js';
import type { DataType } from './data-type.js';
import type { Plan } from './logical.js';

export type Statement =
  | UnsupportedStatement
  | UseStatement
  | Explain
  | InsertInto
  | InsertOverwriteDirectory
  | CreateTable
  | CreateView
  | AlterTable
  | AlterViewAs
  | DropObject
  | TruncateTable
  | MergeInto
  | UpdateTable
  | DeleteFromTable
  | CacheTable
  | UncacheTable
  | ClearCache
  | Refresh
  | AnalyzeTable
  | ShowStatement
  | DescribeRelation
  | DescribeQuery
  | DescribeFunction
  | DescribeNamespace
  | SetConfig
  | ResetConfig
  | SetVariable
  | DeclareVariable
  | ExecuteImmediate
  | ManageResource
  | CreateFunction
  | CreateSqlFunction
  | LoadData
  | CreateNamespace
  | CommentOn
  | RepairTable
  | CompoundBlock
  | IfElseStatement
  | CaseStatement
  | WhileStatement
  | RepeatStatement
  | LoopStatement
  | ForStatement
  | LeaveStatement
  | IterateStatement
  | DeclareCondition
  | DeclareHandler;

/**
 * A statement form leafguard does not model yet. It names the statement kind and keeps the
 * text, so the engine refuses it by name; it is never passed through silently.
 */
export interface UnsupportedStatement {
  readonly kind: 'UnsupportedStatement';
  /** e.g. `CREATE INDEX`, `SHOW GRANTS`. */
  readonly statementKind: string;
  readonly text: string;
}

/** `USE [NAMESPACE|DATABASE|SCHEMA] db`. */
export interface UseStatement {
  readonly kind: 'UseStatement';
  readonly namespace: readonly string[];
  /** `USE IDENTIFIER(expr)` (then `namespace` is empty). */
  readonly clause: Expression | null;
}

/** `EXPLAIN [EXTENDED|CODEGEN|COST|FORMATTED] statement`. */
export interface Explain {
  readonly kind: 'Explain';
  readonly mode: 'SIMPLE' | 'EXTENDED' | 'CODEGEN' | 'COST' | 'FORMATTED';
  readonly statement: Plan;
}

// ---- shared parts ------------------------------------------------------------------------------

/** A table/view/function/namespace name, or `IDENTIFIER(expr)` (then `name` is empty). */
export interface ObjectName {
  readonly name: readonly string[];
  readonly clause: Expression | null;
}

/** `PARTITION (k = v, k)`: a value is a constant, `null` for a dynamic partition column. */
export type PartitionSpec = readonly { readonly column: string; readonly value: Expression | null }[];

/** `(key = value, …)` as Spark keeps it after building: keys and values are strings. */
export type PropertyList = readonly (readonly [string, string | null])[];

export interface ColumnDefinition {
  /** Multi-part only in ALTER TABLE … ADD COLUMNS (nested fields). */
  readonly name: readonly string[];
  readonly dataType: DataType;
  readonly notNull: boolean;
  readonly comment: string | null;
  readonly defaultValue: Expression | null;
  readonly generatedAs: Expression | null;
  /** `FIRST` or `AFTER col` (ALTER TABLE only). */
  readonly position: 'FIRST' | { readonly after: string } | null;
}

/** `ROW FORMAT SERDE 'cls' [WITH SERDEPROPERTIES (…)]` or `ROW FORMAT DELIMITED …`. */
export type RowFormat =
  | { readonly type: 'SERDE'; readonly serde: string; readonly properties: PropertyList | null }
  | {
      readonly type: 'DELIMITED';
      readonly fieldsTerminatedBy: string | null;
      readonly escapedBy: string | null;
      readonly collectionItemsTerminatedBy: string | null;
      readonly mapKeysTerminatedBy: string | null;
      readonly linesTerminatedBy: string | null;
      readonly nullDefinedAs: string | null;
    };

/** `STORED AS fmt` or `STORED AS INPUTFORMAT 'a' OUTPUTFORMAT 'b'`. */
export type FileFormat =
  | { readonly type: 'NAMED'; readonly format: string }
  | { readonly type: 'CLASSES'; readonly inputFormat: string; readonly outputFormat: string };

/** The clauses of CREATE/REPLACE TABLE (Spark's `createTableClauses`), each at most once. */
export interface TableClauses {
  readonly provider: string | null;
  /** `OPTIONS (…)`: values are constant expressions. */
  readonly options: readonly (readonly [string, Expression])[] | null;
  /** Column references, transforms (`years(ts)`, `bucket(4, c)`) or Hive column definitions. */
  readonly partitionedBy: readonly (Expression | ColumnDefinition)[] | null;
  readonly clusteredBy: {
    readonly columns: readonly string[];
    readonly sortedBy: readonly { readonly column: string; readonly descending: boolean }[] | null;
    readonly buckets: number;
  } | null;
  /** `CLUSTER BY (a, b.c)`. */
  readonly clusterBy: readonly (readonly string[])[] | null;
  readonly rowFormat: RowFormat | null;
  readonly storedAs: FileFormat | null;
  readonly location: string | null;
  readonly comment: string | null;
  readonly collation: string | null;
  readonly tblProperties: PropertyList | null;
}

// ---- DML ---------------------------------------------------------------------------------------

/**
 * `INSERT INTO|OVERWRITE [TABLE] t [PARTITION (…)] [IF NOT EXISTS] [(cols) | BY NAME]
 *  [REPLACE WHERE cond] query`. The query is a plan child (VALUES is an InlineTable).
 */
export interface InsertInto {
  readonly kind: 'InsertInto';
  readonly table: ObjectName;
  readonly overwrite: boolean;
  readonly withSchemaEvolution: boolean;
  readonly options: readonly (readonly [string, Expression])[] | null;
  readonly partition: PartitionSpec | null;
  readonly ifNotExists: boolean;
  readonly columns: readonly string[] | null;
  readonly byName: boolean;
  /** `REPLACE WHERE cond` (Delta's replaceWhere). */
  readonly replaceWhere: Expression | null;
  readonly query: Plan;
}

/** `INSERT OVERWRITE [LOCAL] DIRECTORY ['path'] (USING fmt [OPTIONS] | [ROW FORMAT] [STORED AS]) query`. */
export interface InsertOverwriteDirectory {
  readonly kind: 'InsertOverwriteDirectory';
  readonly local: boolean;
  readonly path: string | null;
  readonly provider: string | null;
  readonly options: PropertyList | null;
  readonly rowFormat: RowFormat | null;
  readonly storedAs: FileFormat | null;
  readonly query: Plan;
}

export interface Assignment {
  readonly target: Expression;
  readonly value: Expression;
}

export type MergeClause =
  | {
      readonly type: 'MATCHED';
      readonly condition: Expression | null;
      /** `null` assignments with `UPDATE` means `UPDATE SET *`. */
      readonly action: 'DELETE' | 'UPDATE';
      readonly assignments: readonly Assignment[] | null;
    }
  | {
      readonly type: 'NOT MATCHED';
      readonly condition: Expression | null;
      /** `null` columns means `INSERT *`. */
      readonly columns: readonly Expression[] | null;
      readonly values: readonly Expression[];
    }
  | {
      readonly type: 'NOT MATCHED BY SOURCE';
      readonly condition: Expression | null;
      readonly action: 'DELETE' | 'UPDATE';
      readonly assignments: readonly Assignment[] | null;
    };

/** `MERGE INTO target [AS a] USING source ON cond WHEN …`; the source is a plan child. */
export interface MergeInto {
  readonly kind: 'MergeInto';
  readonly withSchemaEvolution: boolean;
  readonly target: ObjectName;
  readonly targetAlias: string | null;
  readonly source: Plan;
  readonly condition: Expression;
  readonly clauses: readonly MergeClause[];
}

/** `UPDATE t [AS a] SET c = v, … [WHERE cond]`. */
export interface UpdateTable {
  readonly kind: 'UpdateTable';
  readonly table: ObjectName;
  readonly alias: string | null;
  readonly assignments: readonly Assignment[];
  readonly condition: Expression | null;
}

/** `DELETE FROM t [AS a] [WHERE cond]`. */
export interface DeleteFromTable {
  readonly kind: 'DeleteFromTable';
  readonly table: ObjectName;
  readonly alias: string | null;
  readonly condition: Expression | null;
}

/** `LOAD DATA [LOCAL] INPATH 'p' [OVERWRITE] INTO TABLE t [PARTITION (…)]`. */
export interface LoadData {
  readonly kind: 'LoadData';
  readonly local: boolean;
  readonly path: string;
  readonly overwrite: boolean;
  readonly table: ObjectName;
  readonly partition: PartitionSpec | null;
}

// ---- DDL ---------------------------------------------------------------------------------------

/**
 * `CREATE [OR REPLACE] [TEMPORARY] [EXTERNAL] TABLE [IF NOT EXISTS] t [(cols)] clauses [AS query]`,
 * `REPLACE TABLE …`, and `CREATE TABLE t LIKE src`.
 */
export interface CreateTable {
  readonly kind: 'CreateTable';
  readonly mode: 'CREATE' | 'CREATE OR REPLACE' | 'REPLACE';
  /**
   * `CREATE [GLOBAL] TEMPORARY VIEW v [(cols)] USING fmt [OPTIONS (…)]`: a temporary view over a
   * data source, which Spark builds as a table (CREATE TEMPORARY TABLE itself is rejected).
   */
  readonly temporaryView: 'TEMPORARY' | 'GLOBAL TEMPORARY' | null;
  readonly external: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly columns: readonly ColumnDefinition[] | null;
  /** `LIKE source`: the table copied (its schema only; no data is read). */
  readonly like: ObjectName | null;
  readonly clauses: TableClauses;
  readonly query: Plan | null;
}

/**
 * `CREATE [OR REPLACE] [GLOBAL] [TEMPORARY] VIEW [IF NOT EXISTS] v [(c [COMMENT 'x'], …)]
 *  [COMMENT 'x'] [PARTITIONED ON (…)] [TBLPROPERTIES (…)] AS query`.
 */
export interface CreateView {
  readonly kind: 'CreateView';
  readonly orReplace: boolean;
  readonly scope: 'PERSISTED' | 'TEMPORARY' | 'GLOBAL TEMPORARY';
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly columns: readonly { readonly name: string; readonly comment: string | null }[] | null;
  readonly comment: string | null;
  /** `DEFAULT COLLATION name`. */
  readonly collation: string | null;
  readonly schemaBinding: string | null;
  readonly tblProperties: PropertyList | null;
  readonly query: Plan;
}

/** `ALTER VIEW v AS query`. */
export interface AlterViewAs {
  readonly kind: 'AlterViewAs';
  readonly name: ObjectName;
  readonly query: Plan;
}

export type AlterTableAction =
  | { readonly type: 'ADD COLUMNS'; readonly columns: readonly ColumnDefinition[] }
  | { readonly type: 'DROP COLUMNS'; readonly ifExists: boolean; readonly columns: readonly (readonly string[])[] }
  | { readonly type: 'RENAME COLUMN'; readonly from: readonly string[]; readonly to: string }
  | { readonly type: 'RENAME TO'; readonly to: readonly string[] }
  | { readonly type: 'SET TBLPROPERTIES'; readonly properties: PropertyList }
  | { readonly type: 'UNSET TBLPROPERTIES'; readonly ifExists: boolean; readonly properties: PropertyList }
  | {
      /** `ALTER COLUMN c TYPE t | SET NOT NULL | DROP NOT NULL | COMMENT 'x' | FIRST | AFTER c | SET DEFAULT e | DROP DEFAULT`. */
      readonly type: 'ALTER COLUMN';
      readonly column: readonly string[];
      readonly change:
        | { readonly op: 'TYPE'; readonly dataType: DataType }
        | { readonly op: 'SET NOT NULL' | 'DROP NOT NULL' | 'DROP DEFAULT' }
        | { readonly op: 'COMMENT'; readonly comment: string }
        | { readonly op: 'POSITION'; readonly position: 'FIRST' | { readonly after: string } }
        | { readonly op: 'SET DEFAULT'; readonly value: Expression };
    }
  | {
      /** Hive `CHANGE [COLUMN] c c2 type [COMMENT 'x'] [FIRST|AFTER c]`. */
      readonly type: 'CHANGE COLUMN';
      readonly column: readonly string[];
      readonly newName: string;
      readonly dataType: DataType;
      readonly comment: string | null;
      readonly position: 'FIRST' | { readonly after: string } | null;
    }
  | { readonly type: 'ADD PARTITION'; readonly ifNotExists: boolean; readonly partitions: readonly { readonly spec: PartitionSpec; readonly location: string | null }[] }
  | { readonly type: 'DROP PARTITION'; readonly ifExists: boolean; readonly partitions: readonly PartitionSpec[]; readonly purge: boolean }
  | { readonly type: 'RENAME PARTITION'; readonly from: PartitionSpec; readonly to: PartitionSpec }
  | { readonly type: 'SET LOCATION'; readonly partition: PartitionSpec | null; readonly location: string }
  | { readonly type: 'SET SERDE'; readonly partition: PartitionSpec | null; readonly serde: string | null; readonly properties: PropertyList | null }
  | { readonly type: 'RECOVER PARTITIONS' };

/** `ALTER TABLE|VIEW name action`. */
export interface AlterTable {
  readonly kind: 'AlterTable';
  readonly objectType: 'TABLE' | 'VIEW';
  readonly name: ObjectName;
  readonly action: AlterTableAction;
}

/**
 * `DROP TABLE|VIEW|DATABASE|SCHEMA|NAMESPACE|FUNCTION|TEMPORARY FUNCTION|TEMPORARY VARIABLE
 *  [IF EXISTS] name [PURGE] [RESTRICT|CASCADE]`.
 */
export interface DropObject {
  readonly kind: 'DropObject';
  readonly objectType: 'TABLE' | 'VIEW' | 'DATABASE' | 'SCHEMA' | 'NAMESPACE' | 'FUNCTION' | 'TEMPORARY FUNCTION' | 'TEMPORARY VARIABLE';
  readonly ifExists: boolean;
  readonly name: ObjectName;
  readonly purge: boolean;
  readonly cascade: 'RESTRICT' | 'CASCADE' | null;
}

/** `TRUNCATE TABLE t [PARTITION (…)]`. */
export interface TruncateTable {
  readonly kind: 'TruncateTable';
  readonly name: ObjectName;
  readonly partition: PartitionSpec | null;
}

/** `CREATE DATABASE|SCHEMA|NAMESPACE [IF NOT EXISTS] db [COMMENT] [LOCATION] [WITH DBPROPERTIES (…)] …`. */
export interface CreateNamespace {
  readonly kind: 'CreateNamespace';
  readonly keyword: 'DATABASE' | 'SCHEMA' | 'NAMESPACE';
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly comment: string | null;
  readonly location: string | null;
  readonly collation: string | null;
  readonly properties: PropertyList | null;
}

/** `CREATE [OR REPLACE] [TEMPORARY] FUNCTION [IF NOT EXISTS] f AS 'class' [USING JAR 'x', …]`. */
export interface CreateFunction {
  readonly kind: 'CreateFunction';
  readonly orReplace: boolean;
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  readonly className: string;
  readonly resources: readonly { readonly type: string; readonly uri: string }[];
}

/**
 * A SQL function: `CREATE [OR REPLACE] [TEMPORARY] FUNCTION [IF NOT EXISTS] f(a INT, …)
 * RETURNS type | TABLE (…) [characteristics] RETURN expr | query`. The body is kept both as
 * text (Spark stores and re-parses it at call time) and parsed: a query body is a plan child.
 */
export interface CreateSqlFunction {
  readonly kind: 'CreateSqlFunction';
  readonly orReplace: boolean;
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly name: ObjectName;
  /** Text of the parameter list, return type and characteristics, between the name and RETURN. */
  readonly signature: string;
  readonly parameters: readonly ColumnDefinition[];
  readonly bodyQuery: Plan | null;
  readonly bodyExpression: Expression | null;
}

/** `COMMENT ON TABLE|DATABASE|SCHEMA|NAMESPACE name IS 'text' | NULL`. */
export interface CommentOn {
  readonly kind: 'CommentOn';
  readonly objectType: 'TABLE' | 'DATABASE' | 'SCHEMA' | 'NAMESPACE';
  readonly name: ObjectName;
  readonly comment: string | null;
}

/** `[MSCK] REPAIR TABLE t [ADD|DROP|SYNC PARTITIONS]`. */
export interface RepairTable {
  readonly kind: 'RepairTable';
  readonly msck: boolean;
  readonly name: ObjectName;
  readonly option: 'ADD' | 'DROP' | 'SYNC' | null;
}

// ---- cache, refresh, statistics ----------------------------------------------------------------

/** `CACHE [LAZY] TABLE t [OPTIONS (…)] [[AS] query]`; the query is a plan child. */
export interface CacheTable {
  readonly kind: 'CacheTable';
  readonly lazy: boolean;
  readonly name: ObjectName;
  readonly options: PropertyList | null;
  readonly query: Plan | null;
}

export interface UncacheTable {
  readonly kind: 'UncacheTable';
  readonly ifExists: boolean;
  readonly name: ObjectName;
}

export interface ClearCache {
  readonly kind: 'ClearCache';
}

/** `REFRESH TABLE t`, `REFRESH FUNCTION f`, `REFRESH 'path'` (or an unquoted path, kept as text). */
export type Refresh =
  | { readonly kind: 'Refresh'; readonly target: 'TABLE' | 'FUNCTION'; readonly name: ObjectName; readonly path: null }
  | { readonly kind: 'Refresh'; readonly target: 'PATH'; readonly name: null; readonly path: string };

/**
 * `ANALYZE TABLE t [PARTITION (…)] COMPUTE STATISTICS [NOSCAN | FOR COLUMNS a, b | FOR ALL COLUMNS]`
 * and `ANALYZE TABLES [IN db] COMPUTE STATISTICS [NOSCAN]` (then `name` is the namespace or null).
 */
export interface AnalyzeTable {
  readonly kind: 'AnalyzeTable';
  readonly allTables: boolean;
  readonly name: ObjectName | null;
  readonly partition: PartitionSpec | null;
  readonly noScan: boolean;
  /** `FOR COLUMNS …`; `'ALL'` for `FOR ALL COLUMNS`. */
  readonly columns: readonly string[] | 'ALL' | null;
}

// ---- metadata ----------------------------------------------------------------------------------

/**
 * SHOW commands. `what` names the form; `name` is the object or the namespace after FROM/IN;
 * `pattern` the LIKE pattern. Only the fields a form has are set.
 */
export interface ShowStatement {
  readonly kind: 'ShowStatement';
  readonly what:
    | 'DATABASES' | 'NAMESPACES' | 'SCHEMAS' | 'TABLES' | 'TABLE EXTENDED' | 'VIEWS' | 'COLUMNS'
    | 'FUNCTIONS' | 'USER FUNCTIONS' | 'SYSTEM FUNCTIONS' | 'ALL FUNCTIONS' | 'CREATE TABLE' | 'TBLPROPERTIES'
    | 'PARTITIONS' | 'CURRENT NAMESPACE' | 'CURRENT DATABASE' | 'CURRENT SCHEMA' | 'CATALOGS';
  readonly name: ObjectName | null;
  /** SHOW COLUMNS FROM t FROM db: the second namespace. */
  readonly namespace: readonly string[] | null;
  readonly pattern: string | null;
  readonly partition: PartitionSpec | null;
  /** SHOW TBLPROPERTIES t ('key'). */
  readonly key: string | null;
  /** SHOW CREATE TABLE t AS SERDE. */
  readonly asSerde: boolean;
  readonly asJson: boolean;
}

/** `DESC|DESCRIBE [TABLE] [EXTENDED|FORMATTED] t [PARTITION (…)] [col] [AS JSON]`. */
export interface DescribeRelation {
  readonly kind: 'DescribeRelation';
  readonly name: ObjectName;
  readonly extended: 'EXTENDED' | 'FORMATTED' | null;
  readonly partition: PartitionSpec | null;
  readonly column: readonly string[] | null;
  readonly asJson: boolean;
}

/** `DESC QUERY query`; the query is a plan child (describing it reveals its schema). */
export interface DescribeQuery {
  readonly kind: 'DescribeQuery';
  readonly query: Plan;
}

/** `DESC FUNCTION [EXTENDED] name` (the name may be an operator or a string). */
export interface DescribeFunction {
  readonly kind: 'DescribeFunction';
  readonly extended: boolean;
  readonly name: ObjectName;
}

/** `DESC DATABASE|SCHEMA|NAMESPACE [EXTENDED] db`. */
export interface DescribeNamespace {
  readonly kind: 'DescribeNamespace';
  readonly extended: boolean;
  readonly name: ObjectName;
}

// ---- session -----------------------------------------------------------------------------------

/**
 * `SET`, `SET -v`, `SET key`, `SET key = value`, `SET TIME ZONE …`, `SET PATH = …`. Like Spark's
 * SparkSqlParser the key and value are the raw text (trimmed), not parsed SQL.
 */
export interface SetConfig {
  readonly kind: 'SetConfig';
  /** `null` for a bare `SET` (list all) and for `SET -v`. */
  readonly key: string | null;
  readonly value: string | null;
  /** `SET -v`. */
  readonly verbose: boolean;
  /** `SET TIME ZONE value` / `SET PATH = value`: then `key` is null and `value` the raw text. */
  readonly special: 'TIME ZONE' | 'PATH' | null;
}

/** `RESET` or `RESET key` (raw text). */
export interface ResetConfig {
  readonly kind: 'ResetConfig';
  readonly key: string | null;
}

/** `SET VAR|VARIABLE a = e, b = e` or `SET VAR (a, b) = (query)`. */
export interface SetVariable {
  readonly kind: 'SetVariable';
  /** Null for the SQL-script form `SET a = 1` (inside BEGIN … END, where SET sets variables). */
  readonly keyword: 'VAR' | 'VARIABLE' | null;
  readonly assignments: readonly { readonly name: readonly string[]; readonly value: Expression }[];
  /** The multi-assignment form: targets and the query that computes them. */
  readonly targets: readonly (readonly string[])[] | null;
  readonly query: Plan | null;
}

/** `DECLARE [OR REPLACE] [VAR|VARIABLE] name, … [type] [DEFAULT|= expr]`. */
export interface DeclareVariable {
  readonly kind: 'DeclareVariable';
  readonly orReplace: boolean;
  readonly names: readonly ObjectName[];
  readonly dataType: DataType | null;
  readonly defaultValue: Expression | null;
}

/** `EXECUTE IMMEDIATE expr [INTO v, …] [USING e [AS n], …]`: the SQL is only known at run time. */
export interface ExecuteImmediate {
  readonly kind: 'ExecuteImmediate';
  readonly query: Expression;
  readonly into: readonly (readonly string[])[] | null;
  readonly using: readonly Expression[] | null;
}

/** `ADD JAR|FILE|ARCHIVE …`, `LIST JAR|FILE|ARCHIVE …` (the rest kept raw, as Spark does). */
export interface ManageResource {
  readonly kind: 'ManageResource';
  readonly op: 'ADD' | 'LIST';
  readonly resourceType: string;
  readonly args: string;
}

// ---- SQL scripting (Spark's compound statements) ------------------------------------------------
// A script is a `BEGIN … END` block; its statements are plans (queries, DML, DECLARE, SET …) or
// the control-flow nodes below. Labels are kept as written; Spark compares them case-insensitively.

/** `[label:] BEGIN [NOT ATOMIC] statement; … END [label]`: a scope for variables and handlers. */
export interface CompoundBlock {
  readonly kind: 'CompoundBlock';
  readonly label: string | null;
  readonly body: readonly Plan[];
}

/** A condition with the statements it guards (IF/ELSEIF branches, CASE WHEN branches). */
export interface ConditionalBody {
  readonly condition: Expression;
  readonly body: readonly Plan[];
}

/** `IF c THEN … [ELSEIF c THEN …]* [ELSE …] END IF`. */
export interface IfElseStatement {
  readonly kind: 'IfElseStatement';
  readonly branches: readonly ConditionalBody[];
  readonly elseBody: readonly Plan[] | null;
}

/** `CASE [operand] WHEN x THEN … [ELSE …] END CASE`; with an operand each WHEN value is compared to it. */
export interface CaseStatement {
  readonly kind: 'CaseStatement';
  readonly operand: Expression | null;
  readonly branches: readonly ConditionalBody[];
  readonly elseBody: readonly Plan[] | null;
}

/** `[label:] WHILE c DO … END WHILE [label]`. */
export interface WhileStatement {
  readonly kind: 'WhileStatement';
  readonly label: string | null;
  readonly condition: Expression;
  readonly body: readonly Plan[];
}

/** `[label:] REPEAT … UNTIL c END REPEAT [label]`. */
export interface RepeatStatement {
  readonly kind: 'RepeatStatement';
  readonly label: string | null;
  readonly body: readonly Plan[];
  readonly until: Expression;
}

/** `[label:] LOOP … END LOOP [label]`. */
export interface LoopStatement {
  readonly kind: 'LoopStatement';
  readonly label: string | null;
  readonly body: readonly Plan[];
}

/** `[label:] FOR [v AS] query DO … END FOR [label]`: the body runs once per row of the query. */
export interface ForStatement {
  readonly kind: 'ForStatement';
  readonly label: string | null;
  readonly variable: string | null;
  readonly query: Plan;
  readonly body: readonly Plan[];
}

/** `LEAVE label`: exits the labelled block or loop. */
export interface LeaveStatement {
  readonly kind: 'LeaveStatement';
  readonly label: string;
}

/** `ITERATE label`: the next iteration of the labelled loop. */
export interface IterateStatement {
  readonly kind: 'IterateStatement';
  readonly label: string;
}

/** `DECLARE name CONDITION [FOR SQLSTATE [VALUE] 'xxxxx']`. */
export interface DeclareCondition {
  readonly kind: 'DeclareCondition';
  readonly name: string;
  readonly sqlState: string | null;
}

export type HandlerCondition =
  | { readonly type: 'SQLSTATE'; readonly sqlState: string }
  | { readonly type: 'SQLEXCEPTION' }
  | { readonly type: 'NOT FOUND' }
  | { readonly type: 'CONDITION'; readonly name: readonly string[] };

/** `DECLARE CONTINUE|EXIT HANDLER FOR conditions body`: the body is a block or one statement. */
export interface DeclareHandler {
  readonly kind: 'DeclareHandler';
  readonly type: 'CONTINUE' | 'EXIT';
  readonly conditions: readonly HandlerCondition[];
  readonly body: Plan;
}
