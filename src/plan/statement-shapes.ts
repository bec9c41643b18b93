/** Children entries of the statement kinds (see children.ts). */
import type { Expression } from './expression.js';
import type { AlterTableAction, ColumnDefinition, ConditionalBody, MergeClause, ObjectName, PartitionSpec, Statement, TableClauses } from './statement.js';
import { slots as s, type Shape, type SlotCodec } from './slots.js';

type Table = { readonly [K in Statement['kind']]: Shape<Extract<Statement, { kind: K }>> };

const name = s.record<ObjectName>({ clause: s.exprOpt });
const nameOpt = s.optional(name);
const partition = s.list(s.record<PartitionSpec[number]>({ value: s.exprOpt })) as SlotCodec<PartitionSpec>;
const partitionOpt = s.optional(partition);
const column = s.record<ColumnDefinition>({ defaultValue: s.exprOpt, generatedAs: s.exprOpt });
const columns = s.list(column);
const conditionalBodies = s.list(s.record<ConditionalBody>({ condition: s.expr, body: s.plans }));
const assignments = s.list(s.record<{ target: Expression; value: Expression }>({ target: s.expr, value: s.expr }));

/** A PARTITIONED BY item: an expression (column or transform) or a Hive column definition. */
const partitionField: SlotCodec<Expression | ColumnDefinition> = {
  visit: (v, op, oe) => ('kind' in v ? oe(v) : column.visit(v, op, oe)),
  map: (v, fp, fe) => ('kind' in v ? fe(v) : column.map(v, fp, fe)),
};
const clauses = s.record<TableClauses>({ options: s.optionsOpt, partitionedBy: s.optional(s.list(partitionField)) });

/** Each merge clause variant: its condition, assignments, insert columns and values. */
const mergeClause: SlotCodec<MergeClause> = s.record<MergeClause>({
  condition: s.exprOpt,
  assignments: s.optional(assignments),
  columns: s.optional(s.exprs),
  values: s.optional(s.exprs),
} as Shape<MergeClause>);

/** The expressions inside ALTER TABLE actions: column defaults and partition values. */
const alterAction: SlotCodec<AlterTableAction> = {
  visit: (v, op, oe) => alterCodec(v).visit(v, op, oe),
  map: (v, fp, fe) => alterCodec(v).map(v, fp, fe),
};
function alterCodec(v: AlterTableAction): SlotCodec<AlterTableAction> {
  switch (v.type) {
    case 'ADD COLUMNS':
      return s.record<typeof v>({ columns }) as SlotCodec<AlterTableAction>;
    case 'ALTER COLUMN':
      return s.record<typeof v>({
        change: s.record<{ op: string; value?: Expression }>({ value: s.optional(s.expr) as SlotCodec<Expression | undefined> }) as unknown as SlotCodec<typeof v.change>,
      }) as SlotCodec<AlterTableAction>;
    case 'ADD PARTITION':
      return s.record<typeof v>({ partitions: s.list(s.record<typeof v.partitions[number]>({ spec: partition })) }) as SlotCodec<AlterTableAction>;
    case 'DROP PARTITION':
      return s.record<typeof v>({ partitions: s.list(partition) }) as SlotCodec<AlterTableAction>;
    case 'RENAME PARTITION':
      return s.record<typeof v>({ from: partition, to: partition }) as SlotCodec<AlterTableAction>;
    case 'SET LOCATION':
    case 'SET SERDE':
      return s.record<typeof v>({ partition: partitionOpt }) as SlotCodec<AlterTableAction>;
    default:
      return s.record<AlterTableAction>({});
  }
}

export const statementShapes: Table = {
  UnsupportedStatement: {},
  UseStatement: { clause: s.exprOpt },
  Explain: { statement: s.plan },
  InsertInto: { table: name, options: s.optionsOpt, partition: partitionOpt, replaceWhere: s.exprOpt, query: s.plan },
  InsertOverwriteDirectory: { query: s.plan },
  CreateTable: { name, columns: s.optional(columns), like: nameOpt, clauses, query: s.planOpt },
  CreateView: { name, query: s.plan },
  AlterTable: { name, action: alterAction },
  AlterViewAs: { name, query: s.plan },
  DropObject: { name },
  TruncateTable: { name, partition: partitionOpt },
  MergeInto: { target: name, source: s.plan, condition: s.expr, clauses: s.list(mergeClause) },
  UpdateTable: { table: name, assignments, condition: s.exprOpt },
  DeleteFromTable: { table: name, condition: s.exprOpt },
  CacheTable: { name, query: s.planOpt },
  UncacheTable: { name },
  ClearCache: {},
  Refresh: { name: nameOpt } as Shape<Extract<Statement, { kind: 'Refresh' }>>,
  AnalyzeTable: { name: nameOpt, partition: partitionOpt },
  ShowStatement: { name: nameOpt, partition: partitionOpt },
  DescribeRelation: { name, partition: partitionOpt },
  DescribeQuery: { query: s.plan },
  DescribeFunction: { name },
  DescribeNamespace: { name },
  SetConfig: {},
  ResetConfig: {},
  SetVariable: {
    assignments: s.list(s.record<{ name: readonly string[]; value: Expression }>({ value: s.expr })),
    query: s.planOpt,
  },
  DeclareVariable: { names: s.list(name), defaultValue: s.exprOpt },
  ExecuteImmediate: { query: s.expr, using: s.optional(s.exprs) },
  ManageResource: {},
  CreateFunction: { name },
  CreateSqlFunction: { name, parameters: columns, bodyQuery: s.planOpt, bodyExpression: s.exprOpt },
  LoadData: { table: name, partition: partitionOpt },
  CreateNamespace: { name },
  CommentOn: { name },
  RepairTable: { name },
  CompoundBlock: { body: s.plans },
  IfElseStatement: { branches: conditionalBodies, elseBody: s.optional(s.plans) },
  CaseStatement: { operand: s.exprOpt, branches: conditionalBodies, elseBody: s.optional(s.plans) },
  WhileStatement: { condition: s.expr, body: s.plans },
  RepeatStatement: { body: s.plans, until: s.expr },
  LoopStatement: { body: s.plans },
  ForStatement: { query: s.plan, body: s.plans },
  LeaveStatement: {},
  IterateStatement: {},
  DeclareCondition: {},
  DeclareHandler: { body: s.plan },
};
