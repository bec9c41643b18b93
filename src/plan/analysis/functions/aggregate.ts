/** Aggregate functions (Spark's expressions/aggregate/*): count, sum, avg, min/max, statistics, collect_*. */
import type { DataType } from '../../data-type.js';
import { T, boundedDecimal, isUnknown, isIntegral, isNumeric, isNull, isStringLike } from '../types.js';
import { type ArgInfo, type FunctionDef, aggregate, alias, alwaysNullable, fixed, neverNullable, sameAs, typeMismatch, withDefaults } from './define.js';
import { typeToString } from '../../data-type.js';

const isAnsiInterval = (t: DataType): boolean => t.kind === 'interval' && t.from !== null;

/** Spark's Sum result type: bigint for integrals, decimal(p+10, s), the interval itself, double otherwise. */
export function sumType(t: DataType): DataType {
  if (isUnknown(t)) return T.unknown;
  if (isIntegral(t) || isNull(t)) return isNull(t) ? T.double : T.bigint;
  if (t.kind === 'decimal') return boundedDecimal(t.precision + 10, t.scale);
  if (isAnsiInterval(t)) return t;
  return T.double;
}

/** Spark's Average result type: decimal(p+4, s+4) for decimals, the interval itself, double otherwise. */
export function avgType(t: DataType): DataType {
  if (isUnknown(t)) return T.unknown;
  if (t.kind === 'decimal') return boundedDecimal(t.precision + 4, t.scale + 4);
  if (isAnsiInterval(t)) return t;
  return T.double;
}

/** Sum and avg take numbers, ANSI intervals, and strings (implicitly cast to double). */
function numericOrInterval(fn: string, a: ArgInfo): void {
  const t = a.type;
  if (isNumeric(t) || isUnknown(t) || isNull(t) || isStringLike(t) || isAnsiInterval(t)) return;
  throw typeMismatch(fn, `Parameter 1 requires the ("NUMERIC" or "ANSI INTERVAL") type, however has the type "${typeToString(t)}".`);
}

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function aggregateFunctions(): readonly FunctionDef[] {
  const sum = aggregate('sum', 1, 1, (a) => {
    numericOrInterval('sum', a[0]!);
    return { type: sumType(a[0]!.type), nullable: true };
  });
  const avg = aggregate('avg', 1, 1, (a) => {
    numericOrInterval('avg', a[0]!);
    return { type: avgType(a[0]!.type), nullable: true };
  });
  const first = aggregate('first', 1, 2, sameAs(0, alwaysNullable));
  const last = aggregate('last', 1, 2, sameAs(0, alwaysNullable));
  const stddevSamp = aggregate('stddev_samp', 1, 1, fixed(T.double, alwaysNullable));
  const varSamp = aggregate('var_samp', 1, 1, fixed(T.double, alwaysNullable));
  const collectList = aggregate('collect_list', 1, 1, (a) => ({ type: T.array(a[0]!.type), nullable: false }));
  const boolAnd = aggregate('bool_and', 1, 1, fixed(T.boolean, alwaysNullable));
  const boolOr = aggregate('bool_or', 1, 1, fixed(T.boolean, alwaysNullable));
  const percentileApprox = aggregate(
    'percentile_approx',
    2,
    3,
    (a) => ({ type: a[1]!.type.kind === 'array' ? T.array(a[0]!.type) : a[0]!.type, nullable: true }),
    // Spark fills in the default accuracy.
    { pretty: withDefaults(2, '10000') },
  );
  const listagg = aggregate('listagg', 1, 2, (a) => ({ type: a[0]!.type.kind === 'primitive' && a[0]!.type.name === 'binary' ? T.binary : T.string, nullable: true }));

  /** `percentile(x, p)` and friends: double, or array<double> for an array of percentages; intervals keep their type. */
  function percentileResult(valueIndex: number, pIndex: number) {
    return (a: readonly ArgInfo[]): { type: DataType; nullable: boolean } => {
      const v = a[valueIndex]?.type ?? T.unknown;
      const elem = isAnsiInterval(v) ? v : T.double;
      const p = a[pIndex]?.type;
      return { type: p !== undefined && p.kind === 'array' ? T.array(elem) : elem, nullable: true };
    };
  }

  return [
    aggregate('count', 0, Infinity, fixed(T.bigint, neverNullable), {
      // `count(*)` is count(1) in Spark's plan and so in its generated name.
      pretty: (n, args, c) => `${n}(${c.distinct ? 'DISTINCT ' : ''}${args.length === 0 ? '1' : args.join(', ')})`,
    }),
    aggregate('count_if', 1, 1, fixed(T.bigint, neverNullable)),
    sum,
    avg,
    alias(avg, 'mean'),
    aggregate('try_sum', 1, 1, (a) => ({ type: sumType(a[0]!.type), nullable: true })),
    aggregate('try_avg', 1, 1, (a) => ({ type: avgType(a[0]!.type), nullable: true })),
    aggregate('min', 1, 1, sameAs(0, alwaysNullable)),
    aggregate('max', 1, 1, sameAs(0, alwaysNullable)),
    aggregate('max_by', 2, 3, (a) => ({ type: a.length === 3 ? T.array(a[0]!.type) : a[0]!.type, nullable: true })),
    aggregate('min_by', 2, 3, (a) => ({ type: a.length === 3 ? T.array(a[0]!.type) : a[0]!.type, nullable: true })),
    first,
    alias(first, 'first_value'),
    last,
    alias(last, 'last_value'),
    aggregate('any_value', 1, 2, sameAs(0, alwaysNullable)),
    collectList,
    alias(collectList, 'array_agg'),
    aggregate('collect_set', 1, 1, (a) => ({ type: T.array(a[0]!.type), nullable: false })),
    stddevSamp,
    alias(stddevSamp, 'stddev'),
    alias(stddevSamp, 'std'),
    aggregate('stddev_pop', 1, 1, fixed(T.double, alwaysNullable)),
    varSamp,
    alias(varSamp, 'variance'),
    aggregate('var_pop', 1, 1, fixed(T.double, alwaysNullable)),
    aggregate('skewness', 1, 1, fixed(T.double, alwaysNullable)),
    aggregate('kurtosis', 1, 1, fixed(T.double, alwaysNullable)),
    aggregate('corr', 2, 2, fixed(T.double, alwaysNullable)),
    aggregate('covar_pop', 2, 2, fixed(T.double, alwaysNullable)),
    aggregate('covar_samp', 2, 2, fixed(T.double, alwaysNullable)),
    aggregate('regr_count', 2, 2, fixed(T.bigint, neverNullable)),
    ...['regr_avgx', 'regr_avgy', 'regr_r2', 'regr_sxx', 'regr_sxy', 'regr_syy', 'regr_slope', 'regr_intercept'].map((n) =>
      aggregate(n, 2, 2, fixed(T.double, alwaysNullable)),
    ),
    boolAnd,
    alias(boolAnd, 'every'),
    boolOr,
    alias(boolOr, 'any'),
    alias(boolOr, 'some'),
    aggregate('bit_and', 1, 1, sameAs(0, alwaysNullable)),
    aggregate('bit_or', 1, 1, sameAs(0, alwaysNullable)),
    aggregate('bit_xor', 1, 1, sameAs(0, alwaysNullable)),
    // Spark fills in the default frequency.
    aggregate('percentile', 2, 3, percentileResult(0, 1), { pretty: withDefaults(2, '1') }),
    aggregate('percentile_cont', 1, 2, percentileResult(-1, 0)),
    aggregate('percentile_disc', 1, 2, (a) => ({ type: a[0]?.type.kind === 'array' ? T.array(T.unknown) : T.unknown, nullable: true })),
    aggregate('median', 1, 1, percentileResult(0, -1)),
    aggregate('mode', 0, 2, sameAs(0, alwaysNullable)),
    percentileApprox,
    alias(percentileApprox, 'approx_percentile'),
    aggregate('approx_count_distinct', 1, 2, fixed(T.bigint, neverNullable)),
    aggregate('histogram_numeric', 2, 2, (a) => ({
      type: T.array({ kind: 'struct', fields: [{ name: 'x', type: a[0]!.type, nullable: true, comment: null }, { name: 'y', type: T.double, nullable: true, comment: null }] }),
      nullable: true,
    })),
    listagg,
    alias(listagg, 'string_agg'),
    aggregate('count_min_sketch', 4, 4, fixed(T.binary, neverNullable)),
    aggregate('hll_sketch_agg', 1, 2, fixed(T.binary, neverNullable), { pretty: withDefaults(1, '12') }),
    aggregate('hll_union_agg', 1, 2, fixed(T.binary, neverNullable), { pretty: withDefaults(1, 'false') }),
    aggregate('theta_sketch_agg', 1, 2, fixed(T.binary, neverNullable), { pretty: withDefaults(1, '12') }),
    aggregate('theta_union_agg', 1, 2, fixed(T.binary, neverNullable), { pretty: withDefaults(1, '12') }),
    aggregate('theta_intersection_agg', 1, 1, fixed(T.binary, neverNullable)),
  ];
}
