/**
 * Resolves a column-free expression (`upper('a') || 1`) with the function registry alone, so the
 * type and name modules can be tested without a catalog: functions become ResolvedFunctions,
 * lambda parameters LambdaVariables typed by their higher-order function.
 */
import { parseExpression } from '../../src/parser/index.js';
import type { Expression } from '../../src/plan/expression.js';
import type { DataType } from '../../src/plan/data-type.js';
import { typeToString } from '../../src/plan/data-type.js';
import { mapExprSlots } from '../../src/plan/children.js';
import { lookupFunction } from '../../src/plan/analysis/functions.js';
import { typeOf, nullableOf } from '../../src/plan/analysis/type-of.js';
import { outputName } from '../../src/plan/analysis/names.js';

let nextId = 1;

function resolve(e: Expression, scope: ReadonlyMap<string, Expression>): Expression {
  if (e.kind === 'UnresolvedAttribute') {
    const v = scope.get(e.nameParts[0]!.toLowerCase());
    if (v === undefined) throw new Error(`no column ${e.nameParts.join('.')} in a constant expression`);
    return e.nameParts.slice(1).reduce<Expression>((child, field) => ({ kind: 'FieldAccess', child, field }), v);
  }
  if (e.kind !== 'UnresolvedFunction') return mapExprSlots(e, (p) => p, (k) => resolve(k, scope));
  const def = lookupFunction(e.name.join('.'));
  if (def === undefined) throw new Error(`unknown function ${e.name.join('.')}`);
  const args: Expression[] = [];
  const info = () => args.map((x) => ({ expr: x, type: typeOf(x), nullable: nullableOf(x) }));
  e.args.forEach((a, i) => {
    if (a.kind !== 'LambdaFunction') return void args.push(resolve(a, scope));
    const params = def.lambdaParams?.(info(), i, a.params.length) ?? [];
    const inner = new Map(scope);
    a.params.forEach((p, j) => inner.set(p.toLowerCase(), { kind: 'LambdaVariable', id: nextId++, name: p, type: params[j]?.type ?? { kind: 'unknown' }, nullable: params[j]?.nullable ?? true }));
    args.push({ ...a, body: resolve(a.body, inner) });
  });
  const r = def.result(info());
  return { kind: 'ResolvedFunction', name: def.name, written: e.name, category: def.category, args, distinct: e.distinct, filter: null, ignoreNulls: e.ignoreNulls, withinGroup: e.withinGroup, type: r.type, nullable: r.nullable };
}

export function resolveConstant(sql: string): Expression {
  return resolve(parseExpression(sql), new Map());
}

/** Spark's `name:type` for an unaliased constant expression, as in a corpus schema. */
export function column(sql: string): string {
  const e = resolveConstant(sql);
  return `${outputName(e)}:${typeToString(typeOf(e))}`;
}

export function typeText(t: DataType): string {
  return typeToString(t);
}
