/**
 * Spark's generated column names for unaliased expressions (`toPrettySQL`): `count(a)`,
 * `(a + 1)`, `CAST(x AS INT)`, `max(b)`. Columns print bare (no qualifier), literals as their
 * value without quotes, functions under the name they were called by, in lower case.
 */
import type { Expression } from '../expression.js';
import { printExpression } from '../print/expression.js';
import { typeToSql } from '../print/data-type.js';

export function outputName(e: Expression): string {
  switch (e.kind) {
    case 'Alias':
      return e.name;
    case 'AttributeRef':
    case 'LambdaVariable':
      return e.name;
    case 'OuterReference':
      return e.attr.name;
    case 'FieldAccess':
      return e.field;
    default:
      return prettySql(e);
  }
}

/** The SQL text Spark uses inside generated names. */
export function prettySql(e: Expression): string {
  switch (e.kind) {
    case 'AttributeRef':
    case 'LambdaVariable':
      return e.name;
    case 'OuterReference':
      return e.attr.name;
    case 'Alias':
      return prettySql(e.child);
    case 'Literal':
      return e.value === null ? 'NULL' : e.type === 'boolean' ? String(e.value).toLowerCase() : String(e.value);
    case 'ResolvedFunction':
      return `${e.written.join('.').toLowerCase()}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(prettySql).join(', ')})`;
    case 'BinaryOp':
      return `(${prettySql(e.left)} ${e.op} ${prettySql(e.right)})`;
    case 'UnaryOp':
      return e.op === 'NOT' ? `(NOT ${prettySql(e.child)})` : `(${e.op} ${prettySql(e.child)})`;
    case 'Cast':
      return `CAST(${prettySql(e.child)} AS ${typeToSql(e.type)})`;
    case 'FieldAccess':
      return `${prettySql(e.child)}.${e.field}`;
    default:
      return printExpression(e);
  }
}
