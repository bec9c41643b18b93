/** Generators (Spark's generators.scala): the columns each produces and their default names. */
import type { DataType } from '../../data-type.js';
import { T, commonType, isNull, isUnknown } from '../types.js';
import { AnalysisError } from '../errors.js';
import { type ArgInfo, type FunctionDef, type GeneratorColumn, elementOf, generator, literalInt, mapOf, typeMismatch } from './define.js';
import { typeToString } from '../../data-type.js';

const col = (name: string, type: DataType, nullable = true): GeneratorColumn => ({ name, type, nullable });

/** explode: `col` for arrays, `key`/`value` for maps; posexplode adds `pos` first. */
function explodeColumns(fn: string, withPos: boolean) {
  return (a: readonly ArgInfo[]): readonly GeneratorColumn[] => {
    const t = a[0]!.type;
    const pos = withPos ? [col('pos', T.int, false)] : [];
    if (t.kind === 'map') return [...pos, col('key', t.key, false), col('value', t.value)];
    if (t.kind === 'array' || isNull(t)) return [...pos, col('col', t.kind === 'array' ? t.element : T.void)];
    if (isUnknown(t)) return [...pos, col('col', T.unknown)];
    throw typeMismatch(fn, `Parameter 1 requires the ("ARRAY" or "MAP") type, however has the type "${typeToString(t)}".`);
  };
}

/** inline: one column per field of the array's struct elements. */
function inlineColumns(fn: string) {
  return (a: readonly ArgInfo[]): readonly GeneratorColumn[] => {
    const e = elementOf(fn, a[0]);
    if (e.kind === 'struct') return e.fields.map((f) => col(f.name, f.type, f.nullable));
    if (isUnknown(e)) return [col('col', T.unknown)];
    throw typeMismatch(fn, `Parameter 1 requires the "ARRAY<STRUCT>" type, however has the type "${typeToString(a[0]!.type)}".`);
  };
}

/** stack(n, v1, …): ceil(k/n) columns `col0`, `col1`, … of the common type of each column's values. */
function stackColumns(a: readonly ArgInfo[]): readonly GeneratorColumn[] {
  const n = literalInt(a[0]);
  if (n === null || n <= 0) return [col('col0', T.unknown)];
  const values = a.slice(1);
  const width = Math.ceil(values.length / n);
  const cols: GeneratorColumn[] = [];
  for (let c = 0; c < width; c++) {
    const ts: DataType[] = [];
    for (let r = 0; r < n; r++) {
      const v = values[r * width + c];
      if (v !== undefined) ts.push(v.type);
    }
    const t = commonType(ts);
    if (t === null) {
      throw new AnalysisError('DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES', `Cannot resolve "stack" due to data type mismatch: The data type of the column (${c}) do not have the same type.`, { functionName: 'stack' });
    }
    cols.push(col(`col${c}`, t));
  }
  return cols;
}

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function generatorFunctions(): readonly FunctionDef[] {
  return [
    generator('explode', 1, 1, explodeColumns('explode', false)),
    generator('explode_outer', 1, 1, explodeColumns('explode_outer', false)),
    generator('posexplode', 1, 1, explodeColumns('posexplode', true)),
    generator('posexplode_outer', 1, 1, explodeColumns('posexplode_outer', true)),
    generator('inline', 1, 1, inlineColumns('inline')),
    generator('inline_outer', 1, 1, inlineColumns('inline_outer')),
    generator('stack', 2, Infinity, stackColumns),
    generator('json_tuple', 2, Infinity, (a) => a.slice(1).map((_, i) => col(`c${i}`, T.string))),
  ];
}

void mapOf;
