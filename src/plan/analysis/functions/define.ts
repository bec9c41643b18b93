/**
 * The vocabulary of function definitions: what a definition declares (arity, category, result
 * type, lambda parameter types, generated columns, a name override) and small combinators that
 * keep the family tables (string.ts, math.ts, …) one line per function.
 */
import type { DataType } from '../../data-type.js';
import type { Expression } from '../../expression.js';
import type { FunctionCategory, ResolvedFunction } from '../../resolved.js';
import { AnalysisError } from '../errors.js';
import { T, commonType, isNull, isUnknown, isStringLike, wellModelled } from '../types.js';
import { typeToString } from '../../data-type.js';

/** What the registry sees of one resolved argument. */
export interface ArgInfo {
  readonly expr: Expression;
  readonly type: DataType;
  readonly nullable: boolean;
}

export interface FunctionResult {
  readonly type: DataType;
  readonly nullable: boolean;
}

/** One column a generator produces (`explode` → `col`; `posexplode` → `pos`, `col`). */
export interface GeneratorColumn {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
}

/** A lambda parameter's type, as the higher-order function binds it. */
export interface LambdaParam {
  readonly type: DataType;
  readonly nullable: boolean;
}

export interface FunctionDef {
  /** Lower-case registry name. */
  readonly name: string;
  readonly category: FunctionCategory;
  /** Accepted argument counts, inclusive. */
  readonly minArgs: number;
  readonly maxArgs: number;
  /** The result type; throws AnalysisError (DATATYPE_MISMATCH.*) when the arguments do not fit. */
  readonly result: (args: readonly ArgInfo[]) => FunctionResult;
  /** For generators: the columns produced. */
  readonly generatorColumns?: (args: readonly ArgInfo[]) => readonly GeneratorColumn[];
  /**
   * For higher-order functions: the parameters of the lambda at argument `index`, given the
   * arguments before it (already resolved) and the lambda's parameter count.
   */
  readonly lambdaParams?: (before: readonly ArgInfo[], index: number, arity: number) => readonly LambdaParam[];
  /**
   * Spark's generated name when it is not `name(arg, …)`: `args` are the arguments' generated
   * texts, `name` the lower-cased name the call was written with.
   */
  readonly pretty?: (name: string, args: readonly string[], call: ResolvedFunction) => string;
  /**
   * The name Spark prints when it is not the name the call was written with: math functions
   * print their class's upper-case name (`CEIL(x)`, `POWER(a, b)`) unless called by an alias.
   */
  readonly sqlName?: string;
  /**
   * The function is a cast alias (`int(x)`, `string(x)`): Spark drops such casts from generated
   * names, so the name is the argument's.
   */
  readonly transparentName?: boolean;
}

export type ResultFn = FunctionDef['result'];

// ---- building definitions ----------------------------------------------------------------------

type Extra = Partial<Pick<FunctionDef, 'generatorColumns' | 'lambdaParams' | 'pretty' | 'transparentName' | 'sqlName'>>;

export function scalar(name: string, minArgs: number, maxArgs: number, result: ResultFn, extra: Extra = {}): FunctionDef {
  return { name, category: 'scalar', minArgs, maxArgs, result, ...extra };
}

export function aggregate(name: string, minArgs: number, maxArgs: number, result: ResultFn, extra: Extra = {}): FunctionDef {
  return { name, category: 'aggregate', minArgs, maxArgs, result, ...extra };
}

export function windowFn(name: string, minArgs: number, maxArgs: number, result: ResultFn, extra: Extra = {}): FunctionDef {
  return { name, category: 'window', minArgs, maxArgs, result, ...extra };
}

export function generator(name: string, minArgs: number, maxArgs: number, columns: NonNullable<FunctionDef['generatorColumns']>, extra: Extra = {}): FunctionDef {
  return {
    name,
    category: 'generator',
    minArgs,
    maxArgs,
    // A generator used as a value (not in SELECT or LATERAL VIEW) has no single type.
    result: () => ({ type: T.unknown, nullable: true }),
    generatorColumns: columns,
    ...extra,
  };
}

/**
 * The same definition under another name. Spark prints most aliases under their own name
 * (`ceiling(x)`, `sign(x)`); `keepSqlName` keeps the target's printed name (`random()` → `rand()`).
 */
export function alias(def: FunctionDef, name: string, keepSqlName = false): FunctionDef {
  const { sqlName, ...rest } = def;
  return keepSqlName ? { ...rest, name, sqlName: sqlName ?? def.name } : { ...rest, name };
}

// ---- result combinators ------------------------------------------------------------------------

export const anyNullable = (args: readonly ArgInfo[]): boolean => args.some((a) => a.nullable);
export const alwaysNullable = (): boolean => true;
export const neverNullable = (): boolean => false;

/** A fixed result type, null when any argument is (the default for Spark's null-intolerant functions). */
export function fixed(type: DataType, nullable: (args: readonly ArgInfo[]) => boolean = anyNullable): ResultFn {
  return (args) => ({ type, nullable: nullable(args) });
}

/** The type of argument `i`. */
export function sameAs(i: number, nullable: (args: readonly ArgInfo[]) => boolean = anyNullable): ResultFn {
  return (args) => ({ type: args[i]?.type ?? T.unknown, nullable: nullable(args) });
}

/** The common type of the arguments from `from` on (greatest, coalesce, …); `unknown` if none. */
export function widest(fn: string, from = 0, nullable: (args: readonly ArgInfo[]) => boolean = anyNullable): ResultFn {
  return (args) => ({ type: commonOf(fn, args.slice(from)), nullable: nullable(args) });
}

/**
 * The common type of some arguments, or DATATYPE_MISMATCH.DATA_DIFF_TYPES when two of them have
 * none (e.g. `coalesce(1, array(1))`).
 */
export function commonOf(fn: string, args: readonly ArgInfo[]): DataType {
  const t = commonType(args.map((a) => a.type));
  if (t !== null) return t;
  // Time, geo and collated types have widening rules we do not model: unknown, not an error.
  if (!args.every((a) => wellModelled(a.type))) return T.unknown;
  throw new AnalysisError(
    'DATATYPE_MISMATCH.DATA_DIFF_TYPES',
    `Cannot resolve "${fn}" due to data type mismatch: Input to \`${fn}\` should all be the same type, but it's [${args.map((a) => typeToString(a.type)).join(', ')}].`,
    { functionName: fn },
  );
}

export function typeMismatch(fn: string, message: string): AnalysisError {
  return new AnalysisError('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE', `Cannot resolve "${fn}" due to data type mismatch: ${message}`, { functionName: fn });
}

/** The element type of an array argument; null when the argument is NULL or of unknown type. */
export function elementOf(fn: string, a: ArgInfo | undefined, position = 1): DataType {
  if (a === undefined) return T.unknown;
  const t = a.type;
  if (t.kind === 'array') return t.element;
  if (isUnknown(t)) return T.unknown;
  if (isNull(t)) return T.void;
  throw typeMismatch(fn, `Parameter ${position} requires the "ARRAY" type, however "${typeToString(t)}" has the type "${typeToString(t)}".`);
}

/** The key and value types of a map argument. */
export function mapOf(fn: string, a: ArgInfo | undefined, position = 1): { key: DataType; value: DataType } {
  if (a === undefined) return { key: T.unknown, value: T.unknown };
  const t = a.type;
  if (t.kind === 'map') return { key: t.key, value: t.value };
  if (isUnknown(t)) return { key: T.unknown, value: T.unknown };
  if (isNull(t)) return { key: T.void, value: T.void };
  throw typeMismatch(fn, `Parameter ${position} requires the "MAP" type, however "${typeToString(t)}" has the type "${typeToString(t)}".`);
}

/** String functions keep the collation of their (first) string argument. */
export function stringResult(args: readonly ArgInfo[], i = 0): DataType {
  const t = args[i]?.type;
  return t !== undefined && t.kind === 'string' && t.collation !== null ? t : T.string;
}

/** `string`, or `binary` when the argument is binary (substr, lpad, concat, reverse, …). */
export function stringOrBinary(args: readonly ArgInfo[], i = 0): DataType {
  const t = args[i]?.type;
  if (t !== undefined && t.kind === 'primitive' && t.name === 'binary') return T.binary;
  return stringResult(args, i);
}

export const isBinary = (t: DataType): boolean => t.kind === 'primitive' && t.name === 'binary';
export { isStringLike };

/** The text of a foldable string literal argument, when it is one. */
export function literalString(a: ArgInfo | undefined): string | null {
  if (a === undefined) return null;
  const e = a.expr;
  return e.kind === 'Literal' && e.type === 'string' && typeof e.value === 'string' ? e.value : null;
}

/** The value of an integer literal argument, when it is one. */
export function literalInt(a: ArgInfo | undefined): number | null {
  if (a === undefined) return null;
  let e = a.expr;
  let sign = 1;
  if (e.kind === 'UnaryOp' && e.op === '-') {
    sign = -1;
    e = e.child;
  }
  return e.kind === 'Literal' && (e.type === 'int' || e.type === 'bigint' || e.type === 'smallint' || e.type === 'tinyint') && typeof e.value === 'string' ? sign * Number(e.value) : null;
}

/**
 * A name printer that fills in Spark's default arguments: `substring(s, 2)` is named
 * `substring(s, 2, 2147483647)` because the plan holds the default. `required` arguments come
 * first; `defaults` are the texts of the optional ones that follow, in order.
 */
export function withDefaults(required: number, ...defaults: readonly string[]): NonNullable<FunctionDef['pretty']> {
  return (name, args, call) => {
    const filled = args.length >= required ? [...args, ...defaults.slice(args.length - required)] : args;
    return `${name}(${call.distinct ? 'DISTINCT ' : ''}${filled.join(', ')})`;
  };
}
