/** Window-only functions (Spark's windowExpressions.scala): ranking, distribution, offsets. */
import { T } from '../types.js';
import { type FunctionDef, alwaysNullable, fixed, neverNullable, sameAs, windowFn, commonOf, withDefaults } from './define.js';

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function windowFunctions(): readonly FunctionDef[] {
  return [
    windowFn('row_number', 0, 0, fixed(T.int, neverNullable)),
    windowFn('rank', 0, 0, fixed(T.int, neverNullable)),
    windowFn('dense_rank', 0, 0, fixed(T.int, neverNullable)),
    windowFn('percent_rank', 0, 0, fixed(T.double, neverNullable)),
    windowFn('cume_dist', 0, 0, fixed(T.double, neverNullable)),
    windowFn('ntile', 0, 1, fixed(T.int, alwaysNullable), { pretty: withDefaults(0, '1') }),
    // lag(x[, offset[, default]]): the default's type widens the result (Spark coerces it to x's type).
    windowFn('lag', 1, 3, (a) => ({ type: a.length === 3 ? commonOf('lag', [a[0]!, a[2]!]) : a[0]!.type, nullable: true }), { pretty: withDefaults(1, '1', 'NULL') }),
    windowFn('lead', 1, 3, (a) => ({ type: a.length === 3 ? commonOf('lead', [a[0]!, a[2]!]) : a[0]!.type, nullable: true }), { pretty: withDefaults(1, '1', 'NULL') }),
    windowFn('nth_value', 2, 3, sameAs(0, alwaysNullable)),
  ];
}
