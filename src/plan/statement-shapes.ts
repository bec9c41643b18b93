/** Children entries of the statement kinds (see children.ts). */
import type { Statement } from './statement.js';
import { slots as s, type Shape } from './slots.js';

type Table = { readonly [K in Statement['kind']]: Shape<Extract<Statement, { kind: K }>> };

export const statementShapes: Table = {
  UnsupportedStatement: {},
  UseStatement: {},
  Explain: { statement: s.plan },
};
