/**
 * Query plan → Spark SQL. Reads the operator stacks the parser builds (see grammar/query.ts)
 * back into SELECT blocks; any other stacking is printed as a derived table.
 */
import type { Expression } from '../expression.js';
import type { Plan, QueryPlan, SetOperation } from '../logical.js';
import { printExpression, printSortOrder, printWindowSpec } from './expression.js';
import { quoteIdent, quoteParts, quoteString } from './names.js';
import { printStatement, isStatement } from './statement.js';

/** Prints any plan: a statement or a query. */
export function printPlan(p: Plan): string {
  return isStatement(p) ? printStatement(p) : printQuery(p);
}

/** Prints a query (WITH, set operations, SELECT blocks, query organization). */
export function printQuery(p: Plan): string {
  if (isStatement(p)) return printStatement(p);
  if (p.kind === 'With') {
    const ctes = p.ctes
      .map((c) => `${quoteIdent(c.name)}${c.columnAliases === null ? '' : `(${c.columnAliases.map(quoteIdent).join(', ')})`} AS (${printQuery(c.query)})`)
      .join(', ');
    const body = printQuery(p.child);
    return `WITH ${p.recursive ? 'RECURSIVE ' : ''}${ctes} ${p.child.kind === 'With' ? `(${body})` : body}`;
  }
  return printOrganized(p);
}

/** A query term with ORDER/CLUSTER/DISTRIBUTE/SORT BY, WINDOW, LIMIT and OFFSET on top. */
function printOrganized(p: QueryPlan): string {
  let node: Plan = p;
  let limit: string | null = null;
  let offset: string | null = null;
  let window: string | null = null;
  let sortBy: string | null = null;
  let distributeBy: string | null = null;
  let clusterBy: string | null = null;
  let orderBy: string | null = null;
  if (node.kind === 'Limit') {
    limit = node.limit === null ? 'ALL' : printExpression(node.limit);
    node = node.child;
  }
  if (node.kind === 'Offset') {
    offset = printExpression(node.offset);
    node = node.child;
  }
  if (node.kind === 'WithWindowDefinition' && isOrganization(node.child)) {
    window = printWindows(node.windows);
    node = node.child;
  }
  if (node.kind === 'Sort' && !node.global) {
    sortBy = node.order.map(printSortOrder).join(', ');
    node = node.child;
  }
  if (node.kind === 'Repartition' && !node.clusterBy) {
    distributeBy = node.expressions.map(printExpression).join(', ');
    node = node.child;
  }
  if (node.kind === 'Repartition' && node.clusterBy) {
    clusterBy = node.expressions.map(printExpression).join(', ');
    node = node.child;
  }
  if (node.kind === 'Sort' && node.global) {
    orderBy = node.order.map(printSortOrder).join(', ');
    node = node.child;
  }
  const hasOrganization = node !== p;
  let out = printTerm(node, hasOrganization);
  if (orderBy !== null) out += ` ORDER BY ${orderBy}`;
  if (clusterBy !== null) out += ` CLUSTER BY ${clusterBy}`;
  if (distributeBy !== null) out += ` DISTRIBUTE BY ${distributeBy}`;
  if (sortBy !== null) out += ` SORT BY ${sortBy}`;
  if (window !== null) out += ` ${window}`;
  if (limit !== null) out += ` LIMIT ${limit}`;
  if (offset !== null) out += ` OFFSET ${offset}`;
  return out;
}

/** Whether a plan is one that only query organization (not a SELECT block) sits on. */
function isOrganization(p: Plan): boolean {
  return p.kind === 'Sort' || p.kind === 'Repartition';
}

const SET_PRECEDENCE = { INTERSECT: 2, UNION: 1, EXCEPT: 1 } as const;

/** A query term: a set operation, VALUES, TABLE t, a parenthesised query, or a SELECT block. */
function printTerm(p: Plan, underOrganization: boolean): string {
  void underOrganization;
  switch (p.kind) {
    case 'SetOperation':
      return printSetOperation(p);
    case 'InlineTable':
      return printValues(p.rows);
    case 'UnresolvedRelation':
      if (p.timeTravel === null && p.options === null && p.file === null) {
        return p.identifierClause !== null ? `TABLE IDENTIFIER(${printExpression(p.identifierClause)})` : `TABLE ${quoteParts(p.name)}`;
      }
      break;
  }
  return isQueryTermShape(p) ? `(${printQuery(p)})` : printBlock(p);
}

function isQueryTermShape(p: Plan): boolean {
  return (
    p.kind === 'With' ||
    p.kind === 'Limit' ||
    p.kind === 'Offset' ||
    p.kind === 'Sort' ||
    p.kind === 'Repartition' ||
    (p.kind === 'WithWindowDefinition' && isOrganization(p.child)) ||
    p.kind === 'SetOperation'
  );
}

function printSetOperation(p: SetOperation): string {
  const prec = SET_PRECEDENCE[p.op];
  const side = (c: Plan, min: number): string => {
    const needParens = (c.kind === 'SetOperation' && SET_PRECEDENCE[c.kind === 'SetOperation' ? c.op : 'UNION'] < min) || isOrganized(c) || c.kind === 'With';
    return needParens ? `(${printQuery(c)})` : printTerm(c, false);
  };
  const quant = p.all ? ' ALL' : '';
  return `${side(p.left, prec)} ${p.op}${quant}${p.byName ? ' BY NAME' : ''} ${side(p.right, prec + 1)}`;
}

function isOrganized(p: Plan): boolean {
  return p.kind === 'Limit' || p.kind === 'Offset' || p.kind === 'Sort' || p.kind === 'Repartition' || (p.kind === 'WithWindowDefinition' && isOrganization(p.child));
}

/**
 * A SELECT block, read from the top: Hint* Distinct? Qualify? WithWindowDefinition?
 * UnresolvedHaving? (Project | Aggregate) Filter? Generate* relation. A plan without a Project
 * or Aggregate (e.g. a Filter a rewrite placed over a scan) selects `*`.
 */
function printBlock(p: Plan): string {
  let node = p;
  const hints: string[] = [];
  while (node.kind === 'Hint') {
    hints.push(node.parameters.length === 0 ? quoteIdent(node.name) : `${quoteIdent(node.name)}(${node.parameters.map(printExpression).join(', ')})`);
    node = node.child;
  }
  let distinct = false;
  if (node.kind === 'Distinct') {
    distinct = true;
    node = node.child;
  }
  let qualify: Expression | null = null;
  if (node.kind === 'Qualify') {
    qualify = node.condition;
    node = node.child;
  }
  let windows: string | null = null;
  if (node.kind === 'WithWindowDefinition') {
    windows = printWindows(node.windows);
    node = node.child;
  }
  let having: Expression | null = null;
  if (node.kind === 'UnresolvedHaving') {
    having = node.condition;
    node = node.child;
  }
  const star: readonly Expression[] = [{ kind: 'UnresolvedStar', target: null, except: null }];
  let select: readonly Expression[] = star;
  let groupBy: string | null = null;
  if (node.kind === 'Project') {
    select = node.projectList;
    node = node.child;
  } else if (node.kind === 'Aggregate') {
    select = node.aggregateExpressions;
    if (node.groupByAll) groupBy = 'ALL';
    else if (node.groupingExpressions.length > 0) {
      groupBy = node.groupingExpressions.map(printExpression).join(', ');
      if (node.groupingModifier !== null) groupBy += ` WITH ${node.groupingModifier}`;
    }
    node = node.child;
  }
  let where: Expression | null = null;
  if (node.kind === 'Filter') {
    where = node.condition;
    node = node.child;
  }
  const lateralViews: string[] = [];
  while (node.kind === 'Generate') {
    lateralViews.unshift(
      `LATERAL VIEW ${node.outer ? 'OUTER ' : ''}${printExpression(node.generator)}` +
        (node.tableAlias === null ? '' : ` ${quoteIdent(node.tableAlias)}`) +
        (node.columnAliases.length === 0 ? '' : ` AS ${node.columnAliases.map(quoteIdent).join(', ')}`),
    );
    node = node.child;
  }
  let out = 'SELECT ';
  if (hints.length > 0) out += `/*+ ${hints.join(', ')} */ `;
  if (distinct) out += 'DISTINCT ';
  out += select.map(printExpression).join(', ');
  if (node.kind !== 'OneRowRelation') out += ` FROM ${printRelation(node)}`;
  if (lateralViews.length > 0) out += ' ' + lateralViews.join(' ');
  if (where !== null) out += ` WHERE ${printExpression(where)}`;
  if (groupBy !== null) out += ` GROUP BY ${groupBy}`;
  if (having !== null) out += ` HAVING ${printExpression(having)}`;
  if (windows !== null) out += ` ${windows}`;
  if (qualify !== null) out += ` QUALIFY ${printExpression(qualify)}`;
  return out;
}

function printWindows(ws: readonly { name: string; spec: import('../expression.js').WindowSpec | string }[]): string {
  return `WINDOW ${ws.map((w) => `${quoteIdent(w.name)} AS ${typeof w.spec === 'string' ? quoteIdent(w.spec) : printWindowSpec(w.spec)}`).join(', ')}`;
}

function printValues(rows: readonly (readonly Expression[])[]): string {
  return `VALUES ${rows.map((r) => (r.length === 1 && r[0]!.kind !== 'Row' ? printExpression(r[0]!) : `(${r.map(printExpression).join(', ')})`)).join(', ')}`;
}

/** A FROM item: relations and joins; any query is a parenthesised derived table. */
export function printRelation(p: Plan): string {
  switch (p.kind) {
    case 'Join': {
      if (p.comma) return `${printRelation(p.left)}, ${p.lateral ? 'LATERAL ' : ''}${printRelation(p.right)}`;
      const type = p.joinType === 'INNER' ? 'JOIN' : p.joinType === 'CROSS' ? 'CROSS JOIN' : `${p.joinType} JOIN`;
      const right = p.right.kind === 'Join' ? `(${printRelation(p.right)})` : printRelation(p.right);
      let s = `${printRelation(p.left)} ${p.natural ? 'NATURAL ' : ''}${type} ${p.lateral ? 'LATERAL ' : ''}${right}`;
      if (p.condition !== null) s += ` ON ${printExpression(p.condition)}`;
      if (p.using !== null) s += ` USING (${p.using.map(quoteIdent).join(', ')})`;
      return s;
    }
    case 'SubqueryAlias': {
      const inner = p.child.kind === 'Join' ? `(${printRelation(p.child)})` : printRelation(p.child);
      return `${inner} AS ${quoteIdent(p.alias)}${p.columnAliases === null ? '' : `(${p.columnAliases.map(quoteIdent).join(', ')})`}`;
    }
    case 'UnresolvedRelation':
      return printRelationName(p);
    case 'TableValuedFunction':
      return `${p.name.map(quoteIdent).join('.')}(${p.args.map(printExpression).join(', ')})`;
    case 'InlineTable':
      return printValues(p.rows);
    default:
      return `(${printQuery(p)})`;
  }
}

function printRelationName(p: Extract<Plan, { kind: 'UnresolvedRelation' }>): string {
  let s = p.file !== null ? `${quoteIdent(p.file.format)}.\`${p.file.path.replace(/`/g, '``')}\`` : p.identifierClause !== null ? `IDENTIFIER(${printExpression(p.identifierClause)})` : quoteParts(p.name);
  if (p.options !== null) s += ` WITH (${p.options.map(([k, v]) => `${quoteString(k)} = ${printExpression(v)}`).join(', ')})`;
  if (p.timeTravel !== null) {
    s += p.timeTravel.type === 'VERSION' ? ` VERSION AS OF ${printExpression(p.timeTravel.version)}` : ` TIMESTAMP AS OF ${printExpression(p.timeTravel.timestamp)}`;
  }
  return s;
}
