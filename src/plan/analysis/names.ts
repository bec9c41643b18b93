/**
 * Spark's generated column names for unaliased expressions (`toPrettySQL`, i.e. `Expression.sql`
 * after `usePrettyExpression`): columns print bare, string and number literals as their value
 * (`'a'` → `a`, `1L` → `1`), other literals in SQL form (`DATE '2020-01-01'`), operators in
 * parentheses (`(a + 1)`), functions under the name they were called by with Spark's filled-in
 * defaults (`substring(s, 2, 2147483647)`), casts as `CAST(x AS INT)`.
 */
import type { Expression, Literal, SortOrder, WindowFrame, WindowSpec, FrameBound } from '../expression.js';
import type { ResolvedFunction } from '../resolved.js';
import { printExpression } from '../print/expression.js';
import { typeToSql } from '../print/data-type.js';
import { lookupFunction } from './functions.js';
import { intervalFromParts, intervalFromString, intervalSql } from './interval-text.js';
import { typeOf } from './type-of.js';
import type { Plan } from '../logical.js';
import { visitExprSlots, visitPlanSlots } from '../children.js';

/** The name of an output column Spark generates for `e`. */
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
    case 'SemiStructuredExtract':
      return semiStructuredName(e.path);
    default:
      return prettySql(e);
  }
}

/** `v:a.b[0]` is named after its last field: `b`. */
function semiStructuredName(path: string): string {
  const fields = [...path.matchAll(/\.([^.[\]]+)|\['([^']*)'\]|\["([^"]*)"\]/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return fields.length > 0 ? fields[fields.length - 1]! : path;
}

const BINARY_SQL: Readonly<Record<string, string>> = { DIV: 'div' };

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
      return prettyLiteral(e);
    case 'IntervalLiteral': {
      const v = intervalFromParts(e.parts);
      return v === null ? printExpression(e) : intervalSql(v);
    }
    case 'ResolvedFunction':
      return prettyFunction(e);
    case 'BinaryOp': {
      const l = prettySql(e.left);
      const r = prettySql(e.right);
      // `a || b` is Spark's Concat; `a <> b` is Not(EqualTo).
      if (e.op === '||') return `concat(${l}, ${r})`;
      if (e.op === '<>') return `(NOT (${l} = ${r}))`;
      return `(${l} ${BINARY_SQL[e.op] ?? e.op} ${r})`;
    }
    case 'UnaryOp': {
      const c = prettySql(e.child);
      if (e.op === 'NOT') return `(NOT ${c})`;
      if (e.op === '~') return `~${c}`;
      return `(${e.op} ${c})`;
    }
    case 'IsOp': {
      const c = prettySql(e.child);
      switch (e.test) {
        case 'NULL':
          return `(${c} IS ${e.negated ? 'NOT ' : ''}NULL)`;
        case 'DISTINCT FROM': {
          const eq = `(${c} <=> ${prettySql(e.other!)})`;
          return e.negated ? eq : `(NOT ${eq})`;
        }
        default: {
          // IS [NOT] TRUE/FALSE/UNKNOWN are null-safe comparisons in Spark's plan.
          const v = e.test === 'UNKNOWN' ? 'NULL' : e.test.toLowerCase();
          const eq = `(${c} <=> ${v})`;
          return e.negated ? `(NOT ${eq})` : eq;
        }
      }
    }
    case 'In': {
      const s = `(${prettySql(e.value)} IN (${e.list.map(prettySql).join(', ')}))`;
      return e.negated ? `(NOT ${s})` : s;
    }
    case 'Like': {
      const s = `${prettySql(e.value)} ${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${prettySql(e.pattern)}` + (e.escape === null || e.escape === '\\' ? '' : ` ESCAPE '${e.escape}'`);
      return e.negated ? `(NOT ${s})` : s;
    }
    case 'RLike': {
      const s = `RLIKE(${prettySql(e.value)}, ${prettySql(e.pattern)})`;
      return e.negated ? `(NOT ${s})` : s;
    }
    case 'Between': {
      const s = `between(${prettySql(e.value)}, ${prettySql(e.low)}, ${prettySql(e.high)})`;
      return e.negated ? `(NOT ${s})` : s;
    }
    case 'Case': {
      const operand = e.operand === null ? null : prettySql(e.operand);
      const whens = e.branches.map((b) => ` WHEN ${operand === null ? prettySql(b.when) : `(${operand} = ${prettySql(b.when)})`} THEN ${prettySql(b.then)}`);
      return `CASE${whens.join('')}${e.otherwise === null ? '' : ` ELSE ${prettySql(e.otherwise)}`} END`;
    }
    case 'Cast': {
      // A NULL cast to a complex type is folded into a typed NULL literal by Spark's parser.
      if (e.child.kind === 'Literal' && e.child.value === null && (e.type.kind === 'array' || e.type.kind === 'map' || e.type.kind === 'struct')) return 'NULL';
      return `${e.mode === 'try_cast' ? 'TRY_CAST' : 'CAST'}(${prettySql(e.child)} AS ${typeToSql(e.type).replace(/, /g, ',')})`;
    }
    case 'Extract':
      return `extract(${e.field} FROM ${prettySql(e.source)})`;
    case 'TimestampArithmetic':
      return `${e.op === 'ADD' ? 'timestampadd' : 'timestampdiff'}(${e.unit}, ${prettySql(e.left)}, ${prettySql(e.right)})`;
    case 'FieldAccess':
      return `${prettySql(e.child)}.${e.field}`;
    case 'Subscript':
      return `${prettySql(e.child)}[${prettySql(e.index)}]`;
    case 'Collate':
      return `collate(${prettySql(e.child)}, ${e.collation.join('.').toLowerCase()})`;
    case 'LambdaFunction':
      return `lambdafunction(${prettySql(e.body)}, ${e.params.map(() => 'namedlambdavariable()').join(', ')})`;
    case 'ScalarSubquery':
      return `scalarsubquery(${outerReferences(e.query).join(', ')})`;
    case 'Exists':
      return 'exists()';
    case 'NamedArgument':
      return prettySql(e.value);
    case 'Row':
      return `struct(${e.items.map(prettySql).join(', ')})`;
    case 'WindowExpression':
      return `${prettySql(e.function)} OVER ${typeof e.window === 'string' ? e.window : prettyWindow(e.function, e.window)}`;
    case 'SemiStructuredExtract':
      return `variant_get(${prettySql(e.child)}, ${e.path})`;
    default:
      return printExpression(e);
  }
}

function prettyFunction(e: ResolvedFunction): string {
  const def = lookupFunction(e.name);
  // Built-ins show the name they were called by; catalog and SQL functions their qualified name.
  const written = e.written.length === 0 ? e.name : def === undefined ? e.written.join('.').toLowerCase() : e.written[e.written.length - 1]!.toLowerCase();
  if (def?.transparentName === true && e.args.length === 1) return prettySql(e.args[0]!);
  const args = e.args.map(prettySql);
  // A call by a name the registry maps to another printed name (`random()` → `rand()`).
  const writtenDef = written === e.name ? def : lookupFunction(written);
  const named = writtenDef?.sqlName ?? (def === writtenDef ? def?.sqlName : undefined) ?? written;
  let s = def?.pretty !== undefined ? def.pretty(named, args, e) : `${named}(${e.distinct ? 'DISTINCT ' : ''}${args.join(', ')})`;
  if (e.withinGroup !== null) s += ` WITHIN GROUP (ORDER BY ${e.withinGroup.map(prettySort).join(', ')})`;
  if (e.filter !== null) s += ` FILTER (WHERE ${prettySql(e.filter)})`;
  if (e.ignoreNulls === true) s += ' IGNORE NULLS';
  return s;
}

function prettySort(o: SortOrder): string {
  const dir = o.direction ?? 'ASC';
  const nulls = o.nulls ?? (dir === 'ASC' ? 'FIRST' : 'LAST');
  return `${prettySql(o.child)} ${dir} NULLS ${nulls}`;
}

/** Functions whose frame Spark fixes to ROWS from the start to the current row. */
const ROW_FRAME = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'cume_dist', 'ntile']);

/** `(PARTITION BY a ORDER BY b ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`. */
function prettyWindow(fn: Expression, w: WindowSpec): string {
  const parts: string[] = [];
  if (w.partitionBy.length > 0) parts.push(`PARTITION BY ${w.partitionBy.map(prettySql).join(', ')}`);
  if (w.orderBy.length > 0) parts.push(`ORDER BY ${w.orderBy.map(prettySort).join(', ')}`);
  parts.push(prettyFrame(fn, w));
  return `(${parts.join(' ')})`;
}

function prettyFrame(fn: Expression, w: WindowSpec): string {
  const name = fn.kind === 'ResolvedFunction' ? fn.name : '';
  if (name === 'lag' || name === 'lead') {
    const offset = fn.kind === 'ResolvedFunction' && fn.args[1] !== undefined ? prettySql(fn.args[1]) : '1';
    const n = name === 'lag' ? (offset.startsWith('-') ? offset.slice(1) : `-${offset}`) : offset;
    return `ROWS BETWEEN ${n} FOLLOWING AND ${n} FOLLOWING`;
  }
  if (ROW_FRAME.has(name) || (name === 'cume_dist' || name === 'percent_rank')) {
    return name === 'cume_dist' || name === 'percent_rank'
      ? 'RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW'
      : 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  }
  if (w.frame !== null) return prettyFrameSpec(w.frame);
  return w.orderBy.length > 0 ? 'RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' : 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';
}

function prettyFrameSpec(f: WindowFrame): string {
  const end: FrameBound = f.end ?? { type: 'CURRENT ROW' };
  return `${f.type} BETWEEN ${prettyBound(f.start)} AND ${prettyBound(end)}`;
}

function prettyBound(b: FrameBound): string {
  if (!('offset' in b)) return b.type;
  // Spark prints `1 PRECEDING` as `-1 FOLLOWING`.
  const v = prettySql(b.offset);
  return b.type === 'PRECEDING' ? `${v.startsWith('-') ? v.slice(1) : `-${v}`} FOLLOWING` : `${v} FOLLOWING`;
}

// ---- literals ---------------------------------------------------------------------------------

/** Literal text in generated names: strings and numbers bare, others in SQL form. */
export function prettyLiteral(e: Literal): string {
  const v = e.value;
  if (v === null) return 'NULL';
  switch (e.type) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return String(v);
    case 'tinyint':
    case 'smallint':
    case 'int':
    case 'bigint': {
      // Integers print as Java does (`007` → `7`); text already in that form is kept as is.
      const text = String(v);
      return CANONICAL_INTEGER.test(text) ? text : String(BigInt(text));
    }
    case 'decimal':
      return decimalText(String(v));
    case 'double':
      return javaDouble(Number(v));
    case 'float':
      return javaFloat(Number(v));
    case 'binary':
      return `X'${String(v).toUpperCase()}'`;
    case 'date':
      return `DATE '${normalizeDate(String(v))}'`;
    case 'timestamp':
    case 'timestamp_ltz': {
      // Nanosecond timestamps keep their LTZ spelling.
      const text = normalizeTimestamp(String(v));
      return `${e.type === 'timestamp_ltz' && fractionDigits(text) > 6 ? 'TIMESTAMP_LTZ' : 'TIMESTAMP'} '${text}'`;
    }
    case 'timestamp_ntz':
      return `TIMESTAMP_NTZ '${normalizeTimestamp(String(v))}'`;
    case 'time':
      return `TIME '${String(v).trim()}'`;
    case 'interval': {
      const iv = intervalFromString(String(v));
      return iv === null ? `INTERVAL '${String(v)}'` : intervalSql(iv);
    }
    default:
      return String(v);
  }
}

const CANONICAL_INTEGER = /^(?:-?[1-9]\d*|0)$/;

/** Java's BigDecimal.toString for a plain decimal literal (`00.50` → `0.50`). */
function decimalText(text: string): string {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (m === null) return text;
  const int = m[2]!.replace(/^0+(?=\d)/, '') || '0';
  return `${m[1] === '-' ? '-' : ''}${int}${m[3] === undefined || m[3] === '' ? '' : `.${m[3]}`}`;
}

/** Java's Double.toString: `1.0`, `150000.0`, `1.0E10`, `1.0E-5`. */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [m, exp] = x.toExponential().split('e') as [string, string];
  return `${m.includes('.') ? m : `${m}.0`}E${Number(exp)}`;
}

/** Java's Float.toString: the shortest text that reads back as the same float. */
export function javaFloat(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return javaDouble(f);
  for (let p = 1; p <= 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return javaDouble(Number(s));
  }
  return javaDouble(f);
}

export function fractionDigits(text: string): number {
  const m = /\.(\d+)/.exec(text);
  return m === null ? 0 : m[1]!.length;
}

function normalizeDate(s: string): string {
  const m = /^\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})\s*$/.exec(s);
  return m === null ? s : `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/** `2019-10-15` → `2019-10-15 00:00:00`; fractions keep their significant digits. */
function normalizeTimestamp(s: string): string {
  const m = /^\s*(\d{4,})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2})(?::(\d{1,2}))?(?::(\d{1,2}))?(?:\.(\d*))?)?\s*$/.exec(s);
  if (m === null) return s;
  const p2 = (x: string | undefined): string => (x ?? '0').padStart(2, '0');
  const frac = (m[7] ?? '').replace(/0+$/, '');
  return `${m[1]}-${p2(m[2])}-${p2(m[3])} ${p2(m[4])}:${p2(m[5])}:${p2(m[6])}${frac === '' ? '' : `.${frac}`}`;
}

void typeOf;

/**
 * The names of the outer columns a subquery reads, node by node from the top, as Spark lists
 * them in `scalarsubquery(a, b)` (repeats kept; references inside nested subqueries are theirs).
 */
function outerReferences(p: Plan): string[] {
  const names: string[] = [];
  const inExpr = (e: Expression): void => {
    if (e.kind === 'OuterReference') names.push(e.attr.name);
    else visitExprSlots(e, () => {}, inExpr);
  };
  const plans: Plan[] = [];
  visitPlanSlots(p, (c) => plans.push(c), inExpr);
  for (const c of plans) names.push(...outerReferences(c));
  return names;
}
