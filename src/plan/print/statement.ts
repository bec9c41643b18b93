/** Statement → Spark SQL. Clauses print in one canonical order (Spark accepts any order). */
import type { Expression } from '../expression.js';
import type { Plan } from '../logical.js';
import type {
  AlterTableAction, Assignment, ColumnDefinition, FileFormat, MergeClause, ObjectName, PartitionSpec, PropertyList, RowFormat, Statement,
  TableClauses,
} from '../statement.js';
import { statementShapes } from '../statement-shapes.js';
import { quoteIdent, quoteParts, quoteString } from './names.js';
import { printExpression } from './expression.js';
import { typeToSql } from './data-type.js';
import { printPlan } from './query.js';
import { printScripting } from './scripting.js';

export function isStatement(p: Plan): p is Statement {
  return Object.prototype.hasOwnProperty.call(statementShapes, p.kind);
}

/** Config keys Spark reads unquoted in `SET key = value`. */
const CONFIG_KEY = /^[A-Za-z0-9_.:]+$/;

const opt = (cond: unknown, s: string): string => (cond ? s : '');
const ifExists = (b: boolean) => opt(b, ' IF EXISTS');
const ifNotExists = (b: boolean) => opt(b, ' IF NOT EXISTS');

function objectName(n: ObjectName): string {
  return n.clause !== null ? `IDENTIFIER(${printExpression(n.clause)})` : quoteParts(n.name);
}

function partitionSpec(spec: PartitionSpec): string {
  return `PARTITION (${spec.map((p) => (p.value === null ? quoteIdent(p.column) : `${quoteIdent(p.column)} = ${printExpression(p.value)}`)).join(', ')})`;
}

function propertyList(props: PropertyList): string {
  return `(${props.map(([k, v]) => (v === null ? quoteString(k) : `${quoteString(k)} = ${quoteString(v)}`)).join(', ')})`;
}

function expressionProperties(props: readonly (readonly [string, Expression])[]): string {
  return `(${props.map(([k, v]) => `${quoteString(k)} = ${printExpression(v)}`).join(', ')})`;
}

function position(p: 'FIRST' | { readonly after: string }): string {
  return p === 'FIRST' ? 'FIRST' : `AFTER ${quoteIdent(p.after)}`;
}

function columnDefinition(c: ColumnDefinition): string {
  let s = `${quoteParts(c.name)} ${typeToSql(c.dataType)}`;
  if (c.notNull) s += ' NOT NULL';
  if (c.defaultValue !== null) s += ` DEFAULT ${printExpression(c.defaultValue)}`;
  if (c.generatedAs !== null) s += ` GENERATED ALWAYS AS (${printExpression(c.generatedAs)})`;
  if (c.comment !== null) s += ` COMMENT ${quoteString(c.comment)}`;
  if (c.position !== null) s += ` ${position(c.position)}`;
  return s;
}

export function printRowFormat(r: RowFormat): string {
  if (r.type === 'SERDE') return `ROW FORMAT SERDE ${quoteString(r.serde)}${r.properties ? ` WITH SERDEPROPERTIES ${propertyList(r.properties)}` : ''}`;
  let s = 'ROW FORMAT DELIMITED';
  if (r.fieldsTerminatedBy !== null) {
    s += ` FIELDS TERMINATED BY ${quoteString(r.fieldsTerminatedBy)}`;
    if (r.escapedBy !== null) s += ` ESCAPED BY ${quoteString(r.escapedBy)}`;
  }
  if (r.collectionItemsTerminatedBy !== null) s += ` COLLECTION ITEMS TERMINATED BY ${quoteString(r.collectionItemsTerminatedBy)}`;
  if (r.mapKeysTerminatedBy !== null) s += ` MAP KEYS TERMINATED BY ${quoteString(r.mapKeysTerminatedBy)}`;
  if (r.linesTerminatedBy !== null) s += ` LINES TERMINATED BY ${quoteString(r.linesTerminatedBy)}`;
  if (r.nullDefinedAs !== null) s += ` NULL DEFINED AS ${quoteString(r.nullDefinedAs)}`;
  return s;
}

function fileFormat(f: FileFormat): string {
  return f.type === 'NAMED'
    ? `STORED AS ${quoteIdent(f.format)}`
    : `STORED AS INPUTFORMAT ${quoteString(f.inputFormat)} OUTPUTFORMAT ${quoteString(f.outputFormat)}`;
}

function provider(p: string): string {
  return quoteParts(p.split('.'));
}

function tableClauses(c: TableClauses): string {
  const out: string[] = [];
  if (c.provider !== null) out.push(`USING ${provider(c.provider)}`);
  if (c.options !== null) out.push(`OPTIONS ${expressionProperties(c.options)}`);
  if (c.partitionedBy !== null) {
    out.push(`PARTITIONED BY (${c.partitionedBy.map((p) => ('kind' in p ? printExpression(p) : columnDefinition(p))).join(', ')})`);
  }
  if (c.clusterBy !== null) out.push(`CLUSTER BY (${c.clusterBy.map(quoteParts).join(', ')})`);
  if (c.clusteredBy !== null) {
    const b = c.clusteredBy;
    let s = `CLUSTERED BY (${b.columns.map(quoteIdent).join(', ')})`;
    if (b.sortedBy !== null) s += ` SORTED BY (${b.sortedBy.map((x) => quoteIdent(x.column) + (x.descending ? ' DESC' : '')).join(', ')})`;
    out.push(`${s} INTO ${b.buckets} BUCKETS`);
  }
  if (c.rowFormat !== null) out.push(printRowFormat(c.rowFormat));
  if (c.storedAs !== null) out.push(fileFormat(c.storedAs));
  if (c.location !== null) out.push(`LOCATION ${quoteString(c.location)}`);
  if (c.comment !== null) out.push(`COMMENT ${quoteString(c.comment)}`);
  if (c.collation !== null) out.push(`DEFAULT COLLATION ${quoteIdent(c.collation)}`);
  if (c.tblProperties !== null) out.push(`TBLPROPERTIES ${propertyList(c.tblProperties)}`);
  return out.map((s) => ' ' + s).join('');
}

function assignments(list: readonly Assignment[]): string {
  return list.map((a) => `${printExpression(a.target)} = ${printExpression(a.value)}`).join(', ');
}

function mergeClause(c: MergeClause): string {
  const cond = c.condition === null ? '' : ` AND ${printExpression(c.condition)}`;
  if (c.type === 'NOT MATCHED') {
    const action = c.columns === null
      ? 'INSERT *'
      : `INSERT (${c.columns.map(printExpression).join(', ')}) VALUES (${c.values.map(printExpression).join(', ')})`;
    return `WHEN NOT MATCHED${cond} THEN ${action}`;
  }
  const action = c.action === 'DELETE' ? 'DELETE' : `UPDATE SET ${c.assignments === null ? '*' : assignments(c.assignments)}`;
  return `WHEN ${c.type}${cond} THEN ${action}`;
}

function alterAction(a: AlterTableAction): string {
  switch (a.type) {
    case 'ADD COLUMNS':
      return `ADD COLUMNS (${a.columns.map(columnDefinition).join(', ')})`;
    case 'DROP COLUMNS':
      return `DROP COLUMNS${ifExists(a.ifExists)} (${a.columns.map(quoteParts).join(', ')})`;
    case 'RENAME COLUMN':
      return `RENAME COLUMN ${quoteParts(a.from)} TO ${quoteIdent(a.to)}`;
    case 'RENAME TO':
      return `RENAME TO ${quoteParts(a.to)}`;
    case 'SET TBLPROPERTIES':
      return `SET TBLPROPERTIES ${propertyList(a.properties)}`;
    case 'UNSET TBLPROPERTIES':
      return `UNSET TBLPROPERTIES${ifExists(a.ifExists)} ${propertyList(a.properties)}`;
    case 'ALTER COLUMN': {
      const ch = a.change;
      const change =
        ch.op === 'TYPE' ? `TYPE ${typeToSql(ch.dataType)}`
        : ch.op === 'COMMENT' ? `COMMENT ${quoteString(ch.comment)}`
        : ch.op === 'POSITION' ? position(ch.position)
        : ch.op === 'SET DEFAULT' ? `SET DEFAULT ${printExpression(ch.value)}`
        : ch.op;
      return `ALTER COLUMN ${quoteParts(a.column)} ${change}`;
    }
    case 'CHANGE COLUMN':
      return `CHANGE COLUMN ${quoteParts(a.column)} ${quoteIdent(a.newName)} ${typeToSql(a.dataType)}${opt(a.comment !== null, ` COMMENT ${quoteString(a.comment ?? '')}`)}${a.position === null ? '' : ' ' + position(a.position)}`;
    case 'ADD PARTITION':
      return `ADD${ifNotExists(a.ifNotExists)} ${a.partitions.map((p) => partitionSpec(p.spec) + (p.location === null ? '' : ` LOCATION ${quoteString(p.location)}`)).join(' ')}`;
    case 'DROP PARTITION':
      return `DROP${ifExists(a.ifExists)} ${a.partitions.map(partitionSpec).join(', ')}${opt(a.purge, ' PURGE')}`;
    case 'RENAME PARTITION':
      return `${partitionSpec(a.from)} RENAME TO ${partitionSpec(a.to)}`;
    case 'SET LOCATION':
      return `${a.partition === null ? '' : partitionSpec(a.partition) + ' '}SET LOCATION ${quoteString(a.location)}`;
    case 'SET SERDE': {
      const part = a.partition === null ? '' : partitionSpec(a.partition) + ' ';
      if (a.serde === null) return `${part}SET SERDEPROPERTIES ${propertyList(a.properties ?? [])}`;
      return `${part}SET SERDE ${quoteString(a.serde)}${a.properties === null ? '' : ` WITH SERDEPROPERTIES ${propertyList(a.properties)}`}`;
    }
    case 'RECOVER PARTITIONS':
      return 'RECOVER PARTITIONS';
  }
}

function setKey(k: string): string {
  return CONFIG_KEY.test(k) ? k : '`' + k.replace(/`/g, '``') + '`';
}

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'UnsupportedStatement':
      return s.text;
    case 'UseStatement':
      return `USE ${s.clause === null ? quoteParts(s.namespace) : `IDENTIFIER(${printExpression(s.clause)})`}`;
    case 'Explain':
      return `EXPLAIN ${s.mode === 'SIMPLE' ? '' : s.mode + ' '}${printPlan(s.statement)}`;
    case 'InsertInto': {
      let out = `INSERT ${opt(s.withSchemaEvolution, 'WITH SCHEMA EVOLUTION ')}${s.overwrite ? 'OVERWRITE' : 'INTO'} TABLE ${objectName(s.table)}`;
      if (s.options !== null) out += ` WITH ${expressionProperties(s.options)}`;
      if (s.partition !== null) out += ` ${partitionSpec(s.partition)}`;
      if (s.ifNotExists) out += ' IF NOT EXISTS';
      if (s.byName) out += ' BY NAME';
      if (s.columns !== null) out += ` (${s.columns.map(quoteIdent).join(', ')})`;
      if (s.replaceWhere !== null) out += ` REPLACE WHERE ${printExpression(s.replaceWhere)}`;
      return `${out} ${printPlan(s.query)}`;
    }
    case 'InsertOverwriteDirectory': {
      let out = `INSERT OVERWRITE ${opt(s.local, 'LOCAL ')}DIRECTORY`;
      if (s.path !== null) out += ` ${quoteString(s.path)}`;
      if (s.provider !== null) out += ` USING ${provider(s.provider)}`;
      if (s.options !== null) out += ` OPTIONS ${propertyList(s.options)}`;
      if (s.rowFormat !== null) out += ` ${printRowFormat(s.rowFormat)}`;
      if (s.storedAs !== null) out += ` ${fileFormat(s.storedAs)}`;
      return `${out} ${printPlan(s.query)}`;
    }
    case 'CreateTable': {
      let out = s.temporaryView !== null
        ? `${s.mode} ${s.temporaryView} VIEW ${objectName(s.name)}`
        : `${s.mode}${opt(s.external, ' EXTERNAL')} TABLE${ifNotExists(s.ifNotExists)} ${objectName(s.name)}`;
      if (s.columns !== null) out += ` (${s.columns.map(columnDefinition).join(', ')})`;
      if (s.like !== null) out += ` LIKE ${objectName(s.like)}`;
      out += tableClauses(s.clauses);
      if (s.query !== null) out += ` AS ${printPlan(s.query)}`;
      return out;
    }
    case 'CreateView': {
      const scope = s.scope === 'PERSISTED' ? '' : ` ${s.scope}`;
      let out = `CREATE${opt(s.orReplace, ' OR REPLACE')}${scope} VIEW${ifNotExists(s.ifNotExists)} ${objectName(s.name)}`;
      if (s.columns !== null) {
        out += ` (${s.columns.map((c) => quoteIdent(c.name) + (c.comment === null ? '' : ` COMMENT ${quoteString(c.comment)}`)).join(', ')})`;
      }
      if (s.comment !== null) out += ` COMMENT ${quoteString(s.comment)}`;
      if (s.collation !== null) out += ` DEFAULT COLLATION ${quoteIdent(s.collation)}`;
      if (s.schemaBinding !== null) out += ` WITH SCHEMA ${s.schemaBinding}`;
      if (s.tblProperties !== null) out += ` TBLPROPERTIES ${propertyList(s.tblProperties)}`;
      return `${out} AS ${printPlan(s.query)}`;
    }
    case 'AlterViewAs':
      return `ALTER VIEW ${objectName(s.name)} AS ${printPlan(s.query)}`;
    case 'AlterTable':
      return `ALTER ${s.objectType} ${objectName(s.name)} ${alterAction(s.action)}`;
    case 'DropObject':
      return `DROP ${s.objectType}${ifExists(s.ifExists)} ${objectName(s.name)}${opt(s.purge, ' PURGE')}${s.cascade === null ? '' : ' ' + s.cascade}`;
    case 'TruncateTable':
      return `TRUNCATE TABLE ${objectName(s.name)}${s.partition === null ? '' : ' ' + partitionSpec(s.partition)}`;
    case 'MergeInto': {
      // The source alias is a SubqueryAlias over the source; print it back as `USING src AS a`.
      let src = s.source;
      let alias = '';
      if (src.kind === 'SubqueryAlias' && src.columnAliases === null) {
        alias = ` AS ${quoteIdent(src.alias)}`;
        src = src.child;
      }
      const source = src.kind === 'UnresolvedRelation' && src.timeTravel === null && src.options === null && src.file === null
        ? objectName({ name: src.name, clause: src.identifierClause })
        : `(${printPlan(src)})`;
      const clauses = s.clauses.map((c) => ' ' + mergeClause(c)).join('');
      return `MERGE ${opt(s.withSchemaEvolution, 'WITH SCHEMA EVOLUTION ')}INTO ${objectName(s.target)}${s.targetAlias === null ? '' : ` AS ${quoteIdent(s.targetAlias)}`} USING ${source}${alias} ON ${printExpression(s.condition)}${clauses}`;
    }
    case 'UpdateTable':
      return `UPDATE ${objectName(s.table)}${s.alias === null ? '' : ` AS ${quoteIdent(s.alias)}`} SET ${assignments(s.assignments)}${s.condition === null ? '' : ` WHERE ${printExpression(s.condition)}`}`;
    case 'DeleteFromTable':
      return `DELETE FROM ${objectName(s.table)}${s.alias === null ? '' : ` AS ${quoteIdent(s.alias)}`}${s.condition === null ? '' : ` WHERE ${printExpression(s.condition)}`}`;
    case 'LoadData':
      return `LOAD DATA ${opt(s.local, 'LOCAL ')}INPATH ${quoteString(s.path)}${opt(s.overwrite, ' OVERWRITE')} INTO TABLE ${objectName(s.table)}${s.partition === null ? '' : ' ' + partitionSpec(s.partition)}`;
    case 'CreateNamespace': {
      let out = `CREATE ${s.keyword}${ifNotExists(s.ifNotExists)} ${objectName(s.name)}`;
      if (s.comment !== null) out += ` COMMENT ${quoteString(s.comment)}`;
      if (s.location !== null) out += ` LOCATION ${quoteString(s.location)}`;
      if (s.collation !== null) out += ` DEFAULT COLLATION ${quoteIdent(s.collation)}`;
      if (s.properties !== null) out += ` WITH DBPROPERTIES ${propertyList(s.properties)}`;
      return out;
    }
    case 'CreateFunction': {
      const using = s.resources.length === 0 ? '' : ` USING ${s.resources.map((r) => `${r.type} ${quoteString(r.uri)}`).join(', ')}`;
      return `CREATE${opt(s.orReplace, ' OR REPLACE')}${opt(s.temporary, ' TEMPORARY')} FUNCTION${ifNotExists(s.ifNotExists)} ${objectName(s.name)} AS ${quoteString(s.className)}${using}`;
    }
    case 'CreateSqlFunction': {
      const body = s.bodyQuery !== null ? printPlan(s.bodyQuery) : printExpression(s.bodyExpression!);
      return `CREATE${opt(s.orReplace, ' OR REPLACE')}${opt(s.temporary, ' TEMPORARY')} FUNCTION${ifNotExists(s.ifNotExists)} ${objectName(s.name)}(${s.parameters.map(columnDefinition).join(', ')})${s.signature === '' ? '' : ' ' + s.signature} RETURN ${body}`;
    }
    case 'CommentOn':
      return `COMMENT ON ${s.objectType} ${objectName(s.name)} IS ${s.comment === null ? 'NULL' : quoteString(s.comment)}`;
    case 'CompoundBlock':
    case 'IfElseStatement':
    case 'CaseStatement':
    case 'WhileStatement':
    case 'RepeatStatement':
    case 'LoopStatement':
    case 'ForStatement':
    case 'LeaveStatement':
    case 'IterateStatement':
    case 'DeclareCondition':
    case 'DeclareHandler':
      return printScripting(s);
    case 'RepairTable':
      return `${opt(s.msck, 'MSCK ')}REPAIR TABLE ${objectName(s.name)}${s.option === null ? '' : ` ${s.option} PARTITIONS`}`;
    case 'CacheTable':
      return `CACHE ${opt(s.lazy, 'LAZY ')}TABLE ${objectName(s.name)}${s.options === null ? '' : ` OPTIONS ${propertyList(s.options)}`}${s.query === null ? '' : ` AS ${printPlan(s.query)}`}`;
    case 'UncacheTable':
      return `UNCACHE TABLE${ifExists(s.ifExists)} ${objectName(s.name)}`;
    case 'ClearCache':
      return 'CLEAR CACHE';
    case 'Refresh':
      return s.target === 'PATH' ? `REFRESH ${quoteString(s.path)}` : `REFRESH ${s.target} ${objectName(s.name)}`;
    case 'AnalyzeTable': {
      let out = s.allTables ? `ANALYZE TABLES${s.name === null ? '' : ` IN ${objectName(s.name)}`}` : `ANALYZE TABLE ${objectName(s.name!)}`;
      if (s.partition !== null) out += ` ${partitionSpec(s.partition)}`;
      out += ' COMPUTE STATISTICS';
      if (s.noScan) out += ' NOSCAN';
      if (s.columns === 'ALL') out += ' FOR ALL COLUMNS';
      else if (s.columns !== null) out += ` FOR COLUMNS ${s.columns.map((c) => quoteParts(c.split('.'))).join(', ')}`;
      return out;
    }
    case 'ShowStatement':
      return printShow(s);
    case 'DescribeRelation': {
      let out = `DESCRIBE TABLE${s.extended === null ? '' : ' ' + s.extended} ${objectName(s.name)}`;
      if (s.partition !== null) out += ` ${partitionSpec(s.partition)}`;
      if (s.column !== null) out += ` ${quoteParts(s.column)}`;
      return out + opt(s.asJson, ' AS JSON');
    }
    case 'DescribeQuery':
      return `DESCRIBE QUERY ${printPlan(s.query)}`;
    case 'DescribeFunction': {
      const n = s.name.clause === null && s.name.name.length === 1 && !/^[A-Za-z_]/.test(s.name.name[0]!)
        ? quoteString(s.name.name[0]!)
        : objectName(s.name);
      return `DESCRIBE FUNCTION${opt(s.extended, ' EXTENDED')} ${n}`;
    }
    case 'DescribeNamespace':
      return `DESCRIBE NAMESPACE${opt(s.extended, ' EXTENDED')} ${objectName(s.name)}`;
    case 'SetConfig':
      if (s.special === 'TIME ZONE') return `SET TIME ZONE ${s.value}`;
      if (s.special === 'PATH') return `SET PATH = ${s.value}`;
      if (s.verbose) return 'SET -v';
      if (s.key === null) return 'SET';
      return `SET ${setKey(s.key)}${s.value === null ? '' : ` = ${s.value}`}`;
    case 'ResetConfig':
      return s.key === null ? 'RESET' : `RESET ${setKey(s.key)}`;
    case 'SetVariable':
      if (s.query !== null) return `SET ${s.keyword === null ? '' : `${s.keyword} `}(${(s.targets ?? []).map(quoteParts).join(', ')}) = (${printPlan(s.query)})`;
      return `SET ${s.keyword === null ? '' : `${s.keyword} `}${s.assignments.map((a) => `${quoteParts(a.name)} = ${printExpression(a.value)}`).join(', ')}`;
    case 'DeclareVariable': {
      let out = `DECLARE${opt(s.orReplace, ' OR REPLACE')} VARIABLE ${s.names.map(objectName).join(', ')}`;
      if (s.dataType !== null) out += ` ${typeToSql(s.dataType)}`;
      if (s.defaultValue !== null) out += ` DEFAULT ${printExpression(s.defaultValue)}`;
      return out;
    }
    case 'ExecuteImmediate': {
      let out = `EXECUTE IMMEDIATE ${printExpression(s.query)}`;
      if (s.into !== null) out += ` INTO ${s.into.map(quoteParts).join(', ')}`;
      if (s.using !== null) out += ` USING ${s.using.map(printExpression).join(', ')}`;
      return out;
    }
    case 'ManageResource':
      return `${s.op} ${s.resourceType}${s.args === '' ? '' : ' ' + s.args}`;
  }
}

function printShow(s: Extract<Statement, { kind: 'ShowStatement' }>): string {
  const like = s.pattern === null ? '' : ` LIKE ${quoteString(s.pattern)}`;
  const inName = s.name === null ? '' : ` IN ${objectName(s.name)}`;
  const json = opt(s.asJson, ' AS JSON');
  switch (s.what) {
    case 'DATABASES':
    case 'SCHEMAS':
    case 'NAMESPACES':
    case 'VIEWS':
    case 'FUNCTIONS':
    case 'USER FUNCTIONS':
    case 'SYSTEM FUNCTIONS':
    case 'ALL FUNCTIONS':
      return `SHOW ${s.what}${inName}${like}`;
    case 'CATALOGS':
      return `SHOW CATALOGS${like}`;
    case 'TABLES':
      return `SHOW TABLES${inName}${like}${json}`;
    case 'TABLE EXTENDED':
      return `SHOW TABLE EXTENDED${inName}${like}${s.partition === null ? '' : ' ' + partitionSpec(s.partition)}${json}`;
    case 'COLUMNS':
      return `SHOW COLUMNS IN ${objectName(s.name!)}${s.namespace === null ? '' : ` IN ${quoteParts(s.namespace)}`}`;
    case 'CREATE TABLE':
      return `SHOW CREATE TABLE ${objectName(s.name!)}${opt(s.asSerde, ' AS SERDE')}`;
    case 'TBLPROPERTIES':
      return `SHOW TBLPROPERTIES ${objectName(s.name!)}${s.key === null ? '' : ` (${quoteString(s.key)})`}`;
    case 'PARTITIONS':
      return `SHOW PARTITIONS ${objectName(s.name!)}${s.partition === null ? '' : ' ' + partitionSpec(s.partition)}${json}`;
    case 'CURRENT NAMESPACE':
    case 'CURRENT DATABASE':
    case 'CURRENT SCHEMA':
      return `SHOW ${s.what}`;
  }
}
