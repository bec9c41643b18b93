/**
 * `explain(plan)`: a resolved (or unresolved) plan as a Spark-style tree, one operator per line,
 * columns as `name#id` so that a reader can follow a column from its scan to the top:
 *
 *   Project [name#2]
 *   +- Filter (salary#4 > 10)
 *      +- Relation spark_catalog.hr.employees[id#1,name#2,ssn#3,salary#4]
 */
import type { Expression } from '../expression.js';
import type { Plan } from '../logical.js';
import type { AttributeRef } from '../resolved.js';
import { visitExprSlots, visitPlanSlots } from '../children.js';
import { printExpression, printSortOrder, withAttributePrinter } from './expression.js';
import { quoteParts } from './names.js';
import { printStatement, isStatement } from './statement.js';

const attr = (a: AttributeRef): string => `${a.name}#${a.id}`;
const list = (xs: readonly Expression[]): string => `[${xs.map(printExpression).join(', ')}]`;
const attrs = (xs: readonly AttributeRef[]): string => `[${xs.map(attr).join(',')}]`;

export function explain(plan: Plan): string {
  return withAttributePrinter(
    attr,
    () => {
      const lines: string[] = [];
      tree(plan, '', '', lines);
      return lines.join('\n');
    },
    true,
  );
}

function tree(p: Plan, first: string, rest: string, lines: string[]): void {
  lines.push(first + describe(p));
  const children: Plan[] = [];
  visitPlanSlots(
    p,
    (c) => children.push(c),
    () => {},
  );
  // Subqueries in expressions are shown as children too, so nothing is hidden from a reader.
  visitPlanSlots(
    p,
    () => {},
    (e) => collectSubqueries(e, children),
  );
  children.forEach((c, i) => {
    const last = i === children.length - 1;
    tree(c, rest + (last ? '+- ' : ':- '), rest + (last ? '   ' : ':  '), lines);
  });
}

function collectSubqueries(e: Expression, into: Plan[]): void {
  visitExprSlots(
    e,
    (q) => into.push(q),
    (c) => collectSubqueries(c, into),
  );
}

function describe(p: Plan): string {
  if (isStatement(p)) return `${p.kind} ${oneLine(printStatement(p))}`;
  switch (p.kind) {
    case 'Relation':
      return `Relation ${quoteParts([p.table.catalog, p.table.database, p.table.name].filter((x): x is string => x !== null))}${attrs(p.output)}`;
    case 'FileRelation':
      return `FileRelation ${p.format}.\`${p.path}\``;
    case 'View':
      return `View (${quoteParts([p.view.catalog, p.view.database, p.view.name].filter((x): x is string => x !== null))}${p.temporary ? ', temporary' : ''})`;
    case 'SecureScan':
      return `SecureScan ${quoteParts([p.table.catalog, p.table.database, p.table.name].filter((x): x is string => x !== null))} [${p.policyIds.join(', ')}]`;
    case 'CteRef':
      return `CTERelationRef ${p.name} (cte ${p.cteId})${attrs(p.output)}`;
    case 'UnresolvedRelation':
      return `'UnresolvedRelation [${p.name.join(', ')}]`;
    case 'SubqueryAlias':
      return `SubqueryAlias ${p.alias}${p.columnAliases === null ? '' : `(${p.columnAliases.join(', ')})`}`;
    case 'Project':
      return `Project ${list(p.projectList)}`;
    case 'Filter':
      return `Filter ${printExpression(p.condition)}`;
    case 'UnresolvedHaving':
      return `Filter (having) ${printExpression(p.condition)}`;
    case 'Qualify':
      return `Filter (qualify) ${printExpression(p.condition)}`;
    case 'Aggregate':
      return `Aggregate ${list(p.groupingExpressions)}, ${list(p.aggregateExpressions)}`;
    case 'Sort':
      return `Sort [${p.order.map(printSortOrder).join(', ')}], ${p.global}`;
    case 'Join':
      return `Join ${p.joinType}${p.natural ? ' NATURAL' : ''}${p.lateral ? ' LATERAL' : ''}${p.condition === null ? '' : `, ${printExpression(p.condition)}`}${p.using === null ? '' : `, USING (${p.using.join(', ')})`}`;
    case 'SetOperation':
      return `${p.op}${p.all ? ' ALL' : ''}${p.byName ? ' BY NAME' : ''}`;
    case 'With':
      return `WithCTE [${p.ctes.map((c) => `${c.name}${c.id === undefined ? '' : ` (cte ${c.id})`}`).join(', ')}]`;
    case 'Limit':
      return `Limit ${p.limit === null ? 'ALL' : printExpression(p.limit)}`;
    case 'Offset':
      return `Offset ${printExpression(p.offset)}`;
    case 'Generate':
      return `Generate ${printExpression(p.generator)}, ${p.outer}${p.generatorOutput === undefined ? '' : `, ${attrs(p.generatorOutput)}`}`;
    case 'InlineTable':
      return `LocalRelation ${p.output === undefined ? '' : attrs(p.output)} (${p.rows.length} rows)`;
    case 'TableValuedFunction':
      return `TableValuedFunction ${p.name.join('.')}(${p.args.map(printExpression).join(', ')})${p.output === undefined ? '' : attrs(p.output)}`;
    default:
      return `${p.kind}${p.kind === 'Pivot' || p.kind === 'Unpivot' ? (p.output === undefined ? '' : ` ${attrs(p.output)}`) : ''}`;
  }
}

function oneLine(s: string): string {
  return s.length > 120 ? s.replace(/\s+/g, ' ').slice(0, 117) + '...' : s.replace(/\s+/g, ' ');
}
