/**
 * The type and nullability of a resolved expression, derived from its children as Spark's
 * expressions derive `dataType` and `nullable` under ANSI mode (Spark 4's default). Implicit
 * casts are not written into the tree; their effect on result types is computed here (types.ts
 * holds the widening rules). `checkExpression` raises the DATATYPE_MISMATCH errors Spark's
 * `checkInputDataTypes` raises for operators, where the types tell us for sure.
 */
import type { DataType } from '../data-type.js';
import { typeToString } from '../data-type.js';
import type { BinaryOperator, Expression } from '../expression.js';
import type { Plan } from '../logical.js';
import { AnalysisError } from './errors.js';
import { outputOf } from './output.js';
import { DerivedCache } from './derived-cache.js';
import { intervalFromParts, intervalFromString, intervalType } from './interval-text.js';
import {
  sameType,
  wellModelled,
  T,
  commonType,
  decimalFor,
  boundedDecimal,
  isDatetime,
  isIntegral,
  isNumeric,
  isUnknown,
  isNull,
  isStringLike,
  tightestCommonType,
  MAX_DECIMAL_PRECISION,
} from './types.js';

const cache = new DerivedCache<Expression, DataType>(4096);

/**
 * Records the type of a node built as a copy of one whose type is known (a policy template bound
 * to a column of the same type), so that it is not derived again. Nodes that carry their type
 * (columns, resolved calls, casts) are read directly and need no record.
 */
export function knownType(e: Expression, t: DataType): void {
  cache.set(e, t);
}

export function typeOf(e: Expression): DataType {
  // Nodes that carry their type are not cached: a WeakMap entry per column costs more (in the
  // lookup and in the collector's ephemeron work) than reading the field.
  switch (e.kind) {
    case 'AttributeRef':
    case 'LambdaVariable':
    case 'ResolvedFunction':
    case 'Cast':
      return e.type;
    case 'OuterReference':
      return e.attr.type;
    case 'Alias':
      return typeOf(e.child);
  }
  let t = cache.get(e);
  if (t === undefined) {
    t = computeType(e);
    cache.set(e, t);
  }
  return t;
}

const isInterval = (t: DataType): t is Extract<DataType, { kind: 'interval' }> => t.kind === 'interval';
const isYearMonth = (t: DataType): boolean => t.kind === 'interval' && (t.from === 'YEAR' || t.from === 'MONTH');
const isDayTime = (t: DataType): boolean => t.kind === 'interval' && t.from !== null && !isYearMonth(t);
const isFloating = (t: DataType): boolean => t.kind === 'primitive' && (t.name === 'float' || t.name === 'double');

function computeType(e: Expression): DataType {
  switch (e.kind) {
    case 'AttributeRef':
    case 'LambdaVariable':
      return e.type;
    case 'OuterReference':
      return e.attr.type;
    case 'ResolvedFunction':
      return e.type;
    case 'Alias':
      return typeOf(e.child);
    case 'Literal':
      return literalType(e);
    case 'IntervalLiteral': {
      const v = intervalFromParts(e.parts);
      return v === null ? T.calendarInterval : intervalType(v);
    }
    case 'Cast':
      return e.type;
    case 'BinaryOp':
      return binaryType(e.op, typeOf(e.left), typeOf(e.right));
    case 'UnaryOp': {
      if (e.op === 'NOT') return T.boolean;
      const t = typeOf(e.child);
      // ANSI: a string negated is a double (`- '1'`).
      return e.op !== '~' && isStringLike(t) ? T.double : t;
    }
    case 'IsOp':
    case 'In':
    case 'InSubquery':
    case 'Exists':
    case 'Like':
    case 'LikeQuantified':
    case 'RLike':
    case 'Between':
      return T.boolean;
    case 'Case':
      return commonType([...e.branches.map((b) => typeOf(b.then)), ...(e.otherwise === null ? [] : [typeOf(e.otherwise)])]) ?? T.unknown;
    case 'FieldAccess':
      return fieldType(typeOf(e.child), e.field);
    case 'Subscript': {
      const c = typeOf(e.child);
      if (c.kind === 'array') return c.element;
      if (c.kind === 'map') return c.value;
      return T.unknown;
    }
    case 'WindowExpression':
      return typeOf(e.function);
    case 'LambdaFunction':
      return typeOf(e.body);
    case 'NamedArgument':
      return typeOf(e.value);
    case 'Collate':
      return { kind: 'string', collation: e.collation[e.collation.length - 1]!.toUpperCase() };
    case 'Extract':
      return extractFieldType(e.field, typeOf(e.source));
    case 'TimestampArithmetic':
      if (e.op === 'DIFF') return T.bigint;
      return timestampAddType(typeOf(e.right));
    case 'SemiStructuredExtract':
      return T.variant;
    case 'Row':
      return { kind: 'struct', fields: e.items.map((x, i) => ({ name: `col${i + 1}`, type: typeOf(x), nullable: nullableOf(x), comment: null })) };
    case 'ScalarSubquery':
      // The type of the subquery's one column (unknown before analysis, when it has no output yet).
      return scalarSubqueryType(e.query);
    default:
      // Unresolved kinds have no type.
      return T.unknown;
  }
}

function scalarSubqueryType(query: Plan): DataType {
  try {
    return outputOf(query)[0]?.type ?? T.unknown;
  } catch {
    return T.unknown;
  }
}

/** `s.f` on a struct, `m.k` on a map, `arr.f` on an array of structs (an array of the field). */
function fieldType(c: DataType, name: string): DataType {
  const find = (t: DataType): DataType | undefined =>
    t.kind === 'struct' ? (t.fields.find((f) => f.name === name) ?? t.fields.find((f) => f.name.toLowerCase() === name.toLowerCase()))?.type : undefined;
  if (c.kind === 'struct') return find(c) ?? T.unknown;
  if (c.kind === 'map') return c.value;
  if (c.kind === 'array' && c.element.kind === 'struct') {
    const f = find(c.element);
    return f === undefined ? T.unknown : T.array(f);
  }
  return T.unknown;
}

/** TIMESTAMPADD keeps the timestamp's type; a date becomes a timestamp. */
function timestampAddType(t: DataType): DataType {
  if (t.kind === 'timestamp') return t;
  if (isUnknown(t)) return T.unknown;
  return T.timestamp;
}

export function nullableOf(e: Expression): boolean {
  switch (e.kind) {
    case 'AttributeRef':
    case 'LambdaVariable':
      return e.nullable;
    case 'OuterReference':
      return e.attr.nullable;
    case 'ResolvedFunction':
      return e.nullable;
    case 'Alias':
      return nullableOf(e.child);
    case 'Literal':
      return e.value === null;
    case 'IntervalLiteral':
    case 'Exists':
      return false;
    case 'IsOp':
      return false;
    case 'UnaryOp':
      return nullableOf(e.child);
    case 'Cast':
      return e.mode === 'try_cast' || nullableOf(e.child);
    case 'BinaryOp':
      // Division and remainder by zero are errors under ANSI, so only null inputs give null.
      return e.op === '<=>' ? false : nullableOf(e.left) || nullableOf(e.right);
    case 'Like':
    case 'RLike':
      return nullableOf(e.value) || nullableOf(e.pattern);
    case 'Between':
      return nullableOf(e.value) || nullableOf(e.low) || nullableOf(e.high);
    case 'In':
      return nullableOf(e.value) || e.list.some(nullableOf);
    case 'Case':
      return e.otherwise === null || nullableOf(e.otherwise) || e.branches.some((b) => nullableOf(b.then));
    case 'LambdaFunction':
      return nullableOf(e.body);
    case 'Collate':
      return nullableOf(e.child);
    default:
      return true;
  }
}

// ---- literals ---------------------------------------------------------------------------------

/** The type of a decimal literal's digits: 1.50 → decimal(3,2), 1e3 → decimal(4,0). */
export function decimalLiteralType(text: string): DataType {
  const t = text.replace(/^[-+]/, '').toLowerCase();
  const [mantissa, exp] = t.split('e') as [string, string | undefined];
  const [intPart, frac = ''] = mantissa.split('.') as [string, string | undefined];
  let scale = frac.length - (exp === undefined ? 0 : Number(exp));
  const digits = (intPart + frac).replace(/^0+/, '') || '0';
  let precision = digits.length;
  if (scale < 0) {
    precision -= scale;
    scale = 0;
  }
  precision = Math.max(precision, scale);
  if (precision === 0) precision = 1;
  return precision > MAX_DECIMAL_PRECISION ? T.double : T.decimal(precision, scale);
}

function literalType(e: Extract<Expression, { kind: 'Literal' }>): DataType {
  switch (e.type) {
    case 'null':
      return T.void;
    case 'boolean':
      return T.boolean;
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint':
    case 'float':
    case 'double':
    case 'date':
    case 'binary':
      return { kind: 'primitive', name: e.type };
    case 'decimal':
      return decimalLiteralType(String(e.value));
    case 'string':
      return T.string;
    case 'timestamp':
    case 'timestamp_ltz':
    case 'timestamp_ntz': {
      // More than six fraction digits make a nanosecond timestamp (`timestamp_ltz(9)`).
      const nanos = e.type !== 'timestamp' && /\.\d{7,}/.test(String(e.value));
      if (nanos) return { kind: 'timestamp', variant: e.type === 'timestamp_ntz' ? 'timestamp_ntz' : 'timestamp_ltz', precision: 9 };
      return e.type === 'timestamp_ntz' ? T.timestampNtz : T.timestamp;
    }
    case 'time':
      return { kind: 'time', precision: timePrecision(String(e.value)) };
    case 'interval': {
      // `INTERVAL '1 day 2 hours'` is read as an ANSI interval when its units allow.
      const v = intervalFromString(String(e.value));
      return v === null ? T.calendarInterval : intervalType(v);
    }
  }
}

/** A TIME literal's precision is that of its fraction, at least 6 (Spark's default). */
function timePrecision(text: string): number {
  const m = /\.(\d+)/.exec(text);
  return Math.max(6, m === null ? 0 : m[1]!.length);
}

// ---- EXTRACT / date_part ----------------------------------------------------------------------

const FIELD_ALIASES: Readonly<Record<string, string>> = {
  Y: 'YEAR', YEARS: 'YEAR', YR: 'YEAR', YRS: 'YEAR',
  MON: 'MONTH', MONS: 'MONTH', MONTHS: 'MONTH',
  D: 'DAY', DAYS: 'DAY',
  H: 'HOUR', HOURS: 'HOUR', HR: 'HOUR', HRS: 'HOUR',
  M: 'MINUTE', MIN: 'MINUTE', MINS: 'MINUTE', MINUTES: 'MINUTE',
  S: 'SECOND', SEC: 'SECOND', SECONDS: 'SECOND', SECS: 'SECOND',
};

/** The type of `EXTRACT(field FROM source)`: int for most fields, decimal(8,6) for seconds, smaller types for interval parts. */
export function extractFieldType(field: string, source: DataType): DataType {
  const f = FIELD_ALIASES[field.toUpperCase()] ?? field.toUpperCase();
  if (isUnknown(source)) return T.unknown;
  if (isInterval(source)) {
    switch (f) {
      case 'YEAR':
      case 'DAY':
        return T.int;
      case 'MONTH':
      case 'HOUR':
      case 'MINUTE':
        return T.tinyint;
      case 'SECOND':
        return T.decimal(8, 6);
      default:
        return T.unknown;
    }
  }
  return f === 'SECOND' ? T.decimal(8, 6) : T.int;
}

// ---- operators --------------------------------------------------------------------------------

function binaryType(op: BinaryOperator, l: DataType, r: DataType): DataType {
  switch (op) {
    case 'AND':
    case 'OR':
    case '=':
    case '<=>':
    case '<>':
    case '<':
    case '<=':
    case '>':
    case '>=':
      return T.boolean;
    case '||':
      if (l.kind === 'array' || r.kind === 'array') return tightestCommonType(l, r) ?? T.unknown;
      if (l.kind === 'primitive' && l.name === 'binary' && r.kind === 'primitive' && r.name === 'binary') return T.binary;
      return l.kind === 'string' && l.collation !== null ? l : r.kind === 'string' && r.collation !== null ? r : T.string;
    case '&':
    case '|':
    case '^':
      return bitwiseType(l, r);
    case '<<':
    case '>>':
    case '>>>':
      return isUnknown(l) ? T.unknown : isIntegral(l) ? (l.kind === 'primitive' && (l.name === 'tinyint' || l.name === 'smallint') ? T.int : l) : T.unknown;
    default:
      return arithmeticType(op, l, r);
  }
}

function bitwiseType(l: DataType, r: DataType): DataType {
  if (isUnknown(l) || isUnknown(r)) return T.unknown;
  const t = tightestCommonType(isNull(l) ? r : l, isNull(r) ? l : r);
  return t !== null && (isIntegral(t) || isNull(t)) ? t : T.unknown;
}

/** ANSI: a string operand of arithmetic is read as a bigint next to an integral, as a double otherwise. */
function promoteString(s: DataType, other: DataType): DataType {
  if (!isStringLike(s)) return s;
  if (isIntegral(other)) return T.bigint;
  if (isDatetime(other) || isInterval(other)) return s;
  return T.double;
}

/**
 * The result type of `+ - * / % DIV` and their function forms (try_add, pmod, …) under ANSI
 * rules: DecimalPrecision for decimals, double for `/` on non-decimals, datetime and interval
 * arithmetic, strings promoted.
 */
export function arithmeticType(op: string, l0: DataType, r0: DataType): DataType {
  if (isUnknown(l0) || isUnknown(r0)) return T.unknown;
  const l = promoteString(l0, r0);
  const r = promoteString(r0, l0);
  const dt = datetimeArithmetic(op, l, r);
  if (dt !== undefined) return dt;
  if (op === 'DIV') return T.bigint;
  if (isNull(l) && isNull(r)) return op === '/' ? T.double : T.void;
  if (isStringLike(l) && isStringLike(r)) return T.double;
  const ln = isNull(l) ? r : l;
  const rn = isNull(r) ? l : r;
  if (!isNumeric(ln) || !isNumeric(rn)) return T.unknown;
  if (isFloating(ln) || isFloating(rn)) {
    if (op === '/') return T.double;
    if (ln.kind === 'decimal' || rn.kind === 'decimal') return T.double;
    return tightestCommonType(ln, rn) ?? T.unknown;
  }
  if (ln.kind === 'decimal' || rn.kind === 'decimal') return decimalArithmetic(op, ln, rn);
  if (op === '/') return T.double;
  return tightestCommonType(ln, rn) ?? T.unknown;
}

/** Date, timestamp and interval arithmetic; undefined when neither side is one of those. */
function datetimeArithmetic(op: string, l: DataType, r: DataType): DataType | undefined {
  const ld = isDatetime(l) || l.kind === 'time';
  const rd = isDatetime(r) || r.kind === 'time';
  const li = isInterval(l);
  const ri = isInterval(r);
  if (!ld && !rd && !li && !ri) return undefined;
  const isDate = (t: DataType): boolean => t.kind === 'primitive' && t.name === 'date';
  if (op === '+' || op === '-') {
    if (ld && rd && op === '-') {
      if (isDate(l) && isDate(r)) return { kind: 'interval', from: 'DAY', to: null };
      if (l.kind === 'time' && r.kind === 'time') return { kind: 'interval', from: 'HOUR', to: 'SECOND' };
      return { kind: 'interval', from: 'DAY', to: 'SECOND' };
    }
    const [d, other] = ld ? [l, r] : rd && op === '+' ? [r, l] : [null, null];
    if (d !== null && other !== null) {
      if (isIntegral(other) || isNull(other) || isStringLike(other)) return isDate(d) ? T.date : T.unknown;
      if (isInterval(other)) {
        if (isDate(d)) return isYearMonth(other) ? T.date : other.from === 'DAY' && (other.to === null || other.to === 'DAY') ? T.date : T.timestamp;
        if (d.kind === 'time') return d;
        return d;
      }
      return T.unknown;
    }
    if (li && ri) return tightestCommonType(l, r) ?? T.unknown;
    if (li && (isNull(r) || isStringLike(r))) return l;
    if (ri && isNull(l)) return r;
    return T.unknown;
  }
  if (op === '*') {
    if (li && (isNumeric(r) || isNull(r))) return l;
    if (ri && (isNumeric(l) || isNull(l))) return r;
    return T.unknown;
  }
  if (op === '/') {
    if (li && (isNumeric(r) || isNull(r))) return l;
    return T.unknown;
  }
  return T.unknown;
}

/** Spark's DecimalPrecision result types (with precision loss allowed, the default). */
function decimalArithmetic(op: string, l: DataType, r: DataType): DataType {
  const a = decimalFor(l);
  const b = decimalFor(r);
  if (a === null || b === null) return T.unknown;
  const { precision: p1, scale: s1 } = a;
  const { precision: p2, scale: s2 } = b;
  switch (op) {
    case '+':
    case '-': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
    case '*':
      return adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
    case '/': {
      const scale = Math.max(6, s1 + p2 + 1);
      return adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
    }
    case '%': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
    default:
      return boundedDecimal(Math.max(p1, p2), Math.max(s1, s2));
  }
}

/** Spark's DecimalType.adjustPrecisionScale: keeps at least 6 digits of scale when precision overflows. */
export function adjustPrecisionScale(precision: number, scale: number): DataType {
  if (precision <= MAX_DECIMAL_PRECISION) return T.decimal(precision, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, 6);
  const adjustedScale = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale);
  return T.decimal(MAX_DECIMAL_PRECISION, adjustedScale);
}

// ---- input type checks --------------------------------------------------------------------------

const COMPARISONS: readonly string[] = ['=', '<=>', '<>', '<', '<=', '>', '>='];

/** Whether Spark (ANSI) can compare values of these two types, implicit casts included. */
export function comparable(l: DataType, r: DataType): boolean {
  if (isUnknown(l) || isUnknown(r) || isNull(l) || isNull(r)) return true;
  if (tightestCommonType(l, r) !== null) return true;
  // A string compares with any atomic type by an implicit cast of the string (binary excepted).
  if (isStringLike(l) && atomic(r)) return true;
  if (isStringLike(r) && atomic(l)) return true;
  if (isNumeric(l) && isNumeric(r)) return true;
  if (isDatetime(l) && isDatetime(r)) return true;
  if (l.kind === 'array' && r.kind === 'array') return comparable(l.element, r.element);
  if (l.kind === 'map' && r.kind === 'map') return comparable(l.key, r.key) && comparable(l.value, r.value);
  if (l.kind === 'struct' && r.kind === 'struct') return comparableFields(l.fields, r.fields);
  return false;
}

// Module-level, apart from `comparable`: closures there would be made (and a context for the
// one reading `r`) on every call, once per comparison of a query.
const atomic = (t: DataType): boolean => t.kind !== 'array' && t.kind !== 'map' && t.kind !== 'struct' && t.kind !== 'other';

function comparableFields(l: readonly { readonly type: DataType }[], r: readonly { readonly type: DataType }[]): boolean {
  return l.length === r.length && l.every((f, i) => comparable(f.type, r[i]!.type));
}

function sqlOf(t: DataType): string {
  return `"${typeToString(t).toUpperCase()}"`;
}

/**
 * Raises Spark's DATATYPE_MISMATCH error for an operator whose operand types cannot work
 * (only the cases we are sure of): comparisons of incomparable types, boolean operators on
 * non-booleans.
 */
export function checkExpression(e: Expression): void {
  if (e.kind === 'BinaryOp' && COMPARISONS.includes(e.op)) {
    const l = typeOf(e.left);
    const r = typeOf(e.right);
    if (!comparable(l, r)) {
      throw binaryMismatch(l, r, null, '');
    }
  } else if (e.kind === 'BinaryOp' && ARITHMETIC.includes(e.op)) {
    checkArithmetic(e.op, typeOf(e.left), typeOf(e.right));
  } else if (e.kind === 'Case') {
    const types = [...e.branches.map((b) => typeOf(b.then)), ...(e.otherwise === null ? [] : [typeOf(e.otherwise)])];
    checkCommonType(types, 'CASE');
  } else if (e.kind === 'In') {
    checkCommonType([typeOf(e.value), ...e.list.map(typeOf)], 'IN');
  }
}

const ARITHMETIC: readonly string[] = ['+', '-', '*', '/', '%', 'DIV'];

/**
 * Spark's BinaryArithmetic input check, after implicit casts: operands of different types are
 * BINARY_OP_DIFF_TYPES, one type the operator does not take is BINARY_OP_WRONG_TYPE.
 */
export function checkArithmetic(op: string, l: DataType, r: DataType): void {
  if (isUnknown(l) || isUnknown(r) || !isUnknown(arithmeticType(op, l, r))) return;
  if (!certainlyInvalid(op, l, r)) return;
  const promote = (a: DataType, b: DataType): DataType => (isNull(a) ? b : isStringLike(a) && !isStringLike(b) && b.kind !== 'array' && b.kind !== 'map' && b.kind !== 'struct' ? b : a);
  const lp = promote(l, r);
  const rp = promote(r, l);
  throw binaryMismatch(l, r, sameType(lp, rp) ? lp : null, op);
}

/** BINARY_OP_WRONG_TYPE when both operands have the type `wrong` the operator does not take, else BINARY_OP_DIFF_TYPES. */
function binaryMismatch(l: DataType, r: DataType, wrong: DataType | null, op: string): AnalysisError {
  const head = 'Cannot resolve due to data type mismatch: the';
  return new AnalysisError(
    wrong !== null ? 'DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE' : 'DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES',
    wrong !== null
      ? `${head} binary operator ${op} requires numeric or interval input, not ${sqlOf(wrong)}.`
      : `${head} left and right operands of the binary operator have incompatible types (${sqlOf(l)} and ${sqlOf(r)}).`,
    { left: typeToString(l), right: typeToString(r) },
  );
}

const NON_ARITHMETIC = (t: DataType): boolean =>
  t.kind === 'array' || t.kind === 'map' || t.kind === 'struct' || (t.kind === 'primitive' && (t.name === 'binary' || t.name === 'boolean'));

/**
 * Only combinations we are sure Spark refuses: a binary, boolean or complex operand, or a date
 * or timestamp with a fractional number (or with any number outside + and -). Interval, time and
 * string-to-datetime arithmetic have more rules than we model, so they are never refused here.
 */
function certainlyInvalid(op: string, l: DataType, r: DataType): boolean {
  if (isNull(l) || isNull(r)) return false;
  if (NON_ARITHMETIC(l) || NON_ARITHMETIC(r)) return true;
  const dateLike = (t: DataType): boolean => t.kind === 'timestamp' || (t.kind === 'primitive' && t.name === 'date');
  const check = (d: DataType, other: DataType): boolean =>
    dateLike(d) && isNumeric(other) && (op === '*' || op === '/' || op === '%' || op === 'DIV' || !isIntegral(other));
  return check(l, r) || check(r, l);
}

/** CASE branches, IN lists, COALESCE arguments …: values that must share a type (DATA_DIFF_TYPES). */
export function checkCommonType(types: readonly DataType[], what: string): void {
  if (types.some((t) => isUnknown(t) || !wellModelled(t))) return;
  if (commonType(types) !== null) return;
  throw new AnalysisError(
    'DATATYPE_MISMATCH.DATA_DIFF_TYPES',
    `Cannot resolve ${what} due to data type mismatch: Input to ${what} should all be the same type, but it's [${types.map(sqlOf).join(', ')}].`,
    { functionName: what, dataType: `[${types.map(sqlOf).join(', ')}]` },
  );
}
