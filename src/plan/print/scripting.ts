/**
 * SQL scripting → Spark SQL: `BEGIN … END` blocks and their control flow. Every statement in a
 * body is followed by `;`, as Spark's compoundBody requires.
 */
import type { Plan } from '../logical.js';
import type { ConditionalBody, HandlerCondition, Statement } from '../statement.js';
import { quoteIdent, quoteParts, quoteString } from './names.js';
import { printExpression } from './expression.js';
import { printPlan } from './query.js';

export type ScriptingStatement = Extract<
  Statement,
  {
    kind:
      | 'CompoundBlock' | 'IfElseStatement' | 'CaseStatement' | 'WhileStatement' | 'RepeatStatement' | 'LoopStatement'
      | 'ForStatement' | 'LeaveStatement' | 'IterateStatement' | 'DeclareCondition' | 'DeclareHandler';
  }
>;

/** `stmt; stmt;` */
function body(stmts: readonly Plan[]): string {
  return stmts.map((s) => `${printPlan(s)};`).join(' ');
}

const begin = (label: string | null): string => (label === null ? '' : `${quoteIdent(label)}: `);
const end = (label: string | null): string => (label === null ? '' : ` ${quoteIdent(label)}`);

function branches(bs: readonly ConditionalBody[], elseBody: readonly Plan[] | null, keyword: 'ELSEIF' | 'WHEN'): string {
  let out = bs
    .map((b, i) => `${keyword === 'ELSEIF' ? (i === 0 ? 'IF' : 'ELSEIF') : 'WHEN'} ${printExpression(b.condition)} THEN ${body(b.body)}`)
    .join(' ');
  if (elseBody !== null) out += ` ELSE ${body(elseBody)}`;
  return out;
}

function handlerCondition(c: HandlerCondition): string {
  switch (c.type) {
    case 'SQLSTATE':
      return `SQLSTATE ${quoteString(c.sqlState)}`;
    case 'SQLEXCEPTION':
      return 'SQLEXCEPTION';
    case 'NOT FOUND':
      return 'NOT FOUND';
    case 'CONDITION':
      return quoteParts(c.name);
  }
}

export function printScripting(s: ScriptingStatement): string {
  switch (s.kind) {
    case 'CompoundBlock':
      return `${begin(s.label)}BEGIN ${s.body.length === 0 ? '' : `${body(s.body)} `}END${end(s.label)}`;
    case 'IfElseStatement':
      return `${branches(s.branches, s.elseBody, 'ELSEIF')} END IF`;
    case 'CaseStatement':
      return `CASE ${s.operand === null ? '' : `${printExpression(s.operand)} `}${branches(s.branches, s.elseBody, 'WHEN')} END CASE`;
    case 'WhileStatement':
      return `${begin(s.label)}WHILE ${printExpression(s.condition)} DO ${body(s.body)} END WHILE${end(s.label)}`;
    case 'RepeatStatement':
      return `${begin(s.label)}REPEAT ${body(s.body)} UNTIL ${printExpression(s.until)} END REPEAT${end(s.label)}`;
    case 'LoopStatement':
      return `${begin(s.label)}LOOP ${body(s.body)} END LOOP${end(s.label)}`;
    case 'ForStatement':
      return `${begin(s.label)}FOR ${s.variable === null ? '' : `${quoteIdent(s.variable)} AS `}${printPlan(s.query)} DO ${body(s.body)} END FOR${end(s.label)}`;
    case 'LeaveStatement':
      return `LEAVE ${quoteIdent(s.label)}`;
    case 'IterateStatement':
      return `ITERATE ${quoteIdent(s.label)}`;
    case 'DeclareCondition':
      return `DECLARE ${quoteIdent(s.name)} CONDITION${s.sqlState === null ? '' : ` FOR SQLSTATE ${quoteString(s.sqlState)}`}`;
    case 'DeclareHandler':
      return `DECLARE ${s.type} HANDLER FOR ${s.conditions.map(handlerCondition).join(', ')} ${printPlan(s.body)}`;
  }
}
