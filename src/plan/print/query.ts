/**
 * Query plan → Spark SQL. Reads the operator stacks the parser builds (see grammar/query.ts,
 * relation.ts and pipe.ts) back into SELECT blocks, FROM items and pipe operators.
 *
 * Every plan prints to SQL that parses back to the same plan:
 * - a SELECT block is read from the top (Hint* WithWindowDefinition? Distinct? Qualify?
 *   UnresolvedHaving? Project|Aggregate Filter? Generate* relation);
 * - a relation on its own (a join, a pivot, an aliased table …) prints FROM-first: `FROM a JOIN b`;
 * - the shapes only pipe syntax builds (a PipeOperator marker, PipeSet, a pipe Aggregate) print as
 *   `input |> operator`;
 * - anything else inside FROM is a parenthesised derived table.
 */
import type { Expression, WindowSpec } from '../expression.js';
import type { Plan, SampleMethod, ScriptTransform, SetOperation, TableArgument, UnresolvedRelation } from '../logical.js';
import type { CteRef, FileRelation, Relation } from '../resolved.js';
import type { StructField } from '../data-type.js';
import { typeToSql } from './data-type.js';
import { parenthesised, printExpression, printList, printSortOrder, printWindowSpec, withAttributePrinter } from './expression.js';
import { quoteIdent, quoteParts, quoteString } from './names.js';
import { printStatement, isStatement, printRowFormat } from './statement.js';
import { clashPoint, disambiguate } from './disambiguate.js';
import { dialect, withDialect, type Dialect } from './dialect.js';
import { checkDuckdbPlan, duckdbJoin } from './duckdb.js';
import { flatIfLong } from './rope.js';
import { keep, mark, operand, push, recall, release, texts } from './known-texts.js';

/**
 * Prints any plan: a statement or a query, as Spark SQL; with `dialect: 'duckdb'`, a resolved query
 * as DuckDB SQL of the same meaning (duckdb.ts), or a DialectError.
 */
export function printPlan(plan: Plan, options?: { readonly dialect?: Dialect }): string {
  const duckdb = options?.dialect === 'duckdb';
  // Printed first as it is: disambiguation only ever changes a plan with a join onto a bare
  // relation (a clash point), and printing meets every join, so the usual plan (a secured one
  // joins SubqueryAliases) costs no extra walk. A clash point seen, or any error, takes the full
  // road: disambiguate, then print — exactly what that road alone gives.
  const outer = clashSeen;
  clashSeen = false;
  let sql: string | null = null;
  try {
    sql = printAs(plan, duckdb);
  } catch {
    // printed again below, where the error (if it is one still) reaches the caller
  }
  const clash = clashSeen || sql === null;
  clashSeen = outer || clash;
  if (!clash) return sql!;
  const p = disambiguate(plan);
  return p === plan && sql !== null ? sql : printAs(p, duckdb);
}

/** Whether the printing under way has met a join onto a bare relation (see printPlan). */
let clashSeen = false;

function printAs(p: Plan, duckdb: boolean): string {
  if (duckdb) {
    checkDuckdbPlan(p);
    return withDialect('duckdb', () => printQuery(p));
  }
  return isStatement(p) ? printStatement(p) : printQuery(p);
}

/** Prints a query (WITH, set operations, SELECT blocks, query organization, pipes). */
export function printQuery(p: Plan): string {
  if (isStatement(p)) return printStatement(p);
  if (p.kind === 'With') {
    const ctes = p.ctes
      .map(
        (c) =>
          `${quoteIdent(c.name)}${c.columnAliases === null ? '' : `(${c.columnAliases.map(quoteIdent).join(', ')})`}` +
          `${c.maxRecursionLevel === null ? '' : ` MAX RECURSION LEVEL ${c.maxRecursionLevel}`} AS (${printQuery(c.query)})`,
      )
      .join(', ');
    const body = printQuery(p.child);
    return `WITH ${p.recursive ? 'RECURSIVE ' : ''}${ctes} ${p.child.kind === 'With' ? `(${body})` : body}`;
  }
  return printOrganized(p);
}

/** A query term with ORDER/CLUSTER/DISTRIBUTE/SORT BY, WINDOW, LIMIT and OFFSET on top. */
function printOrganized(p: Plan): string {
  // The usual query (a SELECT block, a set operation) has none of these clauses on top.
  return isOrganized(p) ? printClauses(p) : printTerm(p);
}

// Apart from printOrganized: its closure's context would be made for every query printed, with
// these clauses or not.
function printClauses(p: Plan): string {
  let node: Plan = p;
  let limit: string | null = null;
  let offset: string | null = null;
  let window: string | null = null;
  let sortBy: string | null = null;
  let distributeBy: string | null = null;
  let clusterBy: string | null = null;
  let orderBy: string | null = null;
  const free = (): boolean => pipeInputOf(node) === null;
  if (node.kind === 'Limit' && free()) {
    limit = node.limit === null ? 'ALL' : printExpression(node.limit);
    node = node.child;
  }
  if (node.kind === 'Offset' && free()) {
    offset = printExpression(node.offset);
    node = node.child;
  }
  if (node.kind === 'WithWindowDefinition' && !isBlockTop(node.child)) {
    window = printWindows(node.windows);
    node = node.child;
  }
  if (node.kind === 'Sort' && !node.global && free()) {
    sortBy = node.order.map(printSortOrder).join(', ');
    node = node.child;
  }
  if (node.kind === 'Repartition' && !node.clusterBy && free()) {
    distributeBy = printList(node.expressions);
    node = node.child;
  }
  if (node.kind === 'Repartition' && node.clusterBy && sortBy === null && distributeBy === null && free()) {
    clusterBy = printList(node.expressions);
    node = node.child;
  }
  if (node.kind === 'Sort' && node.global && sortBy === null && distributeBy === null && clusterBy === null && free()) {
    orderBy = node.order.map(printSortOrder).join(', ');
    node = node.child;
  }
  if (node === p) return printTerm(p);
  // The term must not take the clauses as its own: a SELECT block would take a WINDOW clause and a
  // pipe operator any result clause.
  const absorbs = isPipeForm(node) || (window !== null && !isBlockTop(node));
  let out = absorbs || isOrganized(node) || node.kind === 'With' ? `(${printQuery(node)})` : printTerm(node);
  if (orderBy !== null) out += ` ORDER BY ${orderBy}`;
  if (clusterBy !== null) out += ` CLUSTER BY ${clusterBy}`;
  if (distributeBy !== null) out += ` DISTRIBUTE BY ${distributeBy}`;
  if (sortBy !== null) out += ` SORT BY ${sortBy}`;
  if (window !== null) out += ` ${window}`;
  if (limit !== null) out += ` LIMIT ${limit}`;
  if (offset !== null) out += ` OFFSET ${offset}`;
  return out;
}

/** Whether a plan is the top of a SELECT block below its hints (where a block's WINDOW sits). */
function isBlockTop(p: Plan): boolean {
  return (
    p.kind === 'Distinct' ||
    p.kind === 'Qualify' ||
    p.kind === 'UnresolvedHaving' ||
    p.kind === 'Project' ||
    (p.kind === 'Aggregate' && !p.pipe) ||
    (p.kind === 'Filter' && p.child.kind !== 'PipeOperator')
  );
}

function isOrganized(p: Plan): boolean {
  return p.kind === 'Limit' || p.kind === 'Offset' || p.kind === 'Sort' || p.kind === 'Repartition' || (p.kind === 'WithWindowDefinition' && !isBlockTop(p.child));
}

const SET_PRECEDENCE = { INTERSECT: 2, UNION: 1, EXCEPT: 1 } as const;

/** A query term: a set operation, VALUES, TABLE t, a pipe, a FROM-first relation, or a SELECT block. */
function printTerm(p: Plan): string {
  if (isStatement(p)) return `(${printStatement(p)})`;
  if (isPipeForm(p)) return printPipe(p);
  switch (p.kind) {
    case 'With':
      return `(${printQuery(p)})`;
    case 'SetOperation':
      return printSetOperation(p);
    case 'InlineTable':
      return printValues(p.rows);
    case 'Relation':
    case 'CteRef':
    case 'FileRelation':
      return printTerm(asRelationName(p));
    case 'View':
    case 'SecureScan':
      return printTerm(p.child);
    case 'UnresolvedRelation':
      if (p.timeTravel === null && p.options === null && p.file === null) {
        return p.identifierClause !== null ? `TABLE IDENTIFIER(${printExpression(p.identifierClause)})` : `TABLE ${quoteParts(p.name)}`;
      }
      return `FROM ${printFrom(p)}`;
    case 'SubqueryAlias':
      if (p.columnAliases === null && isPipeForm(p.child)) return `${printPipe(p.child)} |> AS ${quoteIdent(p.alias)}`;
      return `FROM ${printFrom(p)}`;
    case 'Join':
    case 'NearestByJoin':
    case 'Sample':
    case 'Pivot':
    case 'Unpivot':
    case 'Generate':
    case 'TableValuedFunction':
      return `FROM ${printFrom(p)}`;
    case 'Limit':
    case 'Offset':
    case 'Sort':
    case 'Repartition':
      return `(${printQuery(p)})`;
    case 'WithWindowDefinition':
      if (!isBlockTop(p.child)) return `(${printQuery(p)})`;
      break;
    case 'ScriptTransform':
      return printBlock(p.child, p);
  }
  return printBlock(p);
}

function printSetOperation(p: SetOperation): string {
  // DuckDB binds INTERSECT as Spark does, but nested set operations are parenthesised there to be sure.
  const needParens = (c: Plan, min: number): boolean =>
    (c.kind === 'SetOperation' && (SET_PRECEDENCE[c.op] < min || dialect === 'duckdb')) || isOrganized(c) || c.kind === 'With' || isPipeForm(c);
  const side = (c: Plan, min: number): string => (needParens(c, min) ? `(${printQuery(c)})` : printTerm(c));
  // The left operands that print without parentheses, walked without recursion: a chain of
  // thousands of UNIONs is a plan as deep as it is long. Counted first, then listed (a list grown
  // by pushes makes several, each half again as long as the last).
  let n = 1;
  let last: SetOperation = p;
  let first: Plan = p.left;
  while (first.kind === 'SetOperation' && !needParens(first, SET_PRECEDENCE[last.op])) {
    n++;
    last = first;
    first = first.left;
  }
  const chain = new Array<SetOperation>(n);
  chain[0] = p;
  for (let i = 1; i < n; i++) chain[i] = chain[i - 1]!.left as SetOperation;
  let out = side(first, SET_PRECEDENCE[last.op]);
  // A run of the same term after the same keyword (a UNION ALL of one query, whose text the
  // printer remembers) is appended at its end, repeated by doubling: a few cells of rope for the
  // whole run, where appending term by term makes two per term.
  let keyword0 = '';
  let term0 = '';
  let run = 0;
  for (let i = n - 1; i >= 0; i--) {
    const op = chain[i]!;
    const keyword = setKeyword(op);
    const term = side(op.right, SET_PRECEDENCE[op.op] + 1);
    if (term === term0 && keyword === keyword0) {
      run++;
      continue;
    }
    if (run > 0) out += repeated(keyword0 + term0, run);
    out += keyword;
    out += flatIfLong(out, term);
    keyword0 = keyword;
    term0 = term;
    run = 0;
  }
  return run > 0 ? out + repeated(keyword0 + term0, run) : out;
}

/** `s` repeated `k` (> 0) times, as a rope of about 2·log2(k) cells, none longer than the text. */
function repeated(s: string, k: number): string {
  let r = '';
  for (let p = s; ; p += p) {
    if (k & 1) r += p;
    if ((k >>= 1) === 0) return r;
  }
}

/** ` UNION ALL ` and the like, made once (a chain of a thousand UNIONs built each a thousand times). */
function setKeyword(op: SetOperation): string {
  let forms = SET_KEYWORDS.get(op.op);
  if (forms === undefined) SET_KEYWORDS.set(op.op, (forms = [` ${op.op} `, ` ${op.op} ALL `, ` ${op.op} BY NAME `, ` ${op.op} ALL BY NAME `]));
  return forms[(op.all ? 1 : 0) + (op.byName ? 2 : 0)]!;
}
const SET_KEYWORDS = new Map<string, readonly string[]>();

// ---- pipe operators ----------------------------------------------------------------------------

/**
 * The input of the result clauses a pipe operator may carry, below the PipeOperator marker (see
 * pipe.ts); null when `p` is not such clauses. Only looks: pipeOrganization prints them.
 */
function pipeInputOf(p: Plan): Plan | null {
  const marker = (c: Plan): Plan | null => (c.kind === 'PipeOperator' ? c.child : null);
  switch (p.kind) {
    case 'Limit':
      return marker(p.child) ?? (p.child.kind === 'Offset' ? marker(p.child.child) : null);
    case 'Offset':
    case 'Repartition':
      return marker(p.child);
    case 'Sort':
      return marker(p.child) ?? (!p.global && p.child.kind === 'Repartition' && !p.child.clusterBy ? marker(p.child.child) : null);
    default:
      return null;
  }
}

/** The result clauses a pipe operator carries, printed, with their input (see pipeInputOf). */
function pipeOrganization(p: Plan): { clauses: string; input: Plan } | null {
  const input = pipeInputOf(p);
  if (input === null) return null;
  switch (p.kind) {
    case 'Limit': {
      const lim = `LIMIT ${p.limit === null ? 'ALL' : printExpression(p.limit)}`;
      return { clauses: p.child.kind === 'Offset' ? `${lim} OFFSET ${printExpression(p.child.offset)}` : lim, input };
    }
    case 'Offset':
      return { clauses: `OFFSET ${printExpression(p.offset)}`, input };
    case 'Sort': {
      const order = p.order.map(printSortOrder).join(', ');
      if (p.child.kind === 'Repartition') return { clauses: `DISTRIBUTE BY ${printList(p.child.expressions)} SORT BY ${order}`, input };
      return { clauses: `${p.global ? 'ORDER' : 'SORT'} BY ${order}`, input };
    }
    case 'Repartition':
      return { clauses: `${p.clusterBy ? 'CLUSTER' : 'DISTRIBUTE'} BY ${printList(p.expressions)}`, input };
    default:
      return null;
  }
}

/** Shapes only pipe syntax builds; they print as `input |> operator`. */
function isPipeForm(p: Plan): boolean {
  return (
    (p.kind === 'Filter' && p.child.kind === 'PipeOperator') ||
    p.kind === 'PipeSet' ||
    p.kind === 'PipeOperator' ||
    (p.kind === 'Aggregate' && p.pipe) ||
    pipeInputOf(p) !== null
  );
}

function printPipe(p: Plan): string {
  const org = pipeOrganization(p);
  if (org !== null) return `${pipeInput(org.input)} |> ${org.clauses}`;
  switch (p.kind) {
    case 'Filter':
      if (p.child.kind === 'PipeOperator') return `${pipeInput(p.child.child)} |> WHERE ${printExpression(p.condition)}`;
      break;
    case 'PipeSet':
      return `${pipeInput(p.child)} |> SET ${quoteIdent(p.column)} = ${printExpression(p.value)}`;
    case 'Aggregate': {
      const keys = p.groupingExpressions;
      const aggs = p.aggregateExpressions.slice(keys.length);
      let s = `${pipeInput(p.child)} |> AGGREGATE`;
      if (aggs.length > 0) s += ` ${printList(aggs)}`;
      if (keys.length > 0) s += ` GROUP BY ${printList(keys)}`;
      return s;
    }
    case 'PipeOperator':
      // A bare marker (not under the clause that put it there) has no SQL of its own.
      throw new Error('A PipeOperator marker prints only under its pipe clause');
  }
  throw new Error(`Not a pipe form: ${p.kind}`);
}

/** The input of a pipe operator: any query term; organized queries and WITH need parentheses. */
function pipeInput(p: Plan): string {
  return p.kind === 'With' || (isOrganized(p) && pipeInputOf(p) === null) ? `(${printQuery(p)})` : printTerm(p);
}

// ---- SELECT blocks -----------------------------------------------------------------------------

const STAR: readonly Expression[] = [{ kind: 'UnresolvedStar', target: null, except: null }];

/**
 * A SELECT block, read from the top. A plan without a Project or Aggregate (e.g. a Filter a
 * rewrite placed over a scan) selects `*`. Under a script transform the select list is the
 * script's input: `SELECT TRANSFORM(list) … USING 'script' … FROM …`.
 */
function printBlock(p: Plan, transform: ScriptTransform | null = null): string {
  let node = p;
  const hints: string[] = [];
  while (node.kind === 'Hint') {
    hints.push(node.parameters.length === 0 ? quoteIdent(node.name) : `${quoteIdent(node.name)}(${printList(node.parameters)})`);
    node = node.child;
  }
  let windows: string | null = null;
  if (node.kind === 'WithWindowDefinition') {
    windows = printWindows(node.windows);
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
  let having: Expression | null = null;
  if (node.kind === 'UnresolvedHaving') {
    having = node.condition;
    node = node.child;
  }
  let select: readonly Expression[] = STAR;
  let groupBy: string | null = null;
  if (node.kind === 'Project') {
    select = node.projectList;
    node = node.child;
  } else if (node.kind === 'Aggregate' && !node.pipe) {
    select = node.aggregateExpressions;
    if (node.groupByAll) groupBy = 'ALL';
    else if (node.groupingExpressions.length > 0) {
      if (node.groupingModifier === 'GROUPING SETS') {
        const cols = printList(node.groupingExpressions.slice(0, -1));
        groupBy = `${cols} ${printExpression(node.groupingExpressions[node.groupingExpressions.length - 1]!)}`;
      } else {
        groupBy = printList(node.groupingExpressions);
        if (node.groupingModifier !== null) groupBy += ` WITH ${node.groupingModifier}`;
      }
    }
    node = node.child;
  }
  let where: Expression | null = null;
  if (node.kind === 'Filter' && node.child.kind !== 'PipeOperator') {
    where = node.condition;
    node = node.child;
  }
  if (node === p) throw new Error(`Cannot print a ${p.kind} plan as a query`);
  // The usual block (a secured read's): remembered by the texts of its clauses.
  if (transform === null && hints.length === 0 && !distinct && qualify === null && having === null && groupBy === null && windows === null) {
    const base = mark();
    try {
      push(printList(select));
      if (node.kind !== 'OneRowRelation') push(printFrom(node));
      if (where !== null) push(printExpression(where));
      const form = BLOCK_FORMS[(node.kind === 'OneRowRelation' ? 0 : 1) + (where === null ? 0 : 2)]!;
      const known = recall(blockTexts, form, base);
      if (known !== undefined) return known;
      let i = base;
      let out = 'SELECT ' + operand(i++);
      if (node.kind !== 'OneRowRelation') out += ' FROM ' + operand(i++);
      if (where !== null) out += ' WHERE ' + operand(i);
      return keep(blockTexts, form, base, out);
    } finally {
      release(base);
    }
  }
  let out = 'SELECT ';
  if (transform !== null) {
    if (hints.length > 0 || distinct || qualify !== null) throw new Error('A script transform block has no hints, DISTINCT or QUALIFY');
    out += printTransformClause(transform, select);
  } else {
    if (hints.length > 0) out += `/*+ ${hints.join(', ')} */ `;
    if (distinct) out += 'DISTINCT ';
    out += printList(select);
  }
  if (node.kind !== 'OneRowRelation') out += ` FROM ${printFrom(node)}`;
  if (where !== null) out += ` WHERE ${printExpression(where)}`;
  if (groupBy !== null) out += ` GROUP BY ${groupBy}`;
  if (having !== null) out += ` HAVING ${printExpression(having)}`;
  if (qualify !== null) out += ` QUALIFY ${printExpression(qualify)}`;
  if (windows !== null) out += ` ${windows}`;
  return out;
}

/**
 * Remembered texts (known-texts.ts) of plain SELECT blocks, by form (with FROM, with WHERE) and
 * clause texts, and of table names in Spark, by which of catalog and database they have.
 */
const blockTexts = texts();
const BLOCK_FORMS = ['select', 'select from', 'select where', 'select from where'] as const;
const tableTexts = texts();
/** `relation AS alias` (Spark), by alias. */
const aliasedTexts = texts();
const TABLE_FORMS = ['table', 'database.table', 'catalog.table', 'catalog.database.table'] as const;

/** `TRANSFORM(input) [ROW FORMAT …] USING 'script' [AS (…)] [ROW FORMAT …]`. */
function printTransformClause(t: ScriptTransform, input: readonly Expression[]): string {
  let out = `TRANSFORM(${printList(input)})`;
  if (t.inRowFormat !== null) out += ` ${printRowFormat(t.inRowFormat)}`;
  out += ` USING ${quoteString(t.script)}`;
  if (t.output !== null) {
    const plain = t.output.every((f) => f.type.kind === 'string' && f.type.collation === null && f.nullable && f.comment === null);
    const col = (f: StructField): string =>
      plain
        ? quoteIdent(f.name)
        : `${quoteIdent(f.name)} ${typeToSql(f.type)}${f.nullable ? '' : ' NOT NULL'}${f.comment === null ? '' : ` COMMENT ${quoteString(f.comment)}`}`;
    out += ` AS (${t.output.map(col).join(', ')})`;
  }
  if (t.outRowFormat !== null) out += ` ${printRowFormat(t.outRowFormat)}`;
  return out;
}

function printWindows(ws: readonly { name: string; spec: WindowSpec | string }[]): string {
  return `WINDOW ${ws.map((w) => `${quoteIdent(w.name)} AS ${typeof w.spec === 'string' ? quoteIdent(w.spec) : printWindowSpec(w.spec)}`).join(', ')}`;
}

function printValues(rows: readonly (readonly Expression[])[]): string {
  // A one-value row is written bare unless it is a tuple or carries an alias (`('a' AS x)`).
  const bare = (r: readonly Expression[]): boolean => r.length === 1 && r[0]!.kind !== 'Row' && r[0]!.kind !== 'Alias';
  return `VALUES ${rows.map((r) => (bare(r) ? printExpression(r[0]!) : `(${printList(r)})`)).join(', ')}`;
}

// ---- FROM items ----------------------------------------------------------------------------------

/** What follows FROM: the relation, then its LATERAL VIEWs. */
function printFrom(p: Plan): string {
  const views: string[] = [];
  let node = p;
  while (node.kind === 'Generate') {
    views.unshift(
      `LATERAL VIEW ${node.outer ? 'OUTER ' : ''}${printExpression(node.generator)}` +
        (node.tableAlias === null ? '' : ` ${quoteIdent(node.tableAlias)}`) +
        (node.columnAliases.length === 0 ? '' : ` AS ${node.columnAliases.map(quoteIdent).join(', ')}`),
    );
    node = node.child;
  }
  return views.length === 0 ? printRelation(node) : [printRelation(node), ...views].join(' ');
}

/** Relation kinds printed in FROM syntax; any other plan in FROM is a derived table `(query)`. */
function isRelation(p: Plan): boolean {
  return (
    p.kind === 'UnresolvedRelation' ||
    p.kind === 'SubqueryAlias' ||
    p.kind === 'Join' ||
    p.kind === 'NearestByJoin' ||
    p.kind === 'Sample' ||
    p.kind === 'Pivot' ||
    p.kind === 'Unpivot' ||
    p.kind === 'TableValuedFunction' ||
    p.kind === 'InlineTable' ||
    p.kind === 'Relation' ||
    p.kind === 'CteRef' ||
    p.kind === 'FileRelation' ||
    p.kind === 'View' ||
    p.kind === 'SecureScan'
  );
}

/** Whether a FROM item prints as one primary (so a following JOIN or PIVOT does not bind into it). */
function isPrimary(p: Plan): boolean {
  return !(p.kind === 'Join' || p.kind === 'NearestByJoin' || p.kind === 'Pivot' || p.kind === 'Unpivot');
}

/** A FROM item: relations and joins; any query is a parenthesised derived table. */
export function printRelation(p: Plan): string {
  const primary = (c: Plan): string => (isPrimary(c) ? printRelation(c) : `(${printRelation(c)})`);
  switch (p.kind) {
    case 'Join': {
      if (clashPoint(p)) clashSeen = true;
      if (p.comma) {
        const left = printRelation(p.left);
        return `${left}, ${p.lateral ? 'LATERAL ' : ''}${flatIfLong(left, primary(p.right))}`;
      }
      const type = dialect === 'duckdb' ? duckdbJoin(p.joinType) : p.joinType === 'INNER' ? 'JOIN' : p.joinType === 'CROSS' ? 'CROSS JOIN' : `${p.joinType} JOIN`;
      const left = printRelation(p.left);
      let s = `${left} ${p.natural ? 'NATURAL ' : ''}${type} ${p.lateral ? 'LATERAL ' : ''}${flatIfLong(left, primary(p.right))}`;
      if (p.condition !== null) s += ` ON ${printExpression(p.condition)}`;
      if (p.using !== null) s += ` USING (${p.using.map(quoteIdent).join(', ')})`;
      return s;
    }
    case 'NearestByJoin':
      return (
        `${printRelation(p.left)} ${p.joinType === 'INNER' ? 'JOIN' : 'LEFT OUTER JOIN'} ${primary(p.right)} ` +
        `${p.approx ? 'APPROX' : 'EXACT'} NEAREST ${p.numResults} BY ${p.direction} ${printExpression(p.ranking)}`
      );
    case 'SubqueryAlias': {
      const c = p.child;
      const bare =
        c.kind === 'UnresolvedRelation' ||
        c.kind === 'Relation' ||
        c.kind === 'CteRef' ||
        c.kind === 'FileRelation' ||
        c.kind === 'InlineTable' ||
        c.kind === 'TableValuedFunction' ||
        (c.kind === 'Sample' && !isRelation(c.child))
          ? printRelation(c)
          : // DuckDB does not alias a parenthesised aliased relation (`((…) AS a) AS b`): it selects from it.
            dialect === 'duckdb' && isRelation(c) && isPrimary(c)
            ? `(SELECT * FROM ${printRelation(c)})`
            : parenthesised(isRelation(c) ? printRelation(c) : printQuery(c));
      if (p.columnAliases !== null) return `${bare} AS ${quoteIdent(p.alias)}(${p.columnAliases.map(quoteIdent).join(', ')})`;
      if (dialect !== 'spark') return `${bare} AS ${quoteIdent(p.alias)}`;
      const base = mark();
      push(bare);
      try {
        return recall(aliasedTexts, p.alias, base) ?? keep(aliasedTexts, p.alias, base, `${bare} AS ${quoteIdent(p.alias)}`);
      } finally {
        release(base);
      }
    }
    case 'Sample': {
      const sample = printSample(p.method, p.sampleType, p.seed);
      const c = p.child;
      if (c.kind === 'UnresolvedRelation') return `${printRelationName(c)} ${sample}`;
      // Spark aliases a table before sampling it: `t TABLESAMPLE (…) AS s`.
      if (c.kind === 'SubqueryAlias' && c.child.kind === 'UnresolvedRelation') {
        return `${printRelationName(c.child)} ${sample} AS ${quoteIdent(c.alias)}${c.columnAliases === null ? '' : `(${c.columnAliases.map(quoteIdent).join(', ')})`}`;
      }
      return `(${isRelation(c) ? printRelation(c) : printQuery(c)}) ${sample}`;
    }
    case 'Pivot': {
      // The pivot column is a bare name in Spark's grammar: resolved columns print unqualified.
      const bare = (e: Expression): string => withAttributePrinter((a) => quoteIdent(a.name), () => printExpression(e));
      const column = p.column.kind === 'Row' ? `(${p.column.items.map(bare).join(', ')})` : bare(p.column);
      return `${printRelation(p.child)} PIVOT (${printList(p.aggregates)} FOR ${column} IN (${printList(p.values)}))`;
    }
    case 'Unpivot': {
      const nulls = p.includeNulls === null ? '' : p.includeNulls ? ' INCLUDE NULLS' : ' EXCLUDE NULLS';
      const alias = (a: string | null): string => (a === null ? '' : ` AS ${quoteIdent(a)}`);
      const single = p.valueColumns.length === 1 && p.columns.every((c) => c.columns.length === 1);
      // Unpivoted columns are bare names in Spark's grammar too.
      const bare = (e: Expression): string => withAttributePrinter((a) => quoteIdent(a.name), () => printExpression(e));
      const body = single
        ? `${quoteIdent(p.valueColumns[0]!)} FOR ${quoteIdent(p.nameColumn)} IN (${p.columns.map((c) => bare(c.columns[0]!) + alias(c.alias)).join(', ')})`
        : `(${p.valueColumns.map(quoteIdent).join(', ')}) FOR ${quoteIdent(p.nameColumn)} IN (${p.columns
            .map((c) => `(${c.columns.map(bare).join(', ')})${alias(c.alias)}`)
            .join(', ')})`;
      return `${printRelation(p.child)} UNPIVOT${nulls} (${body})`;
    }
    case 'UnresolvedRelation':
      return printRelationName(p);
    case 'OneRowRelation':
      // Only analysed plans put it in FROM (a select-list generator without FROM, as a LATERAL VIEW).
      return '(SELECT 1)';
    case 'Relation':
      if (dialect === 'spark' && p.timeTravel === null && p.options === null) return printTableName(p.table.catalog, p.table.database, p.table.name);
      return printRelationName(asRelationName(p));
    case 'CteRef':
    case 'FileRelation':
      return printRelationName(asRelationName(p));
    case 'SecureScan':
      return printRelation(p.child);
    case 'View':
      // The expanded view text, named after the view so that references qualified by it still read.
      return `(${printQuery(p.child)}) AS ${quoteIdent(p.view.name)}`;
    case 'TableValuedFunction': {
      const args = p.args.map(printExpression);
      for (const t of p.tableArgs) args.splice(t.position, 0, printTableArgument(t));
      return `${p.name.map(quoteIdent).join('.')}(${args.join(', ')})`;
    }
    case 'InlineTable':
      // Parenthesised: a bare VALUES list would swallow a following `, t` as another row.
      return `(${printValues(p.rows)})`;
    default:
      return `(${printQuery(p)})`;
  }
}

/** `[name =>] TABLE(t | query) [WITH SINGLE PARTITION | PARTITION BY (…)] [ORDER BY (…)]`. */
function printTableArgument(t: TableArgument): string {
  const q = t.query;
  const plain = q.kind === 'UnresolvedRelation' && q.identifierClause === null && q.timeTravel === null && q.options === null && q.file === null;
  let out = `${t.name === null ? '' : `${quoteIdent(t.name)} => `}TABLE(${plain ? quoteParts(q.name) : printQuery(q)})`;
  if (t.singlePartition) out += ' WITH SINGLE PARTITION';
  if (t.partitionBy !== null) out += ` PARTITION BY (${printList(t.partitionBy)})`;
  if (t.orderBy.length > 0) out += ` ORDER BY (${t.orderBy.map(printSortOrder).join(', ')})`;
  return out;
}

function printSample(m: SampleMethod, type: 'SYSTEM' | 'BERNOULLI' | null, seed: string | null): string {
  let body: string;
  switch (m.type) {
    case 'PERCENT':
      body = `${m.percent.kind === 'Literal' ? String(m.percent.value) : printExpression(m.percent)} PERCENT`;
      break;
    case 'ROWS':
      body = `${printExpression(m.rows)} ROWS`;
      break;
    case 'BUCKET':
      body = `BUCKET ${m.numerator} OUT OF ${m.denominator}${m.on === null ? '' : ` ON ${printExpression(m.on)}`}`;
      break;
    case 'BYTES':
      body = m.bytes;
      break;
  }
  return `TABLESAMPLE ${type === null ? '' : `${type} `}(${body})${seed === null ? '' : ` REPEATABLE (${seed})`}`;
}

/** A resolved leaf printed under the name it was read by. */
function asRelationName(p: Relation | CteRef | FileRelation): UnresolvedRelation {
  const name =
    p.kind === 'Relation'
      ? relationParts(p.table.catalog, p.table.database, p.table.name)
      : p.kind === 'CteRef'
        ? [p.name]
        : [];
  return {
    kind: 'UnresolvedRelation',
    name,
    identifierClause: null,
    timeTravel: p.kind === 'Relation' ? p.timeTravel : null,
    options: p.kind === 'Relation' ? p.options : null,
    file: p.kind === 'FileRelation' ? { format: p.format, path: p.path } : null,
  };
}

/** A table's name in Spark, as printRelationName prints it (quoteParts of relationParts). */
function printTableName(catalog: string | null, database: string | null, name: string): string {
  const base = mark();
  try {
    if (catalog !== null) push(catalog);
    if (database !== null) push(database);
    push(name);
    const form = TABLE_FORMS[(catalog === null ? 0 : 2) + (database === null ? 0 : 1)]!;
    return recall(tableTexts, form, base) ?? keep(tableTexts, form, base, quoteParts(relationParts(catalog, database, name)));
  } finally {
    release(base);
  }
}

/** A table's name parts (DuckDB holds the session catalog's databases as schemas of its default database). */
function relationParts(catalog: string | null, database: string | null, name: string): string[] {
  const parts: string[] = [];
  if (catalog !== null && !(dialect === 'duckdb' && catalog === 'spark_catalog')) parts.push(catalog);
  if (database !== null) parts.push(database);
  parts.push(name);
  return parts;
}

function printRelationName(p: UnresolvedRelation): string {
  let s = p.file !== null ? `${quoteIdent(p.file.format)}.\`${p.file.path.replace(/`/g, '``')}\`` : p.identifierClause !== null ? `IDENTIFIER(${printExpression(p.identifierClause)})` : quoteParts(p.name);
  if (p.timeTravel !== null) {
    s += p.timeTravel.type === 'VERSION' ? ` VERSION AS OF ${printExpression(p.timeTravel.version)}` : ` TIMESTAMP AS OF ${printExpression(p.timeTravel.timestamp)}`;
  }
  if (p.options !== null) s += ` WITH (${p.options.map(([k, v]) => `${quoteString(k)} = ${printExpression(v)}`).join(', ')})`;
  return s;
}
