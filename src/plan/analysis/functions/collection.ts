/**
 * Arrays, maps and structs (Spark's collectionOperations.scala, complexTypeCreator.scala,
 * higherOrderFunctions.scala). Higher-order functions declare their lambdas' parameter types.
 */
import type { DataType, StructField } from '../../data-type.js';
import { T, isIntegral, isNull, isUnknown } from '../types.js';
import {
  type ArgInfo,
  type FunctionDef,
  type LambdaParam,
  type ResultFn,
  alias,
  alwaysNullable,
  anyNullable,
  commonOf,
  elementOf,
  fixed,
  literalString,
  mapOf,
  neverNullable,
  scalar,
  sameAs,
  stringResult,
  typeMismatch,
  withDefaults,
} from './define.js';
import { typeToString } from '../../data-type.js';
import { AnalysisError } from '../errors.js';

const field = (name: string, type: DataType, nullable = true): StructField => ({ name, type, nullable, comment: null });
const param = (type: DataType, nullable = true): LambdaParam => ({ type, nullable });

/** An array of the common type of arguments from `from` on (`array(1, 2L)` is array<bigint>). */
const arrayOfAll = (fn: string): ResultFn => (a) => ({ type: T.array(a.length === 0 ? T.void : commonOf(fn, a)), nullable: false });

/** The array argument's own type. */
const sameArray = (fn: string, nullable = anyNullable): ResultFn => (a) => {
  elementOf(fn, a[0]);
  return { type: a[0]!.type.kind === 'array' ? a[0]!.type : T.unknown, nullable: nullable(a) };
};

/** array_append / array_prepend / array_insert / array_remove: the array widened with a new element. */
const arrayWith = (fn: string, valueIndex: number): ResultFn => (a) => {
  const e = elementOf(fn, a[0]);
  const v = a[valueIndex]!.type;
  if (isUnknown(e) || isUnknown(v)) return { type: T.unknown, nullable: a[0]!.nullable };
  return { type: T.array(commonOf(fn, [{ ...a[0]!, type: e }, a[valueIndex]!])), nullable: a[0]!.nullable };
};

/** Set operations of two arrays: the common array type. */
const twoArrays = (fn: string): ResultFn => (a) => {
  elementOf(fn, a[0], 1);
  elementOf(fn, a[1], 2);
  return { type: commonOf(fn, a), nullable: anyNullable(a) };
};

/** `struct(a, b + 1)`: fields named after named arguments, `colN` otherwise. */
function structFieldName(e: ArgInfo['expr'], i: number): string {
  switch (e.kind) {
    case 'AttributeRef':
    case 'Alias':
    case 'LambdaVariable':
      return e.name;
    case 'OuterReference':
      return e.attr.name;
    case 'FieldAccess':
      return e.field;
    default:
      return `col${i + 1}`;
  }
}

function namedStruct(a: readonly ArgInfo[]): DataType {
  const fields: StructField[] = [];
  for (let i = 0; i + 1 < a.length; i += 2) {
    const name = literalString(a[i]);
    if (name === null) return T.unknown;
    fields.push(field(name, a[i + 1]!.type, a[i + 1]!.nullable));
  }
  return { kind: 'struct', fields };
}

/** `arrays_zip(a, b)`: array<struct<a:…, b:…>>, fields named after named arguments or by position. */
function arraysZip(a: readonly ArgInfo[]): DataType {
  const fields = a.map((x, i) => {
    const n = structFieldName(x.expr, i);
    return field(n === `col${i + 1}` ? String(i) : n, elementOf('arrays_zip', x, i + 1));
  });
  return T.array({ kind: 'struct', fields });
}

/** `map(k1, v1, …)`: common key and value types. */
function createMap(a: readonly ArgInfo[]): DataType {
  if (a.length % 2 !== 0) {
    throw new AnalysisError('WRONG_NUM_ARGS.WITHOUT_SUGGESTION', 'The `map` requires an even number of parameters.', { functionName: 'map' });
  }
  const keys = a.filter((_, i) => i % 2 === 0);
  const values = a.filter((_, i) => i % 2 === 1);
  return T.map(keys.length === 0 ? T.void : commonOf('map', keys), values.length === 0 ? T.void : commonOf('map', values));
}

/** The value of a map or the element of an array at a key or index (element_at, try_element_at, get). */
const elementAt = (fn: string): ResultFn => (a) => {
  const t = a[0]!.type;
  if (t.kind === 'array') return { type: t.element, nullable: true };
  if (t.kind === 'map') return { type: t.value, nullable: true };
  if (isUnknown(t) || isNull(t)) return { type: T.unknown, nullable: true };
  throw typeMismatch(fn, `Parameter 1 requires the ("ARRAY" or "MAP") type, however has the type "${typeToString(t)}".`);
};

/** `sequence(start, stop[, step])`: array of the common type of start and stop. */
const sequence: ResultFn = (a) => {
  const t = commonOf('sequence', a.slice(0, 2));
  return { type: T.array(t), nullable: anyNullable(a) };
};

// ---- higher-order functions -------------------------------------------------------------------

/** The element (and index) parameters for a lambda over an array argument. */
const overArray = (fn: string) => (before: readonly ArgInfo[], _i: number, arity: number): readonly LambdaParam[] => {
  const e = elementOf(fn, before[0]);
  return arity >= 2 ? [param(e), param(T.int, false)] : [param(e)];
};
/** Key and value parameters for a lambda over a map argument. */
const overMap = (fn: string) => (before: readonly ArgInfo[]): readonly LambdaParam[] => {
  const m = mapOf(fn, before[0]);
  return [param(m.key, false), param(m.value)];
};

/** The type of the lambda argument at `i` (its body's type). */
const lambdaType = (a: readonly ArgInfo[], i: number): DataType => a[i]?.type ?? T.unknown;

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function collectionFunctions(): readonly FunctionDef[] {
  /** `aggregate(arr, zero, (acc, x) -> …[, acc -> …])`. */
  const aggregateHof: FunctionDef = scalar(
    'aggregate',
    3,
    4,
    (a) => ({ type: a.length === 4 ? lambdaType(a, 3) : a[1]!.type, nullable: true }),
    {
      lambdaParams: (before, i) => (i === 2 ? [param(before[1]!.type), param(elementOf('aggregate', before[0]))] : [param(before[1]!.type)]),
      // Spark prints the identity finish lambda it fills in.
      pretty: (n, args) => `${n}(${[...args, ...(args.length === 3 ? ['lambdafunction(namedlambdavariable(), namedlambdavariable())'] : [])].join(', ')})`,
    },
  );

  /** size/cardinality: of an array or a map. */
  const size = scalar('size', 1, 1, (a) => {
    const t = a[0]!.type;
    if (t.kind !== 'array' && t.kind !== 'map' && !isUnknown(t) && !isNull(t)) {
      throw typeMismatch('size', `Parameter 1 requires the ("ARRAY" or "MAP") type, however has the type "${typeToString(t)}".`);
    }
    return { type: T.int, nullable: false };
  });

  return [
    scalar('array', 0, Infinity, arrayOfAll('array')),
    scalar('map', 0, Infinity, (a) => ({ type: createMap(a), nullable: false })),
    scalar('struct', 0, Infinity, (a) => ({ type: { kind: 'struct', fields: a.map((x, i) => field(structFieldName(x.expr, i), x.type, x.nullable)) }, nullable: false })),
    scalar('named_struct', 0, Infinity, (a) => ({ type: namedStruct(a), nullable: false })),
    scalar('element_at', 2, 2, elementAt('element_at')),
    scalar('try_element_at', 2, 2, elementAt('try_element_at')),
    scalar('get', 2, 2, elementAt('get')),
    size,
    alias(size, 'cardinality'),
    scalar('array_size', 1, 1, fixed(T.int)),
    scalar('array_contains', 2, 2, (a) => {
      elementOf('array_contains', a[0]);
      return { type: T.boolean, nullable: true };
    }),
    scalar('array_position', 2, 2, fixed(T.bigint)),
    scalar('arrays_overlap', 2, 2, fixed(T.boolean, alwaysNullable)),
    scalar('array_distinct', 1, 1, sameArray('array_distinct')),
    scalar('array_compact', 1, 1, sameArray('array_compact')),
    scalar('array_remove', 2, 2, sameArray('array_remove')),
    scalar('array_sort', 1, 2, sameArray('array_sort'), {
      lambdaParams: (before) => [param(elementOf('array_sort', before[0])), param(elementOf('array_sort', before[0]))],
    }),
    scalar('sort_array', 1, 2, sameArray('sort_array'), { pretty: withDefaults(1, 'true') }),
    scalar('shuffle', 1, 2, sameArray('shuffle')),
    scalar('slice', 3, 3, sameArray('slice')),
    scalar('array_union', 2, 2, twoArrays('array_union')),
    scalar('array_intersect', 2, 2, twoArrays('array_intersect')),
    scalar('array_except', 2, 2, twoArrays('array_except')),
    scalar('array_join', 2, 3, (a) => ({ type: stringResult(a, 1), nullable: anyNullable(a) })),
    scalar('array_max', 1, 1, (a) => ({ type: elementOf('array_max', a[0]), nullable: true })),
    scalar('array_min', 1, 1, (a) => ({ type: elementOf('array_min', a[0]), nullable: true })),
    scalar('array_repeat', 2, 2, (a) => ({ type: T.array(a[0]!.type), nullable: a[1]!.nullable })),
    scalar('array_append', 2, 2, arrayWith('array_append', 1)),
    scalar('array_prepend', 2, 2, arrayWith('array_prepend', 1)),
    scalar('array_insert', 3, 3, arrayWith('array_insert', 2)),
    scalar('flatten', 1, 1, (a) => {
      const e = elementOf('flatten', a[0]);
      return { type: e.kind === 'array' ? e : T.unknown, nullable: anyNullable(a) };
    }),
    scalar('arrays_zip', 0, Infinity, (a) => ({ type: arraysZip(a), nullable: anyNullable(a) })),
    scalar('sequence', 2, 3, sequence),
    scalar('map_keys', 1, 1, (a) => ({ type: T.array(mapOf('map_keys', a[0]).key), nullable: anyNullable(a) })),
    scalar('map_values', 1, 1, (a) => ({ type: T.array(mapOf('map_values', a[0]).value), nullable: anyNullable(a) })),
    scalar('map_entries', 1, 1, (a) => {
      const m = mapOf('map_entries', a[0]);
      return { type: T.array({ kind: 'struct', fields: [field('key', m.key, false), field('value', m.value)] }), nullable: anyNullable(a) };
    }),
    scalar('map_from_arrays', 2, 2, (a) => ({ type: T.map(elementOf('map_from_arrays', a[0], 1), elementOf('map_from_arrays', a[1], 2)), nullable: anyNullable(a) })),
    scalar('map_from_entries', 1, 1, (a) => {
      const e = elementOf('map_from_entries', a[0]);
      if (e.kind === 'struct' && e.fields.length === 2) return { type: T.map(e.fields[0]!.type, e.fields[1]!.type), nullable: true };
      return { type: T.unknown, nullable: true };
    }),
    scalar('map_concat', 0, Infinity, (a) => {
      a.forEach((x, i) => mapOf('map_concat', x, i + 1));
      return { type: a.length === 0 ? T.map(T.void, T.void) : commonOf('map_concat', a), nullable: anyNullable(a) };
    }),
    scalar('map_contains_key', 2, 2, fixed(T.boolean)),
    // Higher-order functions.
    scalar('transform', 2, 2, (a) => ({ type: T.array(lambdaType(a, 1)), nullable: a[0]!.nullable }), { lambdaParams: overArray('transform') }),
    scalar('filter', 2, 2, sameArray('filter'), { lambdaParams: overArray('filter') }),
    scalar('exists', 2, 2, fixed(T.boolean, alwaysNullable), { lambdaParams: overArray('exists') }),
    scalar('forall', 2, 2, fixed(T.boolean, alwaysNullable), { lambdaParams: overArray('forall') }),
    aggregateHof,
    { ...aggregateHof, name: 'reduce' },
    scalar('zip_with', 3, 3, (a) => ({ type: T.array(lambdaType(a, 2)), nullable: anyNullable(a.slice(0, 2)) }), {
      lambdaParams: (before) => [param(elementOf('zip_with', before[0], 1)), param(elementOf('zip_with', before[1], 2))],
    }),
    scalar('map_filter', 2, 2, sameAs(0), { lambdaParams: overMap('map_filter') }),
    scalar('transform_keys', 2, 2, (a) => ({ type: T.map(lambdaType(a, 1), mapOf('transform_keys', a[0]).value), nullable: a[0]!.nullable }), { lambdaParams: overMap('transform_keys') }),
    scalar('transform_values', 2, 2, (a) => ({ type: T.map(mapOf('transform_values', a[0]).key, lambdaType(a, 1)), nullable: a[0]!.nullable }), { lambdaParams: overMap('transform_values') }),
    scalar('map_zip_with', 3, 3, (a) => ({ type: T.map(mapOf('map_zip_with', a[0]).key, lambdaType(a, 2)), nullable: anyNullable(a.slice(0, 2)) }), {
      lambdaParams: (before) => [param(mapOf('map_zip_with', before[0]).key, false), param(mapOf('map_zip_with', before[0]).value), param(mapOf('map_zip_with', before[1], 2).value)],
    }),
  ];
}

void isIntegral;
