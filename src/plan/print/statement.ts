/** Statement → Spark SQL. */
import type { Plan } from '../logical.js';
import type { Statement } from '../statement.js';
import { statementShapes } from '../statement-shapes.js';
import { quoteParts } from './names.js';
import { printPlan } from './query.js';

export function isStatement(p: Plan): p is Statement {
  return Object.prototype.hasOwnProperty.call(statementShapes, p.kind);
}

export function printStatement(s: Statement): string {
  switch (s.kind) {
    case 'UnsupportedStatement':
      return s.text;
    case 'UseStatement':
      return `USE ${quoteParts(s.namespace)}`;
    case 'Explain':
      return `EXPLAIN ${s.mode === 'SIMPLE' ? '' : s.mode + ' '}${printPlan(s.statement)}`;
  }
}
