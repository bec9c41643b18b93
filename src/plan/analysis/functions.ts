/**
 * The built-in function registry: for each Spark function name, its category (scalar, aggregate,
 * window, generator), how many arguments it takes, and its result type from the argument types
 * (Spark's FunctionRegistry and the expression classes' `dataType` / `checkInputDataTypes`).
 * A function we do not know is not guessed: the analyzer reports UNRESOLVED_ROUTINE.
 */
import type { DataType } from '../data-type.js';
import type { Expression } from '../expression.js';
import type { FunctionCategory } from '../resolved.js';
import { AnalysisError } from './errors.js';
import { T, commonType, decimalFor, boundedDecimal, isNumeric, isUnknown, isIntegral } from './types.js';

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
}

const registry = new Map<string, FunctionDef>();

export function lookupFunction(name: string): FunctionDef | undefined {
  return registry.get(name.toLowerCase());
}

/** Registers functions; later modules add theirs with the same call. */
export function defineFunctions(defs: readonly FunctionDef[], aliases: Readonly<Record<string, string>> = {}): void {
  for (const d of defs) registry.set(d.name, d);
  for (const [alias, target] of Object.entries(aliases)) {
    const d = registry.get(target);
    if (d === undefined) throw new Error(`alias ${alias} of unknown function ${target}`);
    registry.set(alias, d);
  }
}

// ---- helpers for definitions --------------------------------------------------------------------

const anyNullable = (args: readonly ArgInfo[]): boolean => args.some((a) => a.nullable);

export function fixed(type: DataType, nullable: (args: readonly ArgInfo[]) => boolean = anyNullable): (args: readonly ArgInfo[]) => FunctionResult {
  return (args) => ({ type, nullable: nullable(args) });
}

export function scalar(name: string, minArgs: number, maxArgs: number, result: FunctionDef['result']): FunctionDef {
  return { name, category: 'scalar', minArgs, maxArgs, result };
}

export function aggregate(name: string, minArgs: number, maxArgs: number, result: FunctionDef['result']): FunctionDef {
  return { name, category: 'aggregate', minArgs, maxArgs, result };
}

export function typeMismatch(fn: string, message: string): AnalysisError {
  return new AnalysisError('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE', `Cannot resolve "${fn}" due to data type mismatch: ${message}`, { functionName: fn });
}

// ---- a first set: the functions the thin end-to-end path needs ---------------------------------

/** Spark's Sum result type: bigint for integrals, decimal(p+10, s), double otherwise. */
function sumType(t: DataType): DataType {
  if (isUnknown(t)) return T.unknown;
  if (isIntegral(t)) return T.bigint;
  if (t.kind === 'decimal') return boundedDecimal(t.precision + 10, t.scale);
  return T.double;
}

/** Spark's Average result type: decimal(p+4, s+4) for decimals, double otherwise. */
function avgType(t: DataType): DataType {
  if (isUnknown(t)) return T.unknown;
  if (t.kind === 'decimal') return boundedDecimal(t.precision + 4, t.scale + 4);
  return T.double;
}

const first = (args: readonly ArgInfo[]): ArgInfo => args[0]!;

defineFunctions([
  aggregate('count', 0, Infinity, () => ({ type: T.bigint, nullable: false })),
  aggregate('sum', 1, 1, (a) => {
    const t = first(a).type;
    if (!isNumeric(t) && !isUnknown(t) && t.kind !== 'interval') throw typeMismatch('sum', 'requires a numeric or interval argument');
    return { type: sumType(t), nullable: true };
  }),
  aggregate('avg', 1, 1, (a) => ({ type: avgType(first(a).type), nullable: true })),
  aggregate('min', 1, 1, (a) => ({ type: first(a).type, nullable: true })),
  aggregate('max', 1, 1, (a) => ({ type: first(a).type, nullable: true })),
  scalar('upper', 1, 1, fixed(T.string)),
  scalar('lower', 1, 1, fixed(T.string)),
  scalar('length', 1, 1, fixed(T.int)),
  scalar('coalesce', 1, Infinity, (a) => ({ type: commonType(a.map((x) => x.type)) ?? T.unknown, nullable: a.every((x) => x.nullable) })),
  scalar('abs', 1, 1, (a) => ({ type: first(a).type, nullable: first(a).nullable })),
  scalar('concat', 0, Infinity, fixed(T.string)),
  scalar('sha2', 2, 2, fixed(T.string)),
  scalar('current_user', 0, 0, fixed(T.string, () => false)),
  {
    name: 'explode',
    category: 'generator',
    minArgs: 1,
    maxArgs: 1,
    result: () => ({ type: T.unknown, nullable: true }),
    generatorColumns: (a) => {
      const t = first(a).type;
      if (t.kind === 'array') return [{ name: 'col', type: t.element, nullable: true }];
      if (t.kind === 'map') return [{ name: 'key', type: t.key, nullable: false }, { name: 'value', type: t.value, nullable: true }];
      if (isUnknown(t)) return [{ name: 'col', type: T.unknown, nullable: true }];
      throw typeMismatch('explode', 'requires an array or map argument');
    },
  },
], { len: 'length', ucase: 'upper', lcase: 'lower', mean: 'avg' });

void decimalFor;
