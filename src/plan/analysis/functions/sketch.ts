/**
 * Approximate and specialised functions: KLL, theta and tuple sketches, approx_top_k, bitmaps,
 * vectors, spatial (ST_*), XPath, collations and Avro/Protobuf. Sketches travel as binary.
 */
import type { DataType } from '../../data-type.js';
import { T } from '../types.js';
import { type ArgInfo, type FunctionDef, aggregate, alwaysNullable, fixed, literalInt, literalString, neverNullable, sameAs, scalar, stringResult, windowFn, withDefaults } from './define.js';

const KINDS: readonly [string, DataType][] = [['bigint', T.bigint], ['float', T.float], ['double', T.double]];
const TUPLE: readonly [string, DataType][] = [['double', T.double], ['integer', T.bigint]];

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function sketchFunctions(): readonly FunctionDef[] {
  const kll: FunctionDef[] = KINDS.flatMap(([k, t]) => [
    aggregate(`kll_sketch_agg_${k}`, 1, 2, fixed(T.binary, neverNullable)),
    aggregate(`kll_merge_agg_${k}`, 1, 2, fixed(T.binary, neverNullable)),
    scalar(`kll_sketch_merge_${k}`, 2, 2, fixed(T.binary)),
    scalar(`kll_sketch_get_n_${k}`, 1, 1, fixed(T.bigint)),
    scalar(`kll_sketch_to_string_${k}`, 1, 1, fixed(T.string)),
    // An array of ranks gives an array of quantiles, and the other way round.
    scalar(`kll_sketch_get_quantile_${k}`, 2, 2, (a) => ({ type: a[1]!.type.kind === 'array' ? T.array(t) : t, nullable: true })),
    scalar(`kll_sketch_get_rank_${k}`, 2, 2, (a) => ({ type: a[1]!.type.kind === 'array' ? T.array(T.double) : T.double, nullable: true })),
  ]);

  const tuple: FunctionDef[] = TUPLE.flatMap(([k, summary]) => [
    aggregate(`tuple_sketch_agg_${k}`, 2, 4, fixed(T.binary, neverNullable), { pretty: withDefaults(2, '12', 'sum') }),
    aggregate(`tuple_union_agg_${k}`, 1, 3, fixed(T.binary, neverNullable), { pretty: withDefaults(1, '12', 'sum') }),
    aggregate(`tuple_intersection_agg_${k}`, 1, 2, fixed(T.binary, neverNullable), { pretty: withDefaults(1, 'sum') }),
    scalar(`tuple_sketch_estimate_${k}`, 1, 1, fixed(T.double)),
    scalar(`tuple_sketch_theta_${k}`, 1, 1, fixed(T.double)),
    scalar(`tuple_sketch_summary_${k}`, 1, 2, fixed(summary), { pretty: withDefaults(1, 'sum') }),
    scalar(`tuple_union_${k}`, 2, 4, fixed(T.binary), { pretty: withDefaults(2, '12', 'sum') }),
    scalar(`tuple_union_theta_${k}`, 2, 4, fixed(T.binary), { pretty: withDefaults(2, '12', 'sum') }),
    scalar(`tuple_intersection_${k}`, 2, 3, fixed(T.binary), { pretty: withDefaults(2, 'sum') }),
    scalar(`tuple_intersection_theta_${k}`, 2, 3, fixed(T.binary), { pretty: withDefaults(2, 'sum') }),
    scalar(`tuple_difference_${k}`, 2, 2, fixed(T.binary)),
    scalar(`tuple_difference_theta_${k}`, 2, 2, fixed(T.binary)),
  ]);

  /** approx_top_k(expr[, k[, maxItems]]): array<struct<item, count>>. */
  const topK = (a: readonly ArgInfo[]): { type: DataType; nullable: boolean } => ({
    type: T.array({ kind: 'struct', fields: [{ name: 'item', type: a[0]?.type ?? T.unknown, nullable: true, comment: null }, { name: 'count', type: T.bigint, nullable: false, comment: null }] }),
    nullable: false,
  });

  /** ST_GeomFromWKB(wkb[, srid]): geometry(srid), SRID 0 by default. */
  function geometry(srid: ArgInfo | undefined, kind: 'geometry' | 'geography', byDefault: number): DataType {
    const n = srid === undefined ? byDefault : literalInt(srid);
    return n === null ? T.unknown : { kind, srid: n };
  }

  const xpath = (name: string, type: DataType): FunctionDef => scalar(name, 2, 2, fixed(type, alwaysNullable));

  return [
    ...kll,
    ...tuple,
    scalar('theta_sketch_estimate', 1, 1, fixed(T.bigint)),
    scalar('theta_union', 2, 3, fixed(T.binary), { pretty: withDefaults(2, '12') }),
    scalar('theta_intersection', 2, 2, fixed(T.binary)),
    scalar('theta_difference', 2, 2, fixed(T.binary)),
    aggregate('approx_top_k', 1, 3, topK),
    aggregate('approx_top_k_accumulate', 1, 2, fixed(T.binary, neverNullable)),
    aggregate('approx_top_k_combine', 1, 2, fixed(T.binary, neverNullable)),
    scalar('approx_top_k_estimate', 1, 2, (a) => ({ type: T.array({ kind: 'struct', fields: [{ name: 'item', type: T.unknown, nullable: true, comment: null }, { name: 'count', type: T.bigint, nullable: false, comment: null }] }), nullable: a[0]!.nullable })),
    aggregate('bitmap_construct_agg', 1, 1, fixed(T.binary, neverNullable)),
    aggregate('bitmap_or_agg', 1, 1, fixed(T.binary, neverNullable)),
    aggregate('bitmap_and_agg', 1, 1, fixed(T.binary, neverNullable)),
    scalar('vector_cosine_similarity', 2, 2, fixed(T.float, alwaysNullable)),
    scalar('vector_inner_product', 2, 2, fixed(T.float, alwaysNullable)),
    scalar('vector_l2_distance', 2, 2, fixed(T.float, alwaysNullable)),
    scalar('vector_norm', 1, 2, fixed(T.float, alwaysNullable), { pretty: (n, args) => `${n}(${[...args, ...(args.length === 1 ? ['2.0'] : [])].join(', ')})` }),
    scalar('vector_normalize', 1, 2, fixed(T.array(T.float), alwaysNullable), { pretty: (n, args) => `${n}(${[...args, ...(args.length === 1 ? ['2.0'] : [])].join(', ')})` }),
    aggregate('vector_avg', 1, 1, fixed(T.array(T.float), alwaysNullable)),
    aggregate('vector_sum', 1, 1, fixed(T.array(T.float), alwaysNullable)),
    scalar('st_geomfromwkb', 1, 2, (a) => ({ type: geometry(a[1], 'geometry', 0), nullable: a.some((x) => x.nullable) })),
    scalar('st_geogfromwkb', 1, 1, (a) => ({ type: geometry(undefined, 'geography', 4326), nullable: a[0]!.nullable })),
    scalar('st_asbinary', 1, 2, fixed(T.binary)),
    scalar('st_srid', 1, 1, fixed(T.int)),
    scalar('st_setsrid', 2, 2, (a) => {
      const t = a[0]!.type;
      return { type: t.kind === 'geometry' || t.kind === 'geography' ? geometry(a[1], t.kind, 0) : T.unknown, nullable: a.some((x) => x.nullable) };
    }),
    xpath('xpath', T.array(T.string)),
    xpath('xpath_boolean', T.boolean),
    xpath('xpath_double', T.double),
    xpath('xpath_number', T.double),
    xpath('xpath_float', T.float),
    xpath('xpath_int', T.int),
    xpath('xpath_long', T.bigint),
    xpath('xpath_short', T.smallint),
    xpath('xpath_string', T.string),
    // collate(s, 'utf8_lcase'): the string with that collation.
    scalar('collate', 2, 2, (a) => {
      const c = literalString(a[1]);
      return { type: c === null ? stringResult(a) : { kind: 'string', collation: c.toUpperCase() }, nullable: a[0]!.nullable };
    }, { pretty: (n, args) => `${n}(${args.join(', ')})` }),
    windowFn('counter_diff', 1, 1, sameAs(0, alwaysNullable)),
    scalar('current_path', 0, 0, fixed(T.string, neverNullable)),
    scalar('time', 1, 1, fixed({ kind: 'time', precision: 6 }, alwaysNullable), { transparentName: true }),
    scalar('is_valid_variant', 1, 1, fixed(T.boolean)),
    scalar('variant_insert', 3, 3, fixed(T.variant)),
    scalar('try_variant_insert', 3, 3, fixed(T.variant, alwaysNullable)),
    scalar('variant_set', 3, 3, fixed(T.variant)),
    scalar('variant_delete', 2, 2, fixed(T.variant)),
    scalar('variant_array_append', 2, 2, fixed(T.variant)),
    scalar('from_avro', 2, 3, (a) => ({ type: T.unknown, nullable: a[0]!.nullable })),
    scalar('to_avro', 1, 2, fixed(T.binary)),
    scalar('schema_of_avro', 1, 2, fixed(T.string, neverNullable)),
    scalar('from_protobuf', 2, 4, (a) => ({ type: T.unknown, nullable: a[0]!.nullable })),
    scalar('to_protobuf', 2, 4, fixed(T.binary)),
  ];
}

