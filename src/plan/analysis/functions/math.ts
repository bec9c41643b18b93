/** Math functions (Spark's mathExpressions.scala, arithmetic.scala's function forms, randomExpressions). */
import type { DataType } from '../../data-type.js';
import { T, MAX_DECIMAL_PRECISION, boundedDecimal, decimalFor, isIntegral, isNull, isNumeric, isStringLike, isUnknown } from '../types.js';
import { type ArgInfo, type FunctionDef, type ResultFn, alias, alwaysNullable, fixed, literalInt, neverNullable, sameAs, scalar, widest } from './define.js';
import { arithmeticType } from '../type-of.js';

/** A double-valued function of `n` arguments printed under Spark's upper-case class name. */
const dbl = (name: string, n: number, sqlName = name.toUpperCase()): FunctionDef => scalar(name, n, n, fixed(T.double), { sqlName });

/** Ceil/floor without a scale: bigint, or decimal(p-s+1, 0) for decimals. */
const ceilFloor: ResultFn = (a) => {
  const t = a[0]!.type;
  if (isUnknown(t)) return { type: T.unknown, nullable: a[0]!.nullable };
  if (t.kind === 'decimal') return { type: t.scale === 0 ? t : boundedDecimal(t.precision - t.scale + 1, 0), nullable: a[0]!.nullable };
  return { type: T.bigint, nullable: a[0]!.nullable };
};

/** Spark's RoundBase result type: integral and floating types keep theirs; decimals rescale. */
function roundType(t: DataType, scale: number | null, toDecimal: boolean): DataType {
  if (isUnknown(t)) return T.unknown;
  let d = t.kind === 'decimal' ? { precision: t.precision, scale: t.scale } : null;
  if (d === null) {
    if (!toDecimal) return isStringLike(t) ? T.double : t;
    d = decimalFor(isStringLike(t) || isNull(t) ? T.double : t);
    if (d === null) return T.unknown;
  }
  if (scale === null) return T.unknown;
  const integral = d.precision - d.scale + 1;
  if (scale < 0) return T.decimal(Math.min(Math.max(integral, -scale + 1), MAX_DECIMAL_PRECISION), 0);
  const s = Math.min(d.scale, scale);
  return T.decimal(Math.min(integral + s, MAX_DECIMAL_PRECISION), s);
}

const round = (name: string): FunctionDef =>
  scalar(name, 1, 2, (a) => ({ type: roundType(a[0]!.type, a.length === 1 ? 0 : literalInt(a[1]), false), nullable: true }), {
    // Spark fills in the default scale.
    pretty: (n, args) => `${n}(${args[0]}, ${args[1] ?? '0'})`,
  });

/** `ceil(x)` is Ceil (printed CEIL); `ceil(x, d)` is RoundCeil (printed ceil). */
const ceilLike = (name: string, sqlName: string | undefined): FunctionDef =>
  scalar(
    name,
    1,
    2,
    (a) => (a.length === 1 ? ceilFloor(a) : { type: roundType(a[0]!.type, literalInt(a[1]), true), nullable: true }),
    { pretty: (n, args) => (args.length === 1 ? `${sqlName ?? n}(${args[0]})` : `${n}(${args.join(', ')})`) },
  );

/** `try_add(a, b)` and friends: the operator's type. */
const tryArith = (name: string, op: string): FunctionDef => scalar(name, 2, 2, (a) => ({ type: arithmeticType(op, a[0]!.type, a[1]!.type), nullable: true }));

const bitType: ResultFn = (a) => ({ type: isIntegral(a[0]!.type) ? a[0]!.type : isUnknown(a[0]!.type) ? T.unknown : T.bigint, nullable: a.some((x) => x.nullable) });

const uniformType = (a: readonly ArgInfo[]): DataType => {
  const ts = [a[0]!.type, a[1]!.type];
  if (ts.some(isUnknown)) return T.unknown;
  if (ts.every((t) => isIntegral(t))) return ts.some((t) => t.kind === 'primitive' && t.name === 'bigint') ? T.bigint : T.int;
  return ts.find((t) => t.kind === 'primitive' && (t.name === 'double' || t.name === 'float')) ?? ts.find((t) => t.kind === 'decimal') ?? T.double;
};

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function mathFunctions(): readonly FunctionDef[] {
  const signum = dbl('signum', 1);
  const pow = dbl('power', 2);
  const ceil = ceilLike('ceil', 'CEIL');
  const rand = scalar('rand', 0, 1, fixed(T.double, neverNullable));

  return [
    scalar('abs', 1, 1, sameAs(0)),
    ...['acos', 'asin', 'atan', 'cbrt', 'cos', 'sec', 'cosh', 'acosh', 'exp', 'expm1', 'log10', 'log1p', 'log2', 'sin', 'csc', 'sinh', 'asinh', 'sqrt', 'tan', 'cot', 'tanh', 'atanh', 'degrees', 'radians'].map((n) => dbl(n, 1)),
    dbl('ln', 1, 'ln'),
    dbl('rint', 1, 'rint'),
    dbl('atan2', 2),
    dbl('hypot', 2),
    pow,
    alias(pow, 'pow'),
    signum,
    alias(signum, 'sign'),
    scalar('e', 0, 0, fixed(T.double, neverNullable), { sqlName: 'E' }),
    scalar('pi', 0, 0, fixed(T.double, neverNullable), { sqlName: 'PI' }),
    // log(x) is log base e: Spark prints the implicit base.
    scalar('log', 1, 2, fixed(T.double, alwaysNullable), { pretty: (_n, args) => (args.length === 1 ? `LOG(E(), ${args[0]})` : `LOG(${args.join(', ')})`) }),
    ceil,
    alias(ceilLike('ceiling', undefined), 'ceiling'),
    ceilLike('floor', 'FLOOR'),
    round('round'),
    round('bround'),
    scalar('factorial', 1, 1, fixed(T.bigint, alwaysNullable)),
    scalar('bin', 1, 1, fixed(T.string)),
    scalar('hex', 1, 1, (a) => ({ type: isStringLike(a[0]!.type) && a[0]!.type.kind === 'string' && a[0]!.type.collation !== null ? a[0]!.type : T.string, nullable: a[0]!.nullable })),
    scalar('unhex', 1, 1, fixed(T.binary, alwaysNullable)),
    scalar('conv', 3, 3, fixed(T.string, alwaysNullable)),
    scalar('pmod', 2, 2, (a) => ({ type: arithmeticType('%', a[0]!.type, a[1]!.type), nullable: true })),
    scalar('mod', 2, 2, (a) => ({ type: arithmeticType('%', a[0]!.type, a[1]!.type), nullable: true }), { pretty: (_n, args) => `(${args[0]} % ${args[1]})` }),
    scalar('div', 2, 2, (a) => ({ type: arithmeticType('DIV', a[0]!.type, a[1]!.type), nullable: true }), { pretty: (_n, args) => `(${args[0]} div ${args[1]})` }),
    scalar('negative', 1, 1, sameAs(0)),
    scalar('positive', 1, 1, sameAs(0), { pretty: (_n, args) => `(+ ${args[0]})` }),
    scalar('shiftleft', 2, 2, bitType),
    scalar('shiftright', 2, 2, bitType),
    scalar('shiftrightunsigned', 2, 2, bitType),
    scalar('bit_count', 1, 1, fixed(T.int)),
    scalar('bit_get', 2, 2, fixed(T.tinyint)),
    scalar('getbit', 2, 2, fixed(T.tinyint)),
    scalar('width_bucket', 4, 4, fixed(T.bigint, alwaysNullable)),
    scalar('greatest', 2, Infinity, widest('greatest', 0, (a) => a.every((x) => x.nullable))),
    scalar('least', 2, Infinity, widest('least', 0, (a) => a.every((x) => x.nullable))),
    scalar('nanvl', 2, 2, (a) => ({ type: arithmeticType('+', a[0]!.type, a[1]!.type), nullable: a.some((x) => x.nullable) })),
    tryArith('try_add', '+'),
    tryArith('try_subtract', '-'),
    tryArith('try_multiply', '*'),
    tryArith('try_divide', '/'),
    tryArith('try_mod', '%'),
    rand,
    alias(rand, 'random', true),
    scalar('randn', 0, 1, fixed(T.double, neverNullable)),
    scalar('uniform', 2, 3, (a) => ({ type: uniformType(a), nullable: false })),
    scalar('randstr', 1, 2, fixed(T.string, neverNullable)),
    scalar('zeroifnull', 1, 1, (a) => ({ type: isNull(a[0]!.type) ? T.int : a[0]!.type, nullable: false })),
    scalar('nullifzero', 1, 1, (a) => ({ type: isNull(a[0]!.type) ? T.int : a[0]!.type, nullable: true })),
  ];
}

void isNumeric;
