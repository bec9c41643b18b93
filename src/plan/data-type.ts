/**
 * Spark data types as written in SQL. `typeToString` gives Spark's simple-string form
 * (`int`, `decimal(10,2)`, `array<string>`, `struct<a:int>`), which is also valid DDL.
 */

export type DataType =
  | { readonly kind: 'primitive'; readonly name: PrimitiveTypeName }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  | { readonly kind: 'char' | 'varchar'; readonly length: number; readonly collation: string | null }
  | { readonly kind: 'string'; readonly collation: string | null }
  | { readonly kind: 'array'; readonly element: DataType }
  | { readonly kind: 'map'; readonly key: DataType; readonly value: DataType }
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] }
  | { readonly kind: 'interval'; readonly from: IntervalUnit | null; readonly to: IntervalUnit | null }
  /**
   * `TIMESTAMP` follows the session's default; `WITH LOCAL TIME ZONE` is `timestamp_ltz` and
   * `WITHOUT TIME ZONE` `timestamp_ntz`. Precision 6 is the default (Spark maps it to the plain
   * type), so it is kept as null; 0-9 otherwise (nanosecond types).
   */
  | { readonly kind: 'timestamp'; readonly variant: 'timestamp' | 'timestamp_ntz' | 'timestamp_ltz'; readonly precision: number | null }
  /** `GEOMETRY(4326)`, `GEOGRAPHY(ANY)`. */
  | { readonly kind: 'geometry' | 'geography'; readonly srid: number | 'ANY' }
  | { readonly kind: 'time'; readonly precision: number | null }
  /** A type name Spark's grammar accepts but that has no meaning to us yet (kept verbatim). */
  | { readonly kind: 'other'; readonly name: string; readonly params: readonly number[] }
  /** The analyzer's answer where it does not know a type; never written in SQL. */
  | { readonly kind: 'unknown' };

export type PrimitiveTypeName =
  | 'boolean'
  | 'tinyint'
  | 'smallint'
  | 'int'
  | 'bigint'
  | 'float'
  | 'double'
  | 'date'
  | 'binary'
  | 'void'
  | 'variant';

export type IntervalUnit = 'YEAR' | 'MONTH' | 'DAY' | 'HOUR' | 'MINUTE' | 'SECOND';

export interface StructField {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  readonly comment: string | null;
}

/** Spark's `simpleString` of a type. */
export function typeToString(t: DataType): string {
  switch (t.kind) {
    case 'primitive':
      return t.name;
    case 'decimal':
      return `decimal(${t.precision},${t.scale})`;
    case 'char':
    case 'varchar':
      return `${t.kind}(${t.length})` + (t.collation === null ? '' : ` collate ${t.collation}`);
    case 'string':
      return t.collation === null ? 'string' : `string collate ${t.collation}`;
    case 'array':
      return `array<${typeToString(t.element)}>`;
    case 'map':
      return `map<${typeToString(t.key)},${typeToString(t.value)}>`;
    case 'struct':
      return `struct<${t.fields.map((f) => `${quoteFieldName(f.name)}:${typeToString(f.type)}`).join(',')}>`;
    case 'interval':
      if (t.from === null) return 'interval';
      return t.to === null || t.to === t.from
        ? `interval ${t.from.toLowerCase()}`
        : `interval ${t.from.toLowerCase()} to ${t.to.toLowerCase()}`;
    case 'timestamp':
      return t.precision === null ? t.variant : `${t.variant}(${t.precision})`;
    case 'geometry':
    case 'geography':
      return `${t.kind}(${t.srid})`;
    case 'time':
      return t.precision === null ? 'time' : `time(${t.precision})`;
    case 'other':
      return t.params.length === 0 ? t.name : `${t.name}(${t.params.join(',')})`;
    case 'unknown':
      return 'unknown';
  }
}

function quoteFieldName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}
