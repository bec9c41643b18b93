/** DataType → Spark SQL type text (DDL form: struct fields keep NOT NULL and COMMENT). */
import type { DataType } from '../data-type.js';
import { quoteIdent, quoteString } from './names.js';
import { dialect } from './dialect.js';
import { duckdbType } from './duckdb.js';

export function typeToSql(t: DataType): string {
  if (dialect === 'duckdb') return duckdbType(t);
  switch (t.kind) {
    case 'primitive':
      return t.name.toUpperCase();
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
    case 'char':
    case 'varchar':
      return `${t.kind.toUpperCase()}(${t.length})` + (t.collation === null ? '' : ` COLLATE ${t.collation}`);
    case 'string':
      return t.collation === null ? 'STRING' : `STRING COLLATE ${t.collation}`;
    case 'array':
      return `ARRAY<${typeToSql(t.element)}>`;
    case 'map':
      return `MAP<${typeToSql(t.key)}, ${typeToSql(t.value)}>`;
    case 'struct':
      return `STRUCT<${t.fields
        .map((f) => `${quoteIdent(f.name)}: ${typeToSql(f.type)}${f.nullable ? '' : ' NOT NULL'}${f.comment === null ? '' : ` COMMENT ${quoteString(f.comment)}`}`)
        .join(', ')}>`;
    case 'interval':
      return t.from === null ? 'INTERVAL' : t.to === null ? `INTERVAL ${t.from}` : `INTERVAL ${t.from} TO ${t.to}`;
    case 'timestamp':
      return t.variant.toUpperCase() + (t.precision === null ? '' : `(${t.precision})`);
    case 'geometry':
    case 'geography':
      return `${t.kind.toUpperCase()}(${t.srid})`;
    case 'time':
      return t.precision === null ? 'TIME' : `TIME(${t.precision})`;
    case 'other':
      return t.params.length === 0 ? t.name : `${t.name}(${t.params.join(',')})`;
    case 'unknown':
      // Only the analyzer makes this type, and it never writes it into a CAST.
      throw new Error('The unknown type has no SQL form');
  }
}
