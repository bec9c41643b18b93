/**
 * The type and nullability of a resolved expression, derived from its children as Spark's
 * expressions derive `dataType` and `nullable`. Implicit casts are not written into the tree;
 * their effect on result types is computed here (types.ts holds the widening rules).
 */
import type { DataType } from '../data-type.js';
import type { Expression } from '../expression.js';
import { T, commonType, decimalFor, boundedDecimal, isNumeric, isUnknown, isNull, isStringLike, tightestCommonType, MAX_DECIMAL_PRECISION } from './types.js';

const cache = new WeakMap<Expression, DataType>();

export function typeOf(e: Expression): DataType {
  let t = cache.get(e);
  if (t === undefined) {
    t = computeType(e);
    cache.set(e, t);
  }
  return t;
}

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
    case 'IntervalLiteral':
      return intervalLiteralType(e.parts.map((p) => p.unit));
    case 'Cast':
      return e.type;
    case 'BinaryOp':
      return binaryType(e.op, typeOf(e.left), typeOf(e.right));
    case 'UnaryOp':
      return e.op === 'NOT' ? T.boolean : typeOf(e.child);
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
    case 'ScalarSubquery':
      return T.unknown; // the analyzer wraps a resolved scalar subquery's type in a Cast-free way later
    case 'FieldAccess': {
      const c = typeOf(e.child);
      if (c.kind === 'struct') {
        const f = c.fields.find((x) => x.name.toLowerCase() === e.field.toLowerCase());
        return f?.type ?? T.unknown;
      }
      if (c.kind === 'map') return c.value;
      if (c.kind === 'array' && c.element.kind === 'struct') {
        const f = c.element.fields.find((x) => x.name.toLowerCase() === e.field.toLowerCase());
        return f === undefined ? T.unknown : T.array(f.type);
      }
      return T.unknown;
    }
    case 'Subscript': {
      const c = typeOf(e.child);
      if (c.kind === 'array') return c.element;
      if (c.kind === 'map') return c.value;
      return T.unknown;
    }
    case 'WindowExpression':
      return typeOf(e.function);
    case 'Collate':
      return { kind: 'string', collation: e.collation.join('.') };
    case 'Extract':
      return T.int;
    default:
      return T.unknown;
  }
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
    case 'Exists':
      return false;
    case 'IsOp':
      return e.test === 'DISTINCT FROM' ? false : false;
    default:
      return true;
  }
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
    case 'decimal': {
      // Spark types a decimal literal by its digits: 1.50 → decimal(3,2), 123 → decimal(3,0).
      const text = String(e.value).replace(/^[-+]/, '').toLowerCase();
      const [mantissa, exp] = text.split('e') as [string, string | undefined];
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
    case 'string':
      return T.string;
    case 'timestamp':
    case 'timestamp_ltz':
      return T.timestamp;
    case 'timestamp_ntz':
      return T.timestampNtz;
    case 'time':
      return { kind: 'time', precision: null };
    case 'interval':
      return T.calendarInterval;
  }
}

const YEAR_MONTH = ['YEAR', 'MONTH'];
const DAY_TIME = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];

/** ANSI interval literals: `INTERVAL '1' YEAR` is `interval year`; mixed units a calendar interval. */
function intervalLiteralType(units: readonly string[]): DataType {
  if (units.length === 1) {
    const u = units[0]!;
    if (YEAR_MONTH.includes(u) || DAY_TIME.includes(u)) return { kind: 'interval', from: u as 'YEAR', to: null };
  }
  return T.calendarInterval;
}

function binaryType(op: string, l: DataType, r: DataType): DataType {
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
      return l.kind === 'array' ? l : T.string;
    case 'DIV':
      return T.bigint;
  }
  if (isUnknown(l) || isUnknown(r)) return T.unknown;
  if (op === '/') {
    if (l.kind === 'decimal' || r.kind === 'decimal') return decimalArithmetic(op, l, r);
    return isNumeric(l) || isNull(l) || isStringLike(l) ? T.double : T.unknown;
  }
  if (l.kind === 'decimal' || r.kind === 'decimal') {
    if (isNumeric(l) && isNumeric(r)) {
      const other = l.kind === 'decimal' ? r : l;
      if (other.kind === 'primitive' && (other.name === 'float' || other.name === 'double')) return T.double;
      return decimalArithmetic(op, l, r);
    }
  }
  return tightestCommonType(l, r) ?? T.unknown;
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
function adjustPrecisionScale(precision: number, scale: number): DataType {
  if (precision <= MAX_DECIMAL_PRECISION) return T.decimal(precision, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, 6);
  const adjustedScale = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale);
  return T.decimal(MAX_DECIMAL_PRECISION, adjustedScale);
}
