/**
 * The in-memory catalog: databases, tables and views, functions. Built from the catalog JSON
 * (`createCatalog`), validated with zod; every problem is reported with its JSON path.
 *
 * Table and database names are case-insensitive, as in Spark's session catalog (the Hive
 * metastore lower-cases them); the case of column names is the analyzer's business.
 * A session works on a `fork()`: DDL it runs changes the fork, never the catalog it came from.
 */
import { parseDataType } from '../../parser/parser.js';
import { SqlParseError } from '../../parser/errors.js';
import type { DataType } from '../data-type.js';
import type { TableIdentifier } from '../resolved.js';
import { CatalogError, type DocumentIssue } from '../analysis/errors.js';
import { describeIssue } from './document-issues.js';
import { CatalogSchema, type CatalogJson } from './schema.js';

export const SESSION_CATALOG = 'spark_catalog';
export const DEFAULT_DATABASE = 'default';

export interface CatalogColumn {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  readonly comment: string | null;
  readonly tags: readonly string[];
}

export interface CatalogTable {
  readonly identifier: TableIdentifier;
  readonly type: 'managed' | 'external' | 'view';
  readonly format: string | null;
  readonly location: string | null;
  readonly owner: string | null;
  readonly tags: readonly string[];
  readonly properties: Readonly<Record<string, string>>;
  readonly columns: readonly CatalogColumn[];
  readonly partitionColumns: readonly string[];
  /** A view's SQL text. */
  readonly viewText: string | null;
  /** For a view: the current database when it was created, which its text resolves against. */
  readonly viewDatabase?: string | null;
}

export interface CatalogDatabase {
  readonly name: string;
  readonly location: string | null;
  readonly owner: string | null;
}

export interface CatalogFunction {
  readonly name: string;
  readonly safe: boolean;
  readonly returns: DataType | null;
  /** A SQL function (`CREATE FUNCTION f(a INT) RETURNS … RETURN …`): its parameters and body. */
  readonly sql?: {
    readonly parameters: readonly { readonly name: string; readonly type: DataType; readonly hasDefault: boolean }[];
    /** The columns of `RETURNS TABLE (…)`; null for a scalar function. */
    readonly table: readonly { readonly name: string; readonly type: DataType }[] | null;
    readonly body: string;
    readonly temporary: boolean;
  };
}

const key = (s: string): string => s.toLowerCase();
const tableKey = (db: string, name: string): string => `${key(db)}\u0000${key(name)}`;
const DROPPED = null;

export class Catalog {
  // Own entries; a `null` marks an entry dropped in this fork.
  private readonly databases = new Map<string, CatalogDatabase | null>();
  private readonly tables = new Map<string, CatalogTable | null>();
  private readonly functions = new Map<string, CatalogFunction | null>();

  constructor(private readonly parent: Catalog | null = null) {}

  /** A catalog that starts as this one and takes changes of its own. */
  fork(): Catalog {
    return new Catalog(this);
  }

  getDatabase(name: string): CatalogDatabase | undefined {
    const own = this.databases.get(key(name));
    if (own !== undefined) return own ?? undefined;
    return this.parent?.getDatabase(name);
  }

  databaseExists(name: string): boolean {
    return this.getDatabase(name) !== undefined;
  }

  createDatabase(db: CatalogDatabase): void {
    this.databases.set(key(db.name), db);
  }

  dropDatabase(name: string): void {
    this.databases.set(key(name), DROPPED);
  }

  getTable(database: string, name: string): CatalogTable | undefined {
    const own = this.tables.get(tableKey(database, name));
    if (own !== undefined) return own ?? undefined;
    return this.parent?.getTable(database, name);
  }

  putTable(table: CatalogTable): void {
    const db = table.identifier.database ?? DEFAULT_DATABASE;
    if (!this.databaseExists(db)) this.createDatabase({ name: db, location: null, owner: null });
    this.tables.set(tableKey(db, table.identifier.name), table);
  }

  dropTable(database: string, name: string): void {
    this.tables.set(tableKey(database, name), DROPPED);
  }

  /** The databases' names, sorted. */
  listDatabases(): string[] {
    const out = new Map<string, string>();
    const collect = (c: Catalog): void => {
      if (c.parent !== null) collect(c.parent);
      for (const [k, d] of c.databases) {
        if (d === null) out.delete(k);
        else out.set(k, d.name);
      }
    };
    collect(this);
    return [...out.values()].sort();
  }

  /** Tables and views of a database, sorted by name. */
  listTables(database: string): CatalogTable[] {
    const out = new Map<string, CatalogTable>();
    const collect = (c: Catalog): void => {
      if (c.parent !== null) collect(c.parent);
      for (const [k, t] of c.tables) {
        if (!k.startsWith(key(database) + '\u0000')) continue;
        if (t === null) out.delete(k);
        else out.set(k, t);
      }
    };
    collect(this);
    return [...out.values()].sort((a, b) => (a.identifier.name < b.identifier.name ? -1 : 1));
  }

  getFunction(name: string): CatalogFunction | undefined {
    const own = this.functions.get(key(name));
    if (own !== undefined) return own ?? undefined;
    return this.parent?.getFunction(name);
  }

  putFunction(f: CatalogFunction): void {
    this.functions.set(key(f.name), f);
  }

  dropFunction(name: string): void {
    this.functions.set(key(name), DROPPED);
  }
}

/** Name parts as written (`t`, `db.t`, `cat.db.t`) → a table identifier, `t` in `currentDatabase`. */
export function tableIdentifier(parts: readonly string[], currentDatabase: string): TableIdentifier {
  if (parts.length === 1) return { catalog: SESSION_CATALOG, database: currentDatabase, name: parts[0]! };
  if (parts.length === 2) return { catalog: SESSION_CATALOG, database: parts[0]!, name: parts[1]! };
  return { catalog: parts[0]!, database: parts[1]!, name: parts[parts.length - 1]! };
}

/** Splits `db.t` / `catalog.db.t` / `t` into an identifier (backquotes allowed: `` `my db`.t ``). */
export function splitTableName(name: string): TableIdentifier | null {
  const parts: string[] = [];
  const re = /\s*(?:`((?:[^`]|``)*)`|([^.`\s]+))\s*(\.|$)/y;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < name.length && (m = re.exec(name)) !== null) {
    parts.push(m[1] !== undefined ? m[1].replace(/``/g, '`') : m[2]!);
    at = re.lastIndex;
    if (m[3] === '') break;
  }
  if (at !== name.length || parts.length === 0 || parts.length > 3) return null;
  if (parts.length === 1) return { catalog: SESSION_CATALOG, database: DEFAULT_DATABASE, name: parts[0]! };
  if (parts.length === 2) return { catalog: SESSION_CATALOG, database: parts[0]!, name: parts[1]! };
  return { catalog: parts[0]!, database: parts[1]!, name: parts[2]! };
}

/**
 * Builds a catalog from its JSON (an object or JSON text). Throws `CatalogError` listing every
 * problem with its JSON path; nothing is half-built.
 */
export function createCatalog(input: unknown): Catalog {
  let doc: unknown = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new CatalogError([{ path: '$', message: `not valid JSON: ${(e as Error).message}` }]);
    }
  }
  const parsed = CatalogSchema.safeParse(doc ?? {});
  if (!parsed.success) {
    throw new CatalogError(parsed.error.issues.map((i) => describeIssue(i as Parameters<typeof describeIssue>[0])));
  }
  return buildCatalog(parsed.data);
}

function buildCatalog(json: CatalogJson): Catalog {
  const issues: DocumentIssue[] = [];
  const catalog = new Catalog();
  catalog.createDatabase({ name: DEFAULT_DATABASE, location: null, owner: null });
  (json.databases ?? []).forEach((d, i) => {
    if (catalog.getDatabase(d.name) !== undefined && key(d.name) !== DEFAULT_DATABASE) {
      issues.push({ path: `$.databases[${i}].name`, message: `duplicate database ${d.name}` });
    }
    catalog.createDatabase({ name: d.name, location: d.location ?? null, owner: d.owner ?? null });
  });
  const seen = new Set<string>();
  (json.tables ?? []).forEach((t, i) => {
    const path = `$.tables[${i}]`;
    const id = splitTableName(t.name);
    if (id === null) {
      issues.push({ path: `${path}.name`, message: `not a table name: ${JSON.stringify(t.name)} (expected db.table)` });
      return;
    }
    const k = `${key(id.catalog ?? '')}.${key(id.database ?? '')}.${key(id.name)}`;
    if (seen.has(k)) issues.push({ path: `${path}.name`, message: `duplicate table ${t.name}` });
    seen.add(k);
    const isView = t.type === 'view' || t.viewText !== undefined;
    if (isView && t.viewText === undefined) issues.push({ path: `${path}.viewText`, message: 'a view needs its viewText' });
    if (!isView && t.columns === undefined) issues.push({ path: `${path}.columns`, message: 'a table needs its columns' });
    const columns: CatalogColumn[] = [];
    const names = new Set<string>();
    (t.columns ?? []).forEach((c, j) => {
      const type = parseType(c.type, `${path}.columns[${j}].type`, issues);
      if (names.has(key(c.name))) issues.push({ path: `${path}.columns[${j}].name`, message: `duplicate column ${c.name}` });
      names.add(key(c.name));
      if (type !== null) columns.push({ name: c.name, type, nullable: c.nullable ?? true, comment: c.comment ?? null, tags: c.tags ?? [] });
    });
    (t.partitionColumns ?? []).forEach((p, j) => {
      if (!names.has(key(p))) issues.push({ path: `${path}.partitionColumns[${j}]`, message: `no column ${p}` });
    });
    catalog.putTable({
      identifier: id,
      type: isView ? 'view' : (t.type ?? 'managed'),
      format: t.format ?? null,
      location: t.location ?? null,
      owner: t.owner ?? null,
      tags: t.tags ?? [],
      properties: t.properties ?? {},
      columns,
      partitionColumns: t.partitionColumns ?? [],
      viewText: t.viewText ?? null,
      viewDatabase: isView ? id.database : null,
    });
  });
  (json.functions ?? []).forEach((f, i) => {
    const returns = f.returns === undefined ? null : parseType(f.returns, `$.functions[${i}].returns`, issues);
    catalog.putFunction({ name: f.name, safe: f.safe ?? false, returns });
  });
  if (issues.length > 0) throw new CatalogError(issues);
  return catalog;
}

function parseType(text: string, path: string, issues: DocumentIssue[]): DataType | null {
  try {
    return parseDataType(text);
  } catch (e) {
    if (!(e instanceof SqlParseError)) throw e;
    issues.push({ path, message: `not a Spark type: ${JSON.stringify(text)} (${e.message.split('\n')[0]})` });
    return null;
  }
}
