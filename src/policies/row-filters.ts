/**
 * The row-filter shorthands of the policy model as predicates (unresolved, identity values as
 * literals): `match` (a column against the identity's groups or attribute values), `window`
 * (a date or timestamp column within N days of `now`) and `sample` (a deterministic share of the
 * rows by a key).
 */
import type { Expression } from '../plan/expression.js';
import type { AttributeRef } from '../plan/resolved.js';
import { PolicyCompileError, bool, str } from './compile-expression.js';
import { attributeValues, type Identity } from './identity.js';
import type { RowFilterPolicy } from './schema.js';

/** The predicate of a `match`, `window` or `sample` row filter (unresolved). */
export function shorthandPredicate(f: RowFilterPolicy, identity: Identity, raw: readonly AttributeRef[], now: Date): Expression {
  if (f.match !== undefined) {
    const values = f.match.groups === true ? [...(identity.groups ?? [])] : attributeValues(identity, f.match.attribute ?? '');
    const column: Expression = { kind: 'UnresolvedAttribute', nameParts: [f.match.column] };
    return values.length === 0 ? bool(false) : { kind: 'In', value: column, list: values.map(str), negated: false };
  }
  if (f.window !== undefined) return windowFilter(f.window, raw, now, f.id);
  if (f.sample !== undefined) return sampleFilter(f.sample);
  throw new PolicyCompileError(f.id, 'gives no predicate');
}

/**
 * `window`: `column >= <now − newer days>` and/or `column < <now − older days>`, the bounds as
 * literals of the column's type (a DATE is the UTC date; a TIMESTAMP the instant).
 */
export function windowFilter(w: NonNullable<RowFilterPolicy['window']>, columns: readonly AttributeRef[], now: Date, policyId: string): Expression {
  const col = columns.find((c) => c.name.toLowerCase() === w.column.toLowerCase());
  if (col === undefined) throw new PolicyCompileError(policyId, `the window column ${w.column} is not a column of the table`);
  const isDate = col.type.kind === 'primitive' && col.type.name === 'date';
  if (!isDate && col.type.kind !== 'timestamp') throw new PolicyCompileError(policyId, `the window column ${w.column} is not a DATE or TIMESTAMP`);
  const bound = (days: number): Expression => {
    const t = new Date(now.getTime() - days * 86_400_000).toISOString();
    return isDate ? { kind: 'Literal', type: 'date', value: t.slice(0, 10) } : { kind: 'Cast', child: str(t.replace('T', ' ').replace('Z', '')), type: col.type, mode: 'cast' };
  };
  const attr: Expression = { kind: 'UnresolvedAttribute', nameParts: [w.column] };
  const parts: Expression[] = [];
  if (w.newerThanDays !== undefined) parts.push({ kind: 'BinaryOp', op: '>=', left: attr, right: bound(w.newerThanDays) });
  if (w.olderThanDays !== undefined) parts.push({ kind: 'BinaryOp', op: '<', left: attr, right: bound(w.olderThanDays) });
  return parts.reduce((a, b) => ({ kind: 'BinaryOp', op: 'AND', left: a, right: b }));
}

/** `sample`: see the schema (a hash both Spark and DuckDB compute alike). */
export function sampleFilter(s: NonNullable<RowFilterPolicy['sample']>): Expression {
  const fn = (name: string, ...args: Expression[]): Expression => ({ kind: 'UnresolvedFunction', name: [name], args, distinct: false, filter: null, ignoreNulls: null, withinGroup: null });
  const int = (n: number): Expression => ({ kind: 'Literal', type: 'int', value: String(n) });
  const key: Expression = { kind: 'Cast', child: { kind: 'UnresolvedAttribute', nameParts: [s.column] }, type: { kind: 'string', collation: null }, mode: 'cast' };
  const bucket: Expression = {
    kind: 'Cast',
    child: fn('conv', fn('substring', fn('md5', key), int(1), int(8)), int(16), int(10)),
    type: { kind: 'primitive', name: 'bigint' },
    mode: 'cast',
  };
  const pct: Expression = Number.isInteger(s.percent) ? int(s.percent) : { kind: 'Literal', type: 'double', value: String(s.percent) };
  return { kind: 'BinaryOp', op: '<', left: { kind: 'BinaryOp', op: '%', left: bucket, right: int(100) }, right: pct };
}
