/**
 * Expression → Spark SQL. Parenthesises by Spark's precedence so that the text parses back to
 * the same expression tree.
 */
import type { Expression, FrameBound, Literal, SortOrder, WindowSpec } from '../expression.js';
import type { AttributeRef } from '../resolved.js';
import { typeToSql } from './data-type.js';
import { quoteFunctionName, quoteIdent, quoteParts, quoteString } from './names.js';
import { printQuery } from './query.js';
import { dialect } from './dialect.js';
import { duckdbExpression } from './duckdb.js';
import { flatIfLong } from './rope.js';
import { height, keep, mark, MAX_TEXT, operand, push, recall, release, texts } from './known-texts.js';

/** Precedence levels, lowest first (see grammar/expression.ts). */
const enum P {
  Lambda = 0,
  Or = 1,
  And = 2,
  Not = 3,
  Predicate = 4,
  Comparison = 5,
  BitOr = 6,
  BitXor = 7,
  BitAnd = 8,
  Shift = 9,
  Additive = 10,
  Multiplicative = 11,
  Unary = 12,
  Primary = 13,
}

const BINARY: Readonly<Record<string, P>> = {
  OR: P.Or,
  AND: P.And,
  '=': P.Comparison,
  '<=>': P.Comparison,
  '<>': P.Comparison,
  '<': P.Comparison,
  '<=': P.Comparison,
  '>': P.Comparison,
  '>=': P.Comparison,
  '|': P.BitOr,
  '^': P.BitXor,
  '&': P.BitAnd,
  '<<': P.Shift,
  '>>': P.Shift,
  '>>>': P.Shift,
  '+': P.Additive,
  '-': P.Additive,
  '||': P.Additive,
  '*': P.Multiplicative,
  '/': P.Multiplicative,
  '%': P.Multiplicative,
  DIV: P.Multiplicative,
};

/** Each binary operator with the spaces around it. */
const SPACED: Readonly<Record<string, string>> = Object.fromEntries(Object.keys(BINARY).map((op) => [op, ` ${op} `]));

function precedence(e: Expression): P {
  switch (e.kind) {
    // The commonest operands first.
    case 'AttributeRef':
    case 'ResolvedFunction':
      return P.Primary;
    case 'BinaryOp':
      return BINARY[e.op]!;
    case 'UnaryOp':
      return e.op === 'NOT' ? P.Not : P.Unary;
    case 'IsOp':
    case 'In':
    case 'InSubquery':
    case 'Like':
    case 'LikeQuantified':
    case 'RLike':
    case 'Between':
      return P.Predicate;
    case 'Exists':
      return P.Not;
    case 'LambdaFunction':
      return P.Lambda;
    case 'Literal':
      // A negative number reads back as a literal only where a unary minus may stand.
      return typeof e.value === 'string' && e.value.startsWith('-') ? P.Unary : P.Primary;
    default:
      return P.Primary;
  }
}

/** Prints `e`, parenthesised if it binds less tightly than `min`. */
function at(e: Expression, min: P): string {
  const s = printExpression(e);
  // DuckDB's precedences differ from Spark's (`||`, `^`): every operand that is not primary gets parentheses.
  return precedence(e) < min || (dialect === 'duckdb' && precedence(e) < P.Primary) ? parenthesised(s) : s;
}

/**
 * Remembered texts (known-texts.ts), one family per text form. Each text below is a function of its
 * family, its first key and its operands' texts only (the dialect-dependent forms are used in
 * Spark only).
 */
const parenTexts = texts();
const logicalTexts = texts();
const binaryTexts = texts();
const aliasTexts = texts();
const columnTexts = texts();
const listTexts = texts();

/** `(s)`. */
export function parenthesised(s: string): string {
  const base = mark();
  push(s);
  try {
    return recall(parenTexts, '', base) ?? keep(parenTexts, '', base, `(${s})`);
  } finally {
    release(base);
  }
}

/**
 * Spark texts built around a name, remembered like names.ts' quoting: the qualifier with its dot
 * (`t.`), the alias clause (` AS name`), the opened call (`f(`), a column aliased as itself
 * (`c AS c`). Printing a plan meets the same few names again and again; one lookup is cheaper
 * than quoting and concatenating each time.
 */
const qualifiers = new Map<string, string>();
const aliases = new Map<string, string>();
const calls = new Map<string, string>();
const selfAliases = new Map<string, string>();
function remember(memo: Map<string, string>, key: string, f: (key: string) => string): string {
  let answer = memo.get(key);
  if (answer === undefined) {
    answer = f(key);
    // Short keys only, emptied when full: the keys can come from untrusted SQL.
    if (key.length <= 64) {
      if (memo.size >= 4096) memo.clear();
      memo.set(key, answer);
    }
  }
  return answer;
}
const qualifierOf = (q: string): string => quoteIdent(q) + '.';
const aliasOf = (name: string): string => ' AS ' + quoteIdent(name);
const callOf = (name: string): string => functionName([name]) + '(';
const selfAliasOf = (name: string): string => quoteIdent(name) + aliasOf(name);

/** A resolved column, qualified by the innermost relation name it was read through. */
function sqlAttribute(a: AttributeRef): string {
  if (a.qualifier.length === 0) return quoteIdent(a.name);
  const q = a.qualifier[a.qualifier.length - 1]!;
  if (dialect !== 'spark') return qualifierOf(q) + quoteIdent(a.name);
  const base = mark();
  push(a.name);
  try {
    return recall(columnTexts, q, base) ?? keep(columnTexts, q, base, remember(qualifiers, q, qualifierOf) + quoteIdent(a.name));
  } finally {
    release(base);
  }
}

let printAttribute: (a: AttributeRef) => string = sqlAttribute;
/** Whether an alias shows the id of the column it produces (`AS name#7`: explain only). */
let aliasIds = false;

/** Runs `f` with columns printed by `attr` (explain prints `name#id`, and aliases with their ids). */
export function withAttributePrinter<T>(attr: (a: AttributeRef) => string, f: () => T, showAliasIds = false): T {
  const saved = printAttribute;
  const savedIds = aliasIds;
  printAttribute = attr;
  aliasIds = showAliasIds;
  try {
    return f();
  } finally {
    printAttribute = saved;
    aliasIds = savedIds;
  }
}

function printCall(
  name: string,
  e: { readonly args: readonly Expression[]; readonly distinct: boolean; readonly filter: Expression | null; readonly ignoreNulls: boolean | null; readonly withinGroup: readonly SortOrder[] | null },
): string {
  return printCallAfter(name + (e.distinct ? '(DISTINCT ' : '('), e);
}

/** A call after its opening `name(`: arguments, then what may follow the closing parenthesis. */
function printCallAfter(
  opened: string,
  e: { readonly args: readonly Expression[]; readonly filter: Expression | null; readonly ignoreNulls: boolean | null; readonly withinGroup: readonly SortOrder[] | null },
): string {
  let s = opened + printList(e.args) + ')';
  if (e.withinGroup !== null) s += ` WITHIN GROUP (ORDER BY ${e.withinGroup.map(printSortOrder).join(', ')})`;
  if (e.filter !== null) s += ` FILTER (WHERE ${printExpression(e.filter)})`;
  if (e.ignoreNulls !== null) s += e.ignoreNulls ? ' IGNORE NULLS' : ' RESPECT NULLS';
  return s;
}

/** Expressions printed and separated by commas (a loop: this is the printer's hottest list). */
export function printList(es: readonly Expression[]): string {
  if (es.length === 0) return '';
  if (es.length === 1) return printExpression(es[0]!);
  const base = mark();
  try {
    for (let i = 0; i < es.length; i++) push(printExpression(es[i]!));
    const known = recall(listTexts, '', base);
    if (known !== undefined) return known;
    let s = operand(base);
    for (let i = base + 1; i < height(); i++) s += ', ' + flatIfLong(s, operand(i));
    return keep(listTexts, '', base, s);
  } finally {
    release(base);
  }
}

/** A function's name as written; a function literally named `identifier` keeps its backquotes (bare, it is the IDENTIFIER clause). */
function functionName(parts: readonly string[]): string {
  if (parts.length !== 1) return parts.map(quoteFunctionName).join('.');
  const name = parts[0]!;
  return name.length === 10 && name.toUpperCase() === 'IDENTIFIER' ? quoteIdent(name) : quoteFunctionName(name);
}

export function printExpression(e: Expression): string {
  if (dialect === 'duckdb') {
    const s = duckdbExpression(e);
    if (s !== null) return s;
  }
  // The commonest kinds first.
  switch (e.kind) {
    case 'AttributeRef':
      return printAttribute(e);
    case 'ResolvedFunction':
      if (e.written.length === 1 && !e.distinct && dialect === 'spark') return printCallAfter(remember(calls, e.written[0]!, callOf), e);
      return printCall(functionName(e.written), e);
    case 'Alias': {
      const c = e.child;
      let s: string;
      if (dialect !== 'spark') s = printExpression(c) + aliasOf(e.name);
      // A column passed through under its own name (`c AS c`: every unmasked column of a secured read).
      else if (c.kind === 'AttributeRef' && c.qualifier.length === 0 && c.name === e.name && printAttribute === sqlAttribute) s = remember(selfAliases, e.name, selfAliasOf);
      else if (printAttribute === sqlAttribute) s = printAliasAgain(c, e.name);
      else s = printAlias(printExpression(c), e.name);
      return aliasIds && e.id !== undefined ? `${s}#${e.id}` : s;
    }
    case 'Literal':
      return printLiteral(e);
    case 'BinaryOp': {
      const p = BINARY[e.op]!;
      if (e.op === 'AND' || e.op === 'OR') return printLogical(e, p);
      return printBinary(e, p);
    }
    case 'Case': {
      let s = e.operand === null ? 'CASE' : 'CASE ' + printExpression(e.operand);
      for (const b of e.branches) s += ' WHEN ' + printExpression(b.when) + ' THEN ' + printExpression(b.then);
      if (e.otherwise !== null) s += ' ELSE ' + printExpression(e.otherwise);
      return s + ' END';
    }
    case 'IntervalLiteral':
      return (
        'INTERVAL ' +
        e.parts
          .map((p) => `${p.quoted ? quoteString(p.value) : p.value} ${p.unit}${p.to !== undefined ? ` TO ${p.to}` : ''}`)
          .join(' ')
      );
    case 'UnresolvedAttribute':
      return quoteParts(e.nameParts);
    case 'UnresolvedStar':
      return (
        (e.target === null ? '*' : `${quoteParts(e.target)}.*`) +
        (e.except === null ? '' : ` EXCEPT (${e.except.map(quoteParts).join(', ')})`)
      );
    case 'MultiAlias':
      return `${printExpression(e.child)} AS (${e.names.map(quoteIdent).join(', ')})`;
    case 'UnresolvedFunction': {
      return printCall(e.nameClause !== undefined ? `IDENTIFIER(${printExpression(e.nameClause)})` : functionName(e.name), e);
    }
    case 'OuterReference':
      return printAttribute(e.attr);
    case 'LambdaVariable':
      return quoteIdent(e.name);
    case 'VariableRef':
      return `system.session.${quoteIdent(e.name)}`;
    case 'UnaryOp': {
      if (e.op === 'NOT') return `NOT ${at(e.child, P.Not)}`;
      const child = printExpression(e.child);
      // `-(1)` keeps a negation of a literal apart from the literal -1; `- -x` avoids `--`.
      const needsParens = precedence(e.child) < P.Unary || (e.child.kind === 'Literal' && /^[-\d.]/.test(child));
      const body = needsParens ? `(${child})` : child;
      return body.startsWith('-') || body.startsWith('+') ? `${e.op} ${body}` : `${e.op}${body}`;
    }
    case 'IsOp': {
      const not = e.negated ? 'NOT ' : '';
      if (e.test === 'DISTINCT FROM') return `${at(e.child, P.Comparison)} IS ${not}DISTINCT FROM ${at(e.other!, P.Comparison)}`;
      return `${at(e.child, P.Comparison)} IS ${not}${e.test}`;
    }
    case 'In':
      return `${at(e.value, P.Comparison)} ${e.negated ? 'NOT ' : ''}IN (${printList(e.list)})`;
    case 'InSubquery': {
      const lhs = e.values.length === 1 ? at(e.values[0]!, P.Comparison) : `(${printList(e.values)})`;
      return `${lhs} ${e.negated ? 'NOT ' : ''}IN (${printQuery(e.query)})`;
    }
    case 'Exists':
      return `EXISTS (${printQuery(e.query)})`;
    case 'ScalarSubquery':
      return `(${printQuery(e.query)})`;
    case 'Like':
      return (
        `${at(e.value, P.Comparison)} ${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${at(e.pattern, P.Comparison)}` +
        (e.escape === null ? '' : ` ESCAPE ${quoteString(e.escape)}`)
      );
    case 'LikeQuantified':
      return `${at(e.value, P.Comparison)} ${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${e.quantifier} (${printList(e.patterns)})`;
    case 'RLike':
      return `${at(e.value, P.Comparison)} ${e.negated ? 'NOT ' : ''}RLIKE ${at(e.pattern, P.Comparison)}`;
    case 'Between':
      return `${at(e.value, P.Comparison)} ${e.negated ? 'NOT ' : ''}BETWEEN ${at(e.low, P.Comparison)} AND ${at(e.high, P.Comparison)}`;
    case 'Cast':
      return `${e.mode === 'try_cast' ? 'TRY_CAST' : 'CAST'}(${printExpression(e.child)} AS ${typeToSql(e.type)})`;
    case 'Extract':
      return `EXTRACT(${quoteIdent(e.field)} FROM ${printExpression(e.source)})`;
    case 'TimestampArithmetic':
      return `${e.op === 'ADD' ? 'TIMESTAMPADD' : 'TIMESTAMPDIFF'}(${e.unit}, ${printExpression(e.left)}, ${printExpression(e.right)})`;
    case 'LambdaFunction':
      return `${e.params.length === 1 ? quoteIdent(e.params[0]!) : `(${e.params.map(quoteIdent).join(', ')})`} -> ${printExpression(e.body)}`;
    case 'FieldAccess':
      // `(0).a`: a bare `0.a` would lex as the number `0.` or the column `0`.`a`.
      return `${e.child.kind === 'Literal' ? `(${printExpression(e.child)})` : at(e.child, P.Primary)}.${quoteIdent(e.field)}`;
    case 'SemiStructuredExtract':
      return `${at(e.child, P.Primary)}:${e.path.startsWith('$.') ? e.path.slice(2) : e.path.slice(1)}`;
    case 'Subscript':
      return `${at(e.child, P.Primary)}[${printExpression(e.index)}]`;
    case 'WindowExpression':
      return `${printExpression(e.function)} OVER ${typeof e.window === 'string' ? quoteIdent(e.window) : printWindowSpec(e.window)}`;
    case 'NamedArgument':
      return `${quoteIdent(e.name)} => ${printExpression(e.value)}`;
    case 'Parameter':
      return e.name === null ? '?' : `:${quoteIdent(e.name)}`;
    case 'Collate':
      return `${at(e.child, P.Primary)} COLLATE ${quoteParts(e.collation)}`;
    case 'GroupingAnalytics':
      // A set holding one nested CUBE/ROLLUP/GROUPING SETS is written bare, as it was parsed.
      if (e.type === 'GROUPING SETS') {
        return `GROUPING SETS (${e.sets.map((s) => (s.length === 1 && s[0]!.kind === 'GroupingAnalytics' ? printExpression(s[0]!) : `(${printList(s)})`)).join(', ')})`;
      }
      return `${e.type}(${e.sets.map((s) => (s.length === 1 ? printExpression(s[0]!) : `(${printList(s)})`)).join(', ')})`;
    case 'IdentifierClause':
      return `IDENTIFIER(${printExpression(e.expr)})`;
    case 'Row':
      return `(${printList(e.items)})`;
  }
}

/** `text AS name` (Spark). */
function printAlias(text: string, name: string): string {
  const base = mark();
  push(text);
  try {
    return recall(aliasTexts, name, base) ?? keep(aliasTexts, name, base, text + remember(aliases, name, aliasOf));
  } finally {
    release(base);
  }
}

/**
 * The last texts printed for an alias name, with the expressions that gave them: each read of a
 * table aliases its masks by the column names, and a mask bound anew for the read is, node for node,
 * the one printed before (samePrint), so its text is taken without printing or looking up its
 * nodes. Spark with the SQL column printer only (samePrint compares what that prints).
 */
const recentAliases = new Map<string, { child: Expression; text: string }[]>();
const RECENT = 4;

function printAliasAgain(child: Expression, name: string): string {
  const recent = recentAliases.get(name);
  if (recent !== undefined) for (const r of recent) if (samePrint(r.child, child)) return r.text;
  const text = printAlias(printExpression(child), name);
  // Kept only where samePrint can ever say yes (it holds the expression: no subquery plans).
  if (text.length > MAX_TEXT || !(child.kind === 'ResolvedFunction' || child.kind === 'Case' || child.kind === 'Cast' || child.kind === 'BinaryOp' || child.kind === 'AttributeRef')) return text;
  if (recent === undefined) {
    if (recentAliases.size >= 4096) recentAliases.clear();
    recentAliases.set(name, [{ child, text }]);
  } else {
    if (recent.length >= RECENT) recent.pop();
    recent.unshift({ child, text });
  }
  return text;
}

/**
 * Whether two expressions print the same in Spark with the SQL column printer: the same in every
 * field the printer reads (columns by name and innermost qualifier, not by id). False whenever
 * unsure: only the kinds masks are made of are compared.
 */
function samePrint(a: Expression, b: Expression): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'AttributeRef':
      return b.kind === 'AttributeRef' && a.name === b.name && a.qualifier.length === b.qualifier.length && (a.qualifier.length === 0 || a.qualifier[a.qualifier.length - 1] === b.qualifier[b.qualifier.length - 1]);
    case 'Literal':
      return b.kind === 'Literal' && a.type === b.type && a.value === b.value;
    case 'ResolvedFunction':
      return (
        b.kind === 'ResolvedFunction' &&
        sameStrings(a.written, b.written) &&
        a.distinct === b.distinct &&
        a.filter === null &&
        b.filter === null &&
        a.withinGroup === null &&
        b.withinGroup === null &&
        a.ignoreNulls === b.ignoreNulls &&
        sameList(a.args, b.args)
      );
    case 'BinaryOp':
      return b.kind === 'BinaryOp' && a.op === b.op && samePrint(a.left, b.left) && samePrint(a.right, b.right);
    case 'Case':
      if (b.kind !== 'Case' || a.branches.length !== b.branches.length || !sameOrNull(a.operand, b.operand) || !sameOrNull(a.otherwise, b.otherwise)) return false;
      for (let i = 0; i < a.branches.length; i++) if (!samePrint(a.branches[i]!.when, b.branches[i]!.when) || !samePrint(a.branches[i]!.then, b.branches[i]!.then)) return false;
      return true;
    case 'Cast':
      return b.kind === 'Cast' && a.mode === b.mode && a.type === b.type && samePrint(a.child, b.child);
    default:
      return false;
  }
}
const sameOrNull = (a: Expression | null, b: Expression | null): boolean => (a === null ? b === null : b !== null && samePrint(a, b));
function sameList(a: readonly Expression[], b: readonly Expression[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!samePrint(a[i]!, b[i]!)) return false;
  return true;
}
function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function printLiteral(e: Literal): string {
  const v = e.value;
  // The commonest first.
  switch (e.type) {
    case 'string':
      return quoteString(String(v));
    case 'int':
      return String(v);
    case 'null':
      return 'NULL';
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'bigint':
      return `${v}L`;
    case 'tinyint':
      return `${v}Y`;
    case 'smallint':
      return `${v}S`;
    case 'decimal':
      // Plain text reads back as a decimal when it has a point or is too wide for a bigint.
      return /^-?\d*\.\d*$/.test(String(v)) || isWiderThanBigint(String(v)) ? String(v) : `${v}BD`;
    case 'double':
      return `${v}D`;
    case 'float':
      return `${v}F`;
    case 'binary':
      return `X'${v}'`;
    case 'date':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'timestamp_ltz':
    case 'time':
    case 'interval':
      return `${e.type.toUpperCase()} ${quoteString(String(v))}`;
  }
}

export function printSortOrder(o: SortOrder): string {
  // Spark's default null order (first when ascending) is DuckDB's opposite: written out there.
  const nulls = o.nulls ?? (dialect === 'duckdb' ? (o.direction === 'DESC' ? 'LAST' : 'FIRST') : null);
  return printExpression(o.child) + (o.direction === null ? '' : ` ${o.direction}`) + (nulls === null ? '' : ` NULLS ${nulls}`);
}

export function printWindowSpec(w: WindowSpec): string {
  const parts: string[] = [];
  if (w.base !== null) parts.push(quoteIdent(w.base));
  if (w.partitionBy.length > 0) parts.push(`${w.hiveStyle && dialect === 'spark' ? 'DISTRIBUTE' : 'PARTITION'} BY ${printList(w.partitionBy)}`);
  if (w.orderBy.length > 0) parts.push(`${w.hiveStyle && dialect === 'spark' ? 'SORT' : 'ORDER'} BY ${w.orderBy.map(printSortOrder).join(', ')}`);
  if (w.frame !== null) {
    const f = w.frame;
    parts.push(f.end === null ? `${f.type} ${printBound(f.start)}` : `${f.type} BETWEEN ${printBound(f.start)} AND ${printBound(f.end)}`);
  }
  return `(${parts.join(' ')})`;
}

function printBound(b: FrameBound): string {
  return 'offset' in b ? `${printExpression(b.offset)} ${b.type}` : b.type;
}

function isWiderThanBigint(v: string): boolean {
  if (!/^-?\d+$/.test(v)) return false;
  const n = BigInt(v);
  return n > 9223372036854775807n || n < -9223372036854775808n;
}

/**
 * AND and OR. The parser builds a chain of one operator as Spark does, as a balanced tree
 * (grammar/expression.ts, booleanExpression); a tree of that shape prints as the flat chain, any
 * other with its same-operator operands in parentheses, so that it reads back the same.
 */
function printLogical(e: BinaryOp, p: number): string {
  const op = e.op;
  const sep = op === 'AND' ? ' AND ' : ' OR ';
  // Every form below is its operands' texts joined by the operator: remembered as that.
  const base = mark();
  try {
    // Two operands, neither of them the same operator (the usual case): nothing to rebalance.
    if (!sameOp(e.left, op) && !sameOp(e.right, op)) {
      push(at(e.left, p + 1));
      push(at(e.right, p + 1));
    } else chainOperands(e, p);
    const known = recall(logicalTexts, sep, base);
    if (known !== undefined) return known;
    let s = operand(base);
    for (let i = base + 1; i < height(); i++) s += sep + flatIfLong(s, operand(i));
    return keep(logicalTexts, sep, base, s);
  } finally {
    release(base);
  }
}

type BinaryOp = Extract<Expression, { kind: 'BinaryOp' }>;

/** `left op right`, remembered as the operator and its operands' texts (a row filter's comparisons, printed for every read). */
function printBinary(e: BinaryOp, p: number): string {
  const base = mark();
  try {
    push(at(e.left, p));
    push(at(e.right, p + 1));
    return recall(binaryTexts, e.op, base) ?? keep(binaryTexts, e.op, base, operand(base) + SPACED[e.op]! + operand(base + 1));
  } finally {
    release(base);
  }
}
// Module functions, not closures: printLogical runs for every filter of every read.
const sameOp = (x: Expression, op: string): x is BinaryOp => x.kind === 'BinaryOp' && x.op === op;

/** Pushes the operand texts of a chain of one operator (see printLogical) onto the operand stack. */
function chainOperands(e: BinaryOp, p: number): void {
  const op = e.op;
  // The chain's operands in order (without recursion: chains can be thousands long), on stacks
  // shared by every chain printed (a secured read's filter is one: no lists per read). An
  // operand printed may hold a chain of its own: it uses the stacks above this one's part.
  const l0 = leafTop;
  const s0 = pendingTop;
  pending[pendingTop++] = e;
  while (pendingTop > s0) {
    const x = pending[--pendingTop]!;
    pending[pendingTop] = undefined;
    if (sameOp(x, op)) {
      pending[pendingTop++] = x.right;
      pending[pendingTop++] = x.left;
    } else leaves[leafTop++] = x;
  }
  const l1 = leafTop;
  try {
    if (balanced(e, l0, l1 - 1, op)) {
      for (let i = l0; i < l1; i++) push(at(leaves[i]!, p + 1));
      return;
    }
  } finally {
    for (let i = l0; i < l1; i++) leaves[i] = undefined;
    leafTop = l0;
  }
  push(sameOp(e.left, op) ? parenthesised(printExpression(e.left)) : at(e.left, p + 1));
  push(sameOp(e.right, op) ? parenthesised(printExpression(e.right)) : at(e.right, p + 1));
}

const leaves: (Expression | undefined)[] = [];
let leafTop = 0;
const pending: (Expression | undefined)[] = [];
let pendingTop = 0;

/** Whether `x` is the balanced tree over leaves[low..high] that the parser builds for a chain. */
function balanced(x: Expression, low: number, high: number, op: string): boolean {
  if (low === high) return x === leaves[low];
  if (!sameOp(x, op)) return false;
  if (high - low === 1) return x.left === leaves[low] && x.right === leaves[high];
  const mid = low + Math.floor((high - low) / 2);
  return balanced(x.left, low, mid, op) && balanced(x.right, mid + 1, high, op);
}
