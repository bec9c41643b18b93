/**
 * Spark's data types as the analyzer uses them: constants, predicates and the widening rules
 * that decide the result type of an expression over mixed inputs (Spark's TypeCoercion /
 * AnsiTypeCoercion `findTightestCommonType`, `findWiderTypeForTwo`, DecimalPrecision).
 * `unknown` is explicit: a type we do not know is never guessed.
 */
import type { DataType, PrimitiveTypeName } from '../data-type.js';

const prim = (name: PrimitiveTypeName): DataType => ({ kind: 'primitive', name });

export const T = {
  boolean: prim('boolean'),
  tinyint: prim('tinyint'),
  smallint: prim('smallint'),
  int: prim('int'),
  bigint: prim('bigint'),
  float: prim('float'),
  double: prim('double'),
  date: prim('date'),
  binary: prim('binary'),
  void: prim('void'),
  variant: prim('variant'),
  string: { kind: 'string', collation: null } as DataType,
  timestamp: { kind: 'timestamp', variant: 'timestamp', precision: null } as DataType,
  timestampNtz: { kind: 'timestamp', variant: 'timestamp_ntz', precision: null } as DataType,
  calendarInterval: { kind: 'interval', from: null, to: null } as DataType,
  unknown: { kind: 'unknown' } as DataType,
  decimal: (precision: number, scale: number): DataType => ({ kind: 'decimal', precision, scale }),
  array: (element: DataType): DataType => ({ kind: 'array', element }),
  map: (key: DataType, value: DataType): DataType => ({ kind: 'map', key, value }),
} as const;

export const MAX_DECIMAL_PRECISION = 38;

export const isUnknown = (t: DataType): boolean => t.kind === 'unknown';
export const isNull = (t: DataType): boolean => t.kind === 'primitive' && t.name === 'void';
export const isStringLike = (t: DataType): boolean => t.kind === 'string' || t.kind === 'char' || t.kind === 'varchar';
export const isBoolean = (t: DataType): boolean => t.kind === 'primitive' && t.name === 'boolean';

const INTEGRAL: readonly string[] = ['tinyint', 'smallint', 'int', 'bigint'];
const NUMERIC_ORDER: readonly string[] = ['tinyint', 'smallint', 'int', 'bigint', 'float', 'double'];

export const isIntegral = (t: DataType): boolean => t.kind === 'primitive' && INTEGRAL.includes(t.name);
export const isFractional = (t: DataType): boolean => t.kind === 'decimal' || (t.kind === 'primitive' && (t.name === 'float' || t.name === 'double'));
export const isNumeric = (t: DataType): boolean => t.kind === 'decimal' || (t.kind === 'primitive' && NUMERIC_ORDER.includes(t.name));
export const isDatetime = (t: DataType): boolean => t.kind === 'timestamp' || (t.kind === 'primitive' && t.name === 'date');

/** Structural equality of types (string collations included). */
export function sameType(a: DataType, b: DataType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'primitive':
      return a.name === (b as typeof a).name;
    case 'decimal':
      return a.precision === (b as typeof a).precision && a.scale === (b as typeof a).scale;
    case 'array':
      return sameType(a.element, (b as typeof a).element);
    case 'map':
      return sameType(a.key, (b as typeof a).key) && sameType(a.value, (b as typeof a).value);
    case 'struct': {
      const bf = (b as typeof a).fields;
      return a.fields.length === bf.length && a.fields.every((f, i) => f.name === bf[i]!.name && sameType(f.type, bf[i]!.type));
    }
    default:
      return JSON.stringify(a) === JSON.stringify(b);
  }
}

/** The decimal that holds every value of an integral type (Spark's DecimalType.forType). */
export function decimalFor(t: DataType): { precision: number; scale: number } | null {
  if (t.kind === 'decimal') return { precision: t.precision, scale: t.scale };
  if (t.kind !== 'primitive') return null;
  switch (t.name) {
    case 'tinyint':
      return { precision: 3, scale: 0 };
    case 'smallint':
      return { precision: 5, scale: 0 };
    case 'int':
      return { precision: 10, scale: 0 };
    case 'bigint':
      return { precision: 20, scale: 0 };
    case 'float':
      return { precision: 14, scale: 7 };
    case 'double':
      return { precision: 30, scale: 15 };
    default:
      return null;
  }
}

/** Spark's DecimalType.bounded: caps precision and scale at 38. */
export function boundedDecimal(precision: number, scale: number): DataType {
  return T.decimal(Math.min(precision, MAX_DECIMAL_PRECISION), Math.min(scale, MAX_DECIMAL_PRECISION));
}

/** Wider of two decimals (Spark's DecimalPrecision.widerDecimalType). */
export function widerDecimal(p1: number, s1: number, p2: number, s2: number): DataType {
  const scale = Math.max(s1, s2);
  const range = Math.max(p1 - s1, p2 - s2);
  return boundedDecimal(range + scale, scale);
}

/**
 * The type both can be widened to under ANSI rules (Spark 4's AnsiTypeCoercion
 * `findWiderTypeForTwo`, as CASE, COALESCE, IN lists and UNION use it): null when there is none
 * (DATATYPE_MISMATCH.DATA_DIFF_TYPES). An integral and a float meet in double (a float cannot
 * hold every int); a string next to a number is read as a bigint or a double; a string next to
 * a date, timestamp, boolean or binary takes that type.
 */
export function tightestCommonType(a: DataType, b: DataType): DataType | null {
  if (sameType(a, b)) return a;
  if (isUnknown(a) || isUnknown(b)) return T.unknown;
  if (isNull(a)) return b;
  if (isNull(b)) return a;
  if (isStringLike(a) && isStringLike(b)) return stringOf(a, b);
  if (isStringLike(a) || isStringLike(b)) {
    const other = isStringLike(a) ? b : a;
    if (isIntegral(other)) return T.bigint;
    if (isNumeric(other)) return T.double;
    if (isDatetime(other) || isBoolean(other) || (other.kind === 'primitive' && other.name === 'binary') || other.kind === 'interval' || other.kind === 'time') return other;
    return null;
  }
  if (isNumeric(a) && isNumeric(b)) {
    const floating = (t: DataType): boolean => t.kind === 'primitive' && (t.name === 'float' || t.name === 'double');
    if (floating(a) || floating(b)) {
      const bothFloat = a.kind === 'primitive' && a.name === 'float' && b.kind === 'primitive' && b.name === 'float';
      return bothFloat ? T.float : T.double;
    }
    if (a.kind === 'primitive' && b.kind === 'primitive') return NUMERIC_ORDER.indexOf(a.name) >= NUMERIC_ORDER.indexOf(b.name) ? a : b;
    const da = decimalFor(a)!;
    const db = decimalFor(b)!;
    return widerDecimal(da.precision, da.scale, db.precision, db.scale);
  }
  if (a.kind === 'interval' && b.kind === 'interval' && a.from !== null && b.from !== null) return widerInterval(a, b);
  if (a.kind === 'timestamp' && b.kind === 'timestamp') return a.variant === 'timestamp_ntz' ? b : a;
  if (isDatetime(a) && isDatetime(b)) return a.kind === 'timestamp' ? a : b;
  if (a.kind === 'array' && b.kind === 'array') {
    const e = tightestCommonType(a.element, b.element);
    return e === null ? null : T.array(e);
  }
  if (a.kind === 'map' && b.kind === 'map') {
    const k = tightestCommonType(a.key, b.key);
    const v = tightestCommonType(a.value, b.value);
    return k === null || v === null ? null : T.map(k, v);
  }
  if (a.kind === 'struct' && b.kind === 'struct' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const fa = a.fields[i]!;
      const fb = b.fields[i]!;
      if (fa.name.toLowerCase() !== fb.name.toLowerCase()) return null;
      const t = tightestCommonType(fa.type, fb.type);
      if (t === null) return null;
      fields.push({ ...fa, type: t, nullable: fa.nullable || fb.nullable });
    }
    return { kind: 'struct', fields };
  }
  return null;
}

/** Two strings meet in a string; an explicit collation wins over the default. */
function stringOf(a: DataType, b: DataType): DataType {
  if (a.kind === 'string' && a.collation !== null) return a;
  if (b.kind === 'string' && b.collation !== null) return b;
  return T.string;
}

/** The common type of several values (CASE branches, COALESCE, IN lists, UNION columns). */
/** commonType([a, b]), without the list (a UNION asks for every column at every level). */
export function commonTypeOf(a: DataType, b: DataType): DataType | null {
  const w = tightestCommonType(T.void, a);
  return w === null ? null : tightestCommonType(w, b);
}

export function commonType(types: readonly DataType[]): DataType | null {
  let acc: DataType = T.void;
  for (const t of types) {
    const w = tightestCommonType(acc, t);
    if (w === null) return null;
    acc = w;
  }
  return acc;
}

const UNITS = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'] as const;
const yearMonth = (u: string): boolean => u === 'YEAR' || u === 'MONTH';

/** Two ANSI intervals of one family widen to the span of both (`interval day` and `interval hour to minute` → `interval day to minute`). */
function widerInterval(a: Extract<DataType, { kind: 'interval' }>, b: Extract<DataType, { kind: 'interval' }>): DataType | null {
  if (yearMonth(a.from!) !== yearMonth(b.from!)) return null;
  const idx = (u: string): number => UNITS.indexOf(u as (typeof UNITS)[number]);
  const lo = Math.min(idx(a.from!), idx(b.from!));
  const hi = Math.max(idx(a.to ?? a.from!), idx(b.to ?? b.from!));
  return { kind: 'interval', from: UNITS[lo]!, to: hi === lo ? null : UNITS[hi]! };
}

/** Types whose common-type rules we model completely (no time, geo, interval or collation subtleties). */
export function wellModelled(t: DataType): boolean {
  switch (t.kind) {
    case 'primitive':
      return t.name !== 'variant';
    case 'decimal':
      return true;
    case 'string':
      return t.collation === null;
    case 'timestamp':
      return t.precision === null;
    case 'array':
      return wellModelled(t.element);
    case 'map':
      return wellModelled(t.key) && wellModelled(t.value);
    case 'struct':
      return t.fields.every((f) => wellModelled(f.type));
    default:
      return false;
  }
}

/**
 * `t` with every plain `TIMESTAMP` (the session-default variant) read as TIMESTAMP_NTZ, as under
 * `spark.sql.timestampType=TIMESTAMP_NTZ`; the same object when there is none.
 */
export function defaultTimestampNtz(t: DataType): DataType {
  return mapLeaves(t, (x) => (x.kind === 'timestamp' && x.variant === 'timestamp' ? { ...x, variant: 'timestamp_ntz' } : x));
}

/**
 * `t` as Spark's schema spells it: a `TIMESTAMP_LTZ` of default precision is Spark's
 * TimestampType (`timestamp`); the built-in collations are upper case (`UTF8_LCASE`).
 */
export function schemaType(t: DataType): DataType {
  return mapLeaves(t, (x) =>
    x.kind === 'timestamp' && x.variant === 'timestamp_ltz' && x.precision === null
      ? { ...x, variant: 'timestamp' }
      : x.kind === 'string' && x.collation !== null && /^(utf8_|unicode)/i.test(x.collation)
        ? { ...x, collation: x.collation.toUpperCase() }
        : x,
  );
}

/** `t` with `f` applied to each type inside it that is not an array, map or struct; the same object when `f` changes none. */
function mapLeaves(t: DataType, f: (leaf: DataType) => DataType): DataType {
  switch (t.kind) {
    case 'array': {
      const element = mapLeaves(t.element, f);
      return element === t.element ? t : { ...t, element };
    }
    case 'map': {
      const key = mapLeaves(t.key, f);
      const value = mapLeaves(t.value, f);
      return key === t.key && value === t.value ? t : { ...t, key, value };
    }
    case 'struct': {
      const fields = t.fields.map((field) => {
        const type = mapLeaves(field.type, f);
        return type === field.type ? field : { ...field, type };
      });
      return fields.every((field, i) => field === t.fields[i]) ? t : { ...t, fields };
    }
    default:
      return f(t);
  }
}
