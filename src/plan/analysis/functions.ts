/**
 * The built-in function registry: for each Spark function name, its category (scalar, aggregate,
 * window, generator), how many arguments it takes, its result type from the argument types, and
 * how Spark names a call (Spark's FunctionRegistry and the expression classes' `dataType`,
 * `checkInputDataTypes`, `prettyName`). The families live in functions/*.ts; this module is the
 * one lookup. A function we do not know is not guessed: the analyzer reports UNRESOLVED_ROUTINE.
 */
import type { FunctionDef } from './functions/define.js';
import { aggregateFunctions } from './functions/aggregate.js';
import { collectionFunctions } from './functions/collection.js';
import { datetimeFunctions } from './functions/datetime.js';
import { generatorFunctions } from './functions/generator.js';
import { jsonFunctions } from './functions/json.js';
import { mathFunctions } from './functions/math.js';
import { sketchFunctions } from './functions/sketch.js';
import { miscFunctions } from './functions/misc.js';
import { stringFunctions } from './functions/string.js';
import { windowFunctions } from './functions/window.js';

export type { ArgInfo, FunctionDef, FunctionResult, GeneratorColumn, LambdaParam } from './functions/define.js';
export { fixed, scalar, aggregate, typeMismatch } from './functions/define.js';

/**
 * Name → definition, made at the first lookup: the ~450 definitions (closures, spreads, a map) are
 * 0.5 ms and 250 KB of young garbage at start-up, which a process that only parses and prints
 * (`leafguard/parser` reaches this module through the printer's naming) never needs.
 */
let registry: Map<string, FunctionDef> | undefined;
function definitions(): Map<string, FunctionDef> {
  if (registry !== undefined) return registry;
  registry = new Map<string, FunctionDef>();
  // Order matters only where two families define a name: the later wins (none do today).
  const families = [mathFunctions, stringFunctions, datetimeFunctions, aggregateFunctions, windowFunctions, collectionFunctions, generatorFunctions, jsonFunctions, miscFunctions, sketchFunctions];
  for (const family of families) defineFunctions(family());
  return registry;
}

export function lookupFunction(name: string): FunctionDef | undefined {
  return definitions().get(name.toLowerCase());
}

/** Every registered name (aliases included), for suggestions in error messages. */
export function functionNames(): readonly string[] {
  return [...definitions().keys()];
}

/**
 * Registers functions (later definitions of a name replace earlier ones); `aliases` map extra
 * names onto registered definitions.
 */
export function defineFunctions(defs: readonly FunctionDef[], aliases: Readonly<Record<string, string>> = {}): void {
  const byName = definitions();
  for (const d of defs) byName.set(d.name, d);
  for (const [alias, target] of Object.entries(aliases)) {
    const d = byName.get(target);
    if (d === undefined) throw new Error(`alias ${alias} of unknown function ${target}`);
    byName.set(alias, { ...d, name: alias });
  }
}
