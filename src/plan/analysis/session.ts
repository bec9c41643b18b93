/**
 * Sessions: analyse statements in order against a catalog, applying what DDL does to the catalog
 * (CREATE/DROP TABLE and VIEW, temp views, ALTER TABLE ADD COLUMNS, USE …), so that a file of
 * statements is analysed as Spark would run it. A session works on a fork of its catalog.
 */
import { withinDepth } from '../depth.js';
import type { Plan } from '../logical.js';
import type { Expression } from '../expression.js';
import type { DataType } from '../data-type.js';
import type { ColumnDefinition, ObjectName, Statement } from '../statement.js';
import type { TableIdentifier } from '../resolved.js';
import { Catalog, DEFAULT_DATABASE, SESSION_CATALOG, tableIdentifier, type CatalogColumn, type CatalogTable } from '../catalog/catalog.js';
import { parseDataType, parseSql } from '../../parser/parser.js';
import { SqlParseError } from '../../parser/errors.js';
import type { ParseOptions } from '../../parser/options.js';
import { printQuery } from '../print/query.js';
import { typeToString } from '../data-type.js';
import { isStatement } from '../print/statement.js';
import { AnalysisError, quotedName } from './errors.js';
import { constantString, identifierParts } from './identifier-text.js';
import { analyzePlan, type AnalyzerEnv, type TempView } from './analyzer.js';
import { outputOf } from './output.js';
import { defaultTimestampNtz, schemaType } from './types.js';
import type { FunctionDef } from './functions.js';

export interface SessionOptions {
  readonly catalog?: Catalog;
  readonly currentDatabase?: string;
  /** Column names compare case-sensitively (Spark's spark.sql.caseSensitive); default false. */
  readonly caseSensitive?: boolean;
  readonly parseOptions?: Partial<ParseOptions>;
  /**
   * Functions registered in the session, as `spark.udf.register` does (Spark's test suites
   * register `udf` and `udaf` this way); they shadow built-ins of the same name.
   */
  readonly functions?: readonly FunctionDef[];
  /**
   * Spark SQL configuration the session starts with (`spark.sql.timestampType` …); `SET key =
   * value` statements change it and `RESET` restores it. Keys compare case-insensitively.
   */
  readonly conf?: Readonly<Record<string, string>>;
}

export interface SchemaField {
  readonly name: string;
  /** Spark's simple-string form: `int`, `decimal(10,2)`, `array<string>`, `unknown`. */
  readonly type: string;
}

/** The output schema of a resolved plan (a query's columns; statements have none). */
export function schemaOf(plan: Plan): SchemaField[] {
  return outputOf(plan).map((a) => ({ name: a.name, type: typeToString(schemaType(a.type)) }));
}

export class Session {
  readonly catalog: Catalog;
  currentDatabase: string;
  readonly caseSensitive: boolean;
  private readonly tempViews = new Map<string, TempView>();
  private readonly variables = new Map<string, { readonly name: string; readonly type: DataType }>();
  private readonly parseOptions: Partial<ParseOptions>;
  private readonly functions: ReadonlyMap<string, FunctionDef>;
  private readonly initialConf: ReadonlyMap<string, string>;
  private readonly conf: Map<string, string>;

  constructor(options: SessionOptions = {}) {
    this.catalog = (options.catalog ?? new Catalog()).fork();
    if (!this.catalog.databaseExists(DEFAULT_DATABASE)) this.catalog.createDatabase({ name: DEFAULT_DATABASE, location: null, owner: null });
    this.currentDatabase = options.currentDatabase ?? DEFAULT_DATABASE;
    this.caseSensitive = options.caseSensitive ?? false;
    this.parseOptions = options.parseOptions ?? {};
    this.functions = new Map((options.functions ?? []).map((f) => [f.name.toLowerCase(), f]));
    this.initialConf = new Map(Object.entries(options.conf ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    this.conf = new Map(this.initialConf);
  }

  private get timestampNtz(): boolean {
    return this.config('spark.sql.timestampType')?.trim().toUpperCase() === 'TIMESTAMP_NTZ';
  }

  /** The value of a Spark SQL configuration key in this session, or undefined when not set. */
  config(key: string): string | undefined {
    return this.conf.get(key.toLowerCase());
  }

  /** The last env built: reused while the current database and the configuration stay (the maps it holds are live). */
  private lastEnv: AnalyzerEnv | null = null;

  private env(): AnalyzerEnv {
    const last = this.lastEnv;
    if (last !== null && last.currentDatabase === this.currentDatabase) return last;
    const env: AnalyzerEnv = {
      catalog: this.catalog,
      currentDatabase: this.currentDatabase,
      caseSensitive: this.caseSensitive,
      tempViews: this.tempViews,
      variables: this.variables,
      functions: this.functions,
      timestampNtz: this.timestampNtz,
    };
    this.lastEnv = env;
    return env;
  }

  /**
   * Parses and analyses one statement and applies its catalog effects. Throws SqlParseError or
   * AnalysisError (with line and column when the position is known).
   */
  analyze(sql: string): Plan {
    const plan = parseSql(sql, this.parseOptions);
    try {
      return this.analyzeParsed(plan);
    } catch (e) {
      if (e instanceof AnalysisError) e.locate(sql);
      throw e;
    }
  }

  /** Analyses an already parsed statement and applies its catalog effects. */
  analyzeParsed(plan: Plan): Plan {
    // A hand-built plan can be deeper than the parser allows: PlanTooDeepError, not a stack overflow.
    return withinDepth('analyze', () => (isStatement(plan) ? this.runStatement(plan as Statement) : analyzePlan(plan, this.env())));
  }

  private runStatement(s: Statement): Plan {
    switch (s.kind) {
      case 'UseStatement': {
        const db = s.namespace[s.namespace.length - 1];
        if (db === undefined || (s.namespace.length > 1 && s.namespace[0]!.toLowerCase() !== SESSION_CATALOG)) return s;
        if (!this.catalog.databaseExists(db)) throw schemaNotFound(db);
        this.currentDatabase = db;
        return s;
      }
      case 'CreateNamespace': {
        const name = this.parts(s.name).at(-1);
        if (name === undefined) return s;
        if (this.catalog.databaseExists(name)) {
          if (s.ifNotExists) return s;
          throw new AnalysisError('SCHEMA_ALREADY_EXISTS', `Cannot create schema ${quotedName([name])} because it already exists.`, { schemaName: quotedName([name]) });
        }
        this.catalog.createDatabase({ name, location: s.location, owner: null });
        return s;
      }
      case 'CreateTable':
        return this.createTable(s);
      case 'CreateView':
        return this.createView(s);
      case 'AlterViewAs': {
        const query = analyzePlan(s.query, this.env());
        const id = this.tableId(s.name);
        const temp = this.tempViews.get(id.name.toLowerCase());
        if (this.parts(s.name).length === 1 && temp !== undefined) this.tempViews.set(id.name.toLowerCase(), { ...temp, query: s.query, columns: null });
        else {
          const old = this.requireTable(id, s.name);
          this.catalog.putTable({ ...old, viewText: printQuery(s.query), columns: columnsOf(query), viewDatabase: this.currentDatabase });
        }
        return { ...s, query };
      }
      case 'DropObject':
        return this.drop(s);
      case 'AlterTable': {
        const id = this.tableId(s.name);
        if (this.parts(s.name).length === 1 && this.tempViews.has(id.name.toLowerCase())) return s;
        const table = this.requireTable(id, s.name);
        const a = s.action;
        if (a.type === 'ADD COLUMNS') {
          this.catalog.putTable({ ...table, columns: [...table.columns, ...a.columns.filter((c) => c.name.length === 1).map((c) => columnOf(c, this.timestampNtz))] });
        } else if (a.type === 'RENAME TO') {
          const to = this.tableIdFromParts(a.to);
          this.catalog.dropTable(table.identifier.database!, table.identifier.name);
          this.catalog.putTable({ ...table, identifier: to });
        } else if (a.type === 'DROP COLUMNS') {
          const drop = new Set(a.columns.map((c) => c.join('.').toLowerCase()));
          this.catalog.putTable({ ...table, columns: table.columns.filter((c) => !drop.has(c.name.toLowerCase())) });
        } else if (a.type === 'RENAME COLUMN' && a.from.length === 1) {
          const from = a.from[0]!.toLowerCase();
          this.catalog.putTable({ ...table, columns: table.columns.map((c) => (c.name.toLowerCase() === from ? { ...c, name: a.to } : c)) });
        }
        return s;
      }
      case 'CacheTable': {
        if (s.query === null) return s;
        const query = analyzePlan(s.query, this.env());
        const name = this.parts(s.name).at(-1)!;
        this.tempViews.set(name.toLowerCase(), { name, query: s.query, columns: null, database: this.currentDatabase });
        return { ...s, query };
      }
      case 'InsertInto': {
        const id = this.tableId(s.table);
        if (!(s.table.name.length === 1 && this.tempViews.has(id.name.toLowerCase()))) this.requireTable(id, s.table);
        return { ...s, query: analyzePlan(s.query, this.env()) };
      }
      case 'Explain':
        return { ...s, statement: this.analyzeParsed(s.statement) };
      case 'DeclareVariable': {
        let type = s.dataType;
        if (type === null && s.defaultValue !== null) {
          const probe = analyzePlan({ kind: 'Project', projectList: [s.defaultValue], child: { kind: 'OneRowRelation' } }, this.env());
          type = outputOf(probe)[0]?.type ?? null;
        }
        for (const n of s.names) {
          const name = this.parts(n).at(-1)!;
          if (this.variables.has(name.toLowerCase()) && !s.orReplace) {
            throw new AnalysisError('VARIABLE_ALREADY_EXISTS', `Cannot create the variable ${quotedName([name])} because it already exists.`, { variableName: quotedName(['system', 'session', name]) });
          }
          this.variables.set(name.toLowerCase(), { name, type: type ?? { kind: 'unknown' } });
        }
        return s;
      }
      case 'CreateSqlFunction':
        return this.createSqlFunction(s);
      case 'SetConfig':
        if (s.key !== null && s.value !== null) this.conf.set(s.key.toLowerCase(), s.value.trim());
        this.lastEnv = null;
        return s;
      case 'ResetConfig': {
        const keys = s.key === null ? [...this.conf.keys(), ...this.initialConf.keys()] : [s.key.toLowerCase()];
        for (const k of keys) {
          const v = this.initialConf.get(k);
          if (v === undefined) this.conf.delete(k);
          else this.conf.set(k, v);
        }
        this.lastEnv = null;
        return s;
      }
      case 'DescribeQuery':
        return { ...s, query: analyzePlan(s.query, this.env()) };
      default:
        return s;
    }
  }

  private createTable(s: Extract<Statement, { kind: 'CreateTable' }>): Plan {
    const id = this.tableId(s.name);
    if (s.temporaryView !== null) {
      // CREATE TEMPORARY VIEW v USING fmt OPTIONS (…): a temp view over files, schema unknown here.
      return s;
    }
    const exists = this.catalog.getTable(id.database!, id.name) !== undefined;
    if (exists && s.mode === 'CREATE') {
      if (s.ifNotExists) return s;
      throw tableExists(id);
    }
    if (!this.catalog.databaseExists(id.database!)) {
      throw schemaNotFound(id.database!);
    }
    let columns: CatalogColumn[] = (s.columns ?? []).map((c) => columnOf(c, this.timestampNtz));
    let query: Plan | null = s.query;
    if (s.query !== null) {
      query = analyzePlan(s.query, this.env());
      if (columns.length === 0) columns = columnsOf(query);
    }
    if (s.like !== null) {
      const src = this.requireTable(this.tableId(s.like), s.like);
      columns = [...src.columns];
    }
    const hivePartitions = (s.clauses.partitionedBy ?? []).filter((p): p is ColumnDefinition => 'dataType' in p);
    columns = [...columns, ...hivePartitions.map((c) => columnOf(c, this.timestampNtz))];
    const table: CatalogTable = {
      identifier: id,
      type: s.external || s.clauses.location !== null ? 'external' : 'managed',
      format: s.clauses.provider ?? (s.clauses.storedAs?.type === 'NAMED' ? s.clauses.storedAs.format : null),
      location: s.clauses.location,
      owner: null,
      tags: [],
      properties: {},
      columns,
      partitionColumns: [],
      viewText: null,
    };
    this.catalog.putTable(table);
    return query === s.query ? s : { ...s, query };
  }

  private createView(s: Extract<Statement, { kind: 'CreateView' }>): Plan {
    const query = analyzePlan(s.query, this.env());
    const out = outputOf(query);
    const names = s.columns?.map((c) => c.name) ?? null;
    if (names !== null && names.length !== out.length) {
      throw new AnalysisError(
        names.length > out.length ? 'CREATE_VIEW_COLUMN_ARITY_MISMATCH.NOT_ENOUGH_DATA_COLUMNS' : 'CREATE_VIEW_COLUMN_ARITY_MISMATCH.TOO_MANY_DATA_COLUMNS',
        `Cannot create view: the view has ${names.length} columns but its query returns ${out.length}.`,
        {},
      );
    }
    const name = this.parts(s.name).at(-1)!;
    if (s.scope === 'TEMPORARY') {
      const key = name.toLowerCase();
      if (this.tempViews.has(key) && !s.orReplace) {
        if (s.ifNotExists) return s;
        throw new AnalysisError('TEMP_TABLE_OR_VIEW_ALREADY_EXISTS', `Cannot create the temporary view ${quotedName([name])} because it already exists.`, {
          relationName: quotedName([name]),
        });
      }
      this.tempViews.set(key, { name, query: s.query, columns: names, database: this.currentDatabase });
      return { ...s, query };
    }
    const id: TableIdentifier = s.scope === 'GLOBAL TEMPORARY' ? { catalog: SESSION_CATALOG, database: 'global_temp', name } : this.tableId(s.name);
    const exists = this.catalog.getTable(id.database!, id.name);
    if (exists !== undefined && !s.orReplace) {
      if (s.ifNotExists) return s;
      throw tableExists(id);
    }
    const cols = columnsOf(query);
    this.catalog.putTable({
      identifier: id,
      type: 'view',
      format: null,
      location: null,
      owner: null,
      tags: [],
      properties: {},
      columns: names === null ? cols : cols.map((c, i) => ({ ...c, name: names[i]! })),
      partitionColumns: [],
      viewText: printQuery(s.query),
      viewDatabase: this.currentDatabase,
    });
    return { ...s, query };
  }

  /** `CREATE [TEMPORARY] FUNCTION f(a INT [DEFAULT …]) RETURNS type | TABLE (…) RETURN …`. */
  private createSqlFunction(s: Extract<Statement, { kind: 'CreateSqlFunction' }>): Plan {
    const parts = this.parts(s.name);
    const name = parts.at(-1)!;
    const seen = new Set<string>();
    for (const p of s.parameters) {
      const n = p.name.at(-1)!.toLowerCase();
      if (seen.has(n)) {
        throw new AnalysisError('DUPLICATE_ROUTINE_PARAMETER_NAMES', `Found duplicate name(s) in the parameter list of the user-defined routine ${quotedName([name])}: ${quotedName([n])}.`, {
          routineName: name,
        });
      }
      seen.add(n);
    }
    const returns = parseReturns(s.signature);
    const key = s.temporary ? name : `${parts.length > 1 ? parts.at(-2)! : this.currentDatabase}.${name}`;
    if (this.catalog.getFunction(key) !== undefined && !s.orReplace) {
      if (s.ifNotExists) return s;
      throw new AnalysisError('ROUTINE_ALREADY_EXISTS', `Cannot create the routine ${quotedName([name])} because it already exists.`, { routineName: quotedName([name]) });
    }
    this.catalog.putFunction({
      name: key,
      safe: false,
      returns: returns.scalar,
      sql: {
        parameters: s.parameters.map((p) => ({ name: p.name.at(-1)!, type: p.dataType, hasDefault: p.defaultValue !== null })),
        table: returns.table,
        body: s.bodyQuery !== null ? printQuery(s.bodyQuery) : '',
        temporary: s.temporary,
      },
    });
    return s;
  }

  private drop(s: Extract<Statement, { kind: 'DropObject' }>): Plan {
    const t = s.objectType;
    if (t === 'TABLE' || t === 'VIEW') {
      const id = this.tableId(s.name);
      if (this.parts(s.name).length === 1 && this.tempViews.has(id.name.toLowerCase())) {
        this.tempViews.delete(id.name.toLowerCase());
        return s;
      }
      if (this.catalog.getTable(id.database!, id.name) === undefined) {
        if (s.ifExists) return s;
        throw tableNotFound(this.parts(s.name));
      }
      this.catalog.dropTable(id.database!, id.name);
    } else if (t === 'TEMPORARY VARIABLE') {
      const name = this.parts(s.name).at(-1)!.toLowerCase();
      if (!this.variables.delete(name) && !s.ifExists) {
        throw new AnalysisError('VARIABLE_NOT_FOUND', `The variable ${quotedName(this.parts(s.name))} cannot be found.`, { variableName: quotedName(this.parts(s.name)) });
      }
    } else if (t === 'DATABASE' || t === 'SCHEMA' || t === 'NAMESPACE') {
      const name = this.parts(s.name).at(-1)!;
      if (!this.catalog.databaseExists(name)) {
        if (s.ifExists) return s;
        throw schemaNotFound(name);
      }
      this.catalog.dropDatabase(name);
    }
    return s;
  }

  private tableId(name: ObjectName): TableIdentifier {
    return this.tableIdFromParts(this.parts(name));
  }

  /** The name parts of an object name, `IDENTIFIER('a' || '.b')` evaluated. */
  private parts(name: ObjectName): readonly string[] {
    if (name.clause === null) return name.name;
    const v = constantString(name.clause);
    if (v === null) throw new AnalysisError('NOT_A_CONSTANT_STRING.WRONG_TYPE', 'IDENTIFIER() needs a constant string expression.', {});
    return identifierParts(v);
  }

  private tableIdFromParts(parts: readonly string[]): TableIdentifier {
    return tableIdentifier(parts, this.currentDatabase);
  }

  private requireTable(id: TableIdentifier, name: ObjectName): CatalogTable {
    const t = this.catalog.getTable(id.database!, id.name);
    if (t === undefined) {
      throw tableNotFound(name.name);
    }
    return t;
  }
}

function schemaNotFound(name: string): AnalysisError {
  const schemaName = quotedName([name]);
  return new AnalysisError('SCHEMA_NOT_FOUND', `The schema ${schemaName} cannot be found.`, { schemaName });
}

function tableExists(id: TableIdentifier): AnalysisError {
  return new AnalysisError('TABLE_OR_VIEW_ALREADY_EXISTS', `Cannot create table or view ${quotedName([id.database!, id.name])} because it already exists.`, {
    relationName: quotedName([id.catalog!, id.database!, id.name]),
  });
}

function tableNotFound(parts: readonly string[]): AnalysisError {
  const relationName = quotedName(parts);
  return new AnalysisError('TABLE_OR_VIEW_NOT_FOUND', `The table or view ${relationName} cannot be found.`, { relationName });
}

/** `RETURNS type` or `RETURNS TABLE (…)`, up to the characteristics that may follow. */
const UNTIL_CHARACTERISTIC = '(?=$|\\b(?:LANGUAGE|NOT|DETERMINISTIC|COMMENT|CONTAINS|READS|MODIFIES|SQL|RETURN)\\b)';
const RETURNS = new RegExp(`\\bRETURNS\\s+(TABLE\\s*\\(([\\s\\S]*?)\\)\\s*${UNTIL_CHARACTERISTIC}|[\\s\\S]*?)\\s*${UNTIL_CHARACTERISTIC}`, 'i');

/** The return type of a SQL function from the text after its parameters (`RETURNS INT …`, `RETURNS TABLE (c INT)`). */
function parseReturns(signature: string): { scalar: DataType | null; table: { name: string; type: DataType }[] | null } {
  const m = RETURNS.exec(signature);
  if (m === null) return { scalar: null, table: null };
  try {
    if (m[2] !== undefined) {
      const t = parseDataType(`STRUCT<${m[2]}>`);
      return { scalar: null, table: t.kind === 'struct' ? t.fields.map((f) => ({ name: f.name, type: f.type })) : [] };
    }
    return { scalar: parseDataType(m[1]!.trim()), table: null };
  } catch (e) {
    if (e instanceof SqlParseError) return { scalar: null, table: null };
    throw e;
  }
}


function columnOf(c: ColumnDefinition, timestampNtz = false): CatalogColumn {
  return { name: c.name[c.name.length - 1]!, type: timestampNtz ? defaultTimestampNtz(c.dataType) : c.dataType, nullable: !c.notNull, comment: c.comment, tags: [] };
}

function columnsOf(query: Plan): CatalogColumn[] {
  return outputOf(query).map((a) => ({ name: a.name, type: a.type, nullable: a.nullable, comment: null, tags: [] }));
}

export function createSession(options: SessionOptions = {}): Session {
  return new Session(options);
}
