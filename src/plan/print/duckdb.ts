/**
 * The DuckDB dialect of the printer: a resolved, secured plan as SQL that DuckDB runs with the
 * meaning Spark (ANSI mode, session time zone UTC) gives the plan. Only what differs is here;
 * the shared printers call in through `dialect` (dialect.ts). What DuckDB cannot say with
 * Spark's meaning throws a DialectError rather than printing something that means something else.
 *
 * Names: `spark_catalog.db.t` is the DuckDB table `"db"."t"` (schema db in the default database);
 * another catalog `c` stays a three-part name (an attached database `c`). Identifiers are always
 * double-quoted (DuckDB matches them case-insensitively, as Spark does).
 * Types: STRING → VARCHAR, BINARY → BLOB, TIMESTAMP (Spark's LTZ; the session time zone is taken
 * to be UTC, where LTZ and NTZ read alike) and TIMESTAMP_NTZ → TIMESTAMP.
 * Known differences left: regular expressions are RE2 (DuckDB) rather than java.util.regex (the
 * patterns masks use mean the same in both; lookaround and backreferences fail in DuckDB);
 * decimal division is computed in DOUBLE then cast to Spark's result type (exact up to ~15
 * significant digits); avg of decimals likewise; `CAST(string AS int)` keeps Spark's truncation
 * but not its acceptance of '.5' or '1.'; current_date/current_timestamp are DuckDB's clock.
 */
import type { DataType } from '../data-type.js';
import type { Expression, Literal } from '../expression.js';
import type { Plan } from '../logical.js';
import type { ResolvedFunction } from '../resolved.js';
import { typeOf } from '../analysis/type-of.js';
import { foreachPlanDeep } from '../traverse.js';
import { visitExprSlots, visitPlanSlots } from '../children.js';
import { DialectError } from './dialect.js';
import { printExpression, printWindowSpec } from './expression.js';
import { quoteIdent, quoteString } from './names.js';
import { isStatement } from './statement.js';

/** The usual reason. */
const NS = 'not supported in the DuckDB dialect';
const fail = (what: string, why: string): never => {
  throw new DialectError(what, why);
};

// ---- types ---------------------------------------------------------------------------------------

const PRIMITIVES: Readonly<Record<string, string>> = {
  boolean: 'BOOLEAN',
  tinyint: 'TINYINT',
  smallint: 'SMALLINT',
  int: 'INTEGER',
  bigint: 'BIGINT',
  float: 'REAL',
  double: 'DOUBLE',
  date: 'DATE',
  binary: 'BLOB',
};

export function duckdbType(t: DataType): string {
  switch (t.kind) {
    case 'primitive':
      return PRIMITIVES[t.name] ?? fail(`type ${t.name}`, 'no DuckDB type with its meaning');
    case 'decimal':
      return `DECIMAL(${t.precision},${t.scale})`;
    case 'string':
    case 'varchar':
      // Spark's VARCHAR(n) length check is not kept; its values are plain strings.
      return t.collation === null ? 'VARCHAR' : fail('COLLATE', 'Spark collations have no DuckDB equivalent');
    case 'timestamp':
      return t.precision === null ? 'TIMESTAMP' : fail(`${t.variant}(${t.precision})`, 'only microsecond timestamps are supported');
    case 'array':
      return `${duckdbType(t.element)}[]`;
    case 'map':
      return `MAP(${duckdbType(t.key)}, ${duckdbType(t.value)})`;
    case 'struct':
      return `STRUCT(${t.fields.map((f) => `${quoteIdent(f.name)} ${duckdbType(f.type)}`).join(', ')})`;
    default:
      // CHAR(n) pads, intervals and the rest have other value semantics.
      return fail(`type ${t.kind}`, 'no DuckDB type with its meaning');
  }
}

const isFloating = (t: DataType): boolean => t.kind === 'primitive' && (t.name === 'float' || t.name === 'double');
const isIntegral = (t: DataType): boolean => t.kind === 'primitive' && ['tinyint', 'smallint', 'int', 'bigint'].includes(t.name);
const isStringType = (t: DataType): boolean => t.kind === 'string' || t.kind === 'varchar' || t.kind === 'char';
const isDatetime = (t: DataType): boolean => t.kind === 'timestamp' || (t.kind === 'primitive' && t.name === 'date');

// ---- plans ---------------------------------------------------------------------------------------

/** Plan nodes with no DuckDB form of the same meaning. */
const UNSUPPORTED_PLANS = new Set(['Repartition', 'Generate', 'Pivot', 'Unpivot', 'Sample', 'TableValuedFunction', 'NearestByJoin', 'PipeOperator', 'PipeSet', 'ScriptTransform', 'FileRelation']);

/** What is wrong with one plan node for the DuckDB dialect, as [construct, why]; a VALUES is judged apart (checkDuckdbPlan). */
function planFault(p: Plan): [string, string] | null {
  if (isStatement(p)) return [p.kind, 'only queries print in the DuckDB dialect'];
  if (UNSUPPORTED_PLANS.has(p.kind)) return [p.kind, 'no DuckDB form with Spark’s meaning'];
  if (p.kind === 'Sort' && !p.global) return ['SORT BY', 'a per-partition sort has no DuckDB form'];
  if (p.kind === 'Aggregate' && (p.pipe || (p.groupingModifier !== null && p.groupingModifier !== 'GROUPING SETS'))) return [`GROUP BY … WITH ${p.groupingModifier ?? ''}`, 'write ROLLUP(…) or CUBE(…)'];
  if (p.kind === 'Relation' && (p.timeTravel !== null || p.options !== null)) return ['time travel and table options', 'no DuckDB form'];
  if (p.kind === 'With' && p.ctes.some((c) => c.maxRecursionLevel !== null)) return ['MAX RECURSION LEVEL', 'no DuckDB form'];
  return null;
}

/**
 * Rejects, before printing, what the DuckDB dialect cannot print with Spark's meaning: the first
 * plan node at fault (pre-order), else the first function left unresolved. One walk of the plan;
 * a VALUES is judged at the end, once every alias over one is known.
 */
export function checkDuckdbPlan(plan: Plan): void {
  // VALUES columns are col1… in Spark and col0… in DuckDB: only a VALUES with column aliases reads alike.
  const aliasedValues = new Set<Plan>();
  const values: { index: number; node: Plan }[] = [];
  // (Set inside the walk's callbacks: typed so that the checks after it are not narrowed to null.)
  let fault = null as { index: number; what: [string, string] } | null;
  let unresolved = null as string | null;
  let index = 0;
  const onExpr = (e: Expression): void => {
    if (unresolved !== null) return;
    if (e.kind === 'UnresolvedFunction') unresolved = e.name.join('.');
    else visitExprSlots(e, ignore, onExpr);
  };
  foreachPlanDeep(plan, (p) => {
    const i = index++;
    if (p.kind === 'SubqueryAlias' && p.columnAliases !== null && p.child.kind === 'InlineTable') aliasedValues.add(p.child);
    if (fault === null) {
      const what = planFault(p);
      if (what !== null) fault = { index: i, what };
      else if (p.kind === 'InlineTable') values.push({ index: i, node: p });
    }
    if (unresolved === null) visitPlanSlots(p, ignore, onExpr);
  });
  const bare = values.find((v) => !aliasedValues.has(v.node));
  if (bare !== undefined && (fault === null || bare.index < fault.index)) fail('VALUES', 'name its columns (`AS t(a, b)`): DuckDB names them col0… where Spark names them col1…');
  if (fault !== null) fail(fault.what[0], fault.what[1]);
  if (unresolved !== null) fail(unresolved, 'the DuckDB dialect prints resolved plans only (resolve the functions first)');
}

const ignore = (): void => {};

/** The DuckDB join keyword for a Spark join type. */
export function duckdbJoin(joinType: string): string {
  return joinType === 'LEFT SEMI' ? 'SEMI JOIN' : joinType === 'LEFT ANTI' ? 'ANTI JOIN' : joinType === 'INNER' ? 'JOIN' : `${joinType} JOIN`;
}

// ---- literals ------------------------------------------------------------------------------------

/** A string literal: standard SQL quoting (no backslash escapes); NUL, which DuckDB strings cannot hold, as chr(0). */
export function duckdbString(value: string): string {
  const quoted = (s: string): string => "'" + (s.includes("'") ? s.replace(/'/g, "''") : s) + "'";
  return value.includes('\0') ? `(${value.split('\0').map(quoted).join(' || chr(0) || ')})` : quoted(value);
}

function duckdbLiteral(e: Literal): string {
  const v = String(e.value);
  switch (e.type) {
    case 'null':
      return 'NULL';
    case 'boolean':
      return e.value ? 'TRUE' : 'FALSE';
    case 'int':
      return v;
    case 'string':
      return quoteString(v);
    case 'binary':
      return `unhex(${duckdbString(v)})`;
    case 'date':
      return `DATE ${duckdbString(v)}`;
    case 'timestamp':
    case 'timestamp_ntz':
    case 'timestamp_ltz':
      // A zone or offset in the text would be read differently (DuckDB's TIMESTAMP drops it).
      return /^[\d\-: .T]+$/.test(v) ? `TIMESTAMP ${duckdbString(v)}` : fail(`TIMESTAMP '${v}'`, 'a timestamp literal with a time zone');
    case 'interval':
    case 'time':
      return fail(`${e.type.toUpperCase()} literal`, 'no DuckDB literal with Spark’s meaning');
    default:
      // bigint, smallint, tinyint, decimal, double, float: typed, as Spark types them.
      return `CAST(${duckdbString(v)} AS ${duckdbType(typeOf(e))})`;
  }
}

// ---- functions -----------------------------------------------------------------------------------

type Printer = (args: readonly string[], f: ResolvedFunction) => string;

const call =
  (name: string): Printer =>
  (a) =>
    `${name}(${a.join(', ')})`;
/** Printers whose DuckDB result type differs from Spark's (BIGINT for INT …): the call is cast to Spark's. */
const TYPED = new WeakSet<Printer>();
const typed = (p: Printer): Printer => {
  const q: Printer = (a, f) => p(a, f);
  TYPED.add(q);
  return q;
};
const arity =
  (counts: readonly number[], p: Printer): Printer =>
  (a, f) =>
    counts.includes(a.length) ? p(a, f) : fail(`${f.name} with ${a.length} arguments`, NS);
const literalArg = (f: ResolvedFunction, i: number): string | null => {
  const x = f.args[i];
  return x !== undefined && x.kind === 'Literal' && x.value !== null ? String(x.value) : null;
};
/** Spark treats position 0 as 1 and a negative length as 0; DuckDB does neither. */
const position = (e: Expression, s: string): string => (e.kind === 'Literal' ? (s === '0' ? '1' : s) : `CASE WHEN (${s}) = 0 THEN 1 ELSE ${s} END`);
const count = (e: Expression, s: string): string => (e.kind === 'Literal' ? (Number(s) < 0 ? '0' : s) : `CASE WHEN (${s}) < 0 THEN 0 ELSE ${s} END`);

const DATE_UNITS: Readonly<Record<string, string>> = {
  YEAR: 'year', YYYY: 'year', YY: 'year', QUARTER: 'quarter', MONTH: 'month', MON: 'month', MM: 'month',
  WEEK: 'week', DAY: 'day', DD: 'day', HOUR: 'hour', MINUTE: 'minute', SECOND: 'second', MILLISECOND: 'millisecond', MICROSECOND: 'microsecond',
};
const dateUnit = (f: ResolvedFunction, i: number): string => {
  const u = literalArg(f, i);
  return DATE_UNITS[(u ?? '').toUpperCase()] ?? fail(`${f.name} unit ${u ?? '(not a literal)'}`, 'the unit must be a literal DuckDB knows');
};

/** Java's replacement syntax (`$1`, `\$`) as RE2's (`\1`, `$`). */
function javaReplacement(r: string): string {
  let out = '';
  for (let i = 0; i < r.length; i++) {
    const c = r[i]!;
    if (c === '\\') {
      const next = r[++i] ?? fail('regexp_replace', 'a replacement ending in a backslash');
      out += next === '\\' ? '\\\\' : next;
    } else if (c === '$') {
      const d = r[++i] ?? '';
      if (!/\d/.test(d) || /\d/.test(r[i + 1] ?? '')) fail('regexp_replace', `replacement group reference ${r.slice(i - 1, i + 2)} (only $0–$9)`);
      out += '\\' + d;
    } else out += c;
  }
  return out;
}

/**
 * Functions by Spark's registry name; any other function throws. Made on first use: some 150
 * printers are start-up work for every process that loads the printer, most never print DuckDB.
 */
let functionPrinters: Readonly<Record<string, Printer>> | undefined;
const printerOf = (name: string): Printer | undefined => (functionPrinters ??= makeFunctionPrinters())[name];
function makeFunctionPrinters(): Readonly<Record<string, Printer>> {
  return {
    ...Object.fromEntries(
      // Same name, arguments and meaning for the types the analyzer lets through.
      'abs coalesce nullif greatest least upper lower reverse repeat starts_with ends_with contains md5 concat_ws translate sqrt exp last_day pow power'
        .split(' ')
        .map((n) => [n, call(n)]),
    ),
    ...Object.fromEntries(
      // Same meaning, DuckDB's result type differs from Spark's.
      'year month quarter hour minute second dayofyear weekofyear make_date sign'.split(' ').map((n) => [n, typed(call(n))]),
    ),
    ucase: call('upper'),
    lcase: call('lower'),
    startswith: call('starts_with'),
    endswith: call('ends_with'),
    day: typed(call('day')),
    dayofmonth: typed(call('day')),
    signum: typed(call('sign')),
    sha: call('sha1'),
    sha1: call('sha1'),
    nvl: call('coalesce'),
    ifnull: call('coalesce'),
    char_length: typed(call('length')),
    character_length: typed(call('length')),
    length: typed(call('length')),
    trim: arity([1], call('trim')),
    ltrim: arity([1], call('ltrim')),
    rtrim: arity([1], call('rtrim')),
    lpad: arity([2, 3], (a) => `lpad(${a[0]}, ${a[1]}, ${a[2] ?? "' '"})`),
    rpad: arity([2, 3], (a) => `rpad(${a[0]}, ${a[1]}, ${a[2] ?? "' '"})`),
    replace: arity([2, 3], (a) => `replace(${a[0]}, ${a[1]}, ${a[2] ?? "''"})`),
    locate: typed(arity([2], (a) => `instr(${a[1]}, ${a[0]})`)),
    instr: typed(call('instr')),
    ascii: typed(call('ascii')),
    ceil: typed(arity([1], call('ceil'))),
    ceiling: typed(arity([1], call('ceil'))),
    floor: typed(arity([1], call('floor'))),
    round: (a, f) => (isFloating(typeOf(f.args[0]!)) ? fail('round of a floating-point value', 'Spark rounds the decimal text, DuckDB the binary value') : typed(call('round'))(a, f)),
    dayofweek: typed((a) => `(dayofweek(${a[0]}) + 1)`),
    isnull: (a) => `((${a[0]}) IS NULL)`,
    isnotnull: (a) => `((${a[0]}) IS NOT NULL)`,
    if: (a) => `CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END`,
    iff: (a) => `CASE WHEN ${a[0]} THEN ${a[1]} ELSE ${a[2]} END`,
    nvl2: (a) => `CASE WHEN ${a[0]} IS NOT NULL THEN ${a[1]} ELSE ${a[2]} END`,
    current_date: () => 'current_date',
    curdate: () => 'current_date',
    current_timestamp: () => 'CAST(current_timestamp AS TIMESTAMP)',
    now: () => 'CAST(current_timestamp AS TIMESTAMP)',
    to_date: arity([1], (a) => `CAST(${a[0]} AS DATE)`),
    to_timestamp: arity([1], (a) => `CAST(${a[0]} AS TIMESTAMP)`),
    date_add: (a) => `CAST((${a[0]}) + (${a[1]}) AS DATE)`,
    dateadd: (a) => `CAST((${a[0]}) + (${a[1]}) AS DATE)`,
    date_sub: (a) => `CAST((${a[0]}) - (${a[1]}) AS DATE)`,
    datediff: typed((a) => `date_diff('day', ${a[1]}, ${a[0]})`),
    // Spark's date_trunc(unit, t) is a TIMESTAMP, trunc(date, unit) a DATE.
    date_trunc: (a, f) => `CAST(date_trunc('${dateUnit(f, 0)}', ${a[1]}) AS TIMESTAMP)`,
    trunc: (a, f) => `CAST(date_trunc('${dateUnit(f, 1)}', ${a[0]}) AS DATE)`,
    substring: (a, f) => `substring(${a[0]}, ${position(f.args[1]!, a[1]!)}${a.length > 2 ? `, ${count(f.args[2]!, a[2]!)}` : ''})`,
    substr: (a, f) => `substring(${a[0]}, ${position(f.args[1]!, a[1]!)}${a.length > 2 ? `, ${count(f.args[2]!, a[2]!)}` : ''})`,
    // Spark's concat is NULL when any argument is; DuckDB's concat skips NULLs, `||` does not.
    concat: (a) => (a.length === 0 ? "''" : `(${a.map((x) => `(${x})`).join(' || ')})`),
    substring_index: (a, f) => {
      const n = Number(literalArg(f, 2) ?? fail('substring_index', 'the count must be a literal'));
      if (n === 0) return `CASE WHEN (${a[0]}) IS NULL OR (${a[1]}) IS NULL THEN NULL ELSE '' END`;
      if (literalArg(f, 1) === '') fail('substring_index', 'an empty delimiter');
      return `array_to_string(string_split(${a[0]}, ${a[1]})[${n > 0 ? `1:${n}` : `${n}:`}], ${a[1]})`;
    },
    // conv from base 16 to 10 (the sampling filter's bucket): through a hexadecimal literal.
    conv: (a, f) =>
      literalArg(f, 1) === '16' && literalArg(f, 2) === '10' ? `CAST(CAST('0x' || (${a[0]}) AS UBIGINT) AS VARCHAR)` : fail('conv', 'only from base 16 to base 10'),
    sha2: (a, f) => (['256', '0'].includes(literalArg(f, 1) ?? '') ? `sha256(${a[0]})` : fail(`sha2 with ${literalArg(f, 1) ?? 'a computed'} bits`, 'DuckDB has SHA-256 only')),
    regexp_replace: arity([3], (a, f) => `regexp_replace(${a[0]}, ${a[1]}, ${duckdbString(javaReplacement(literalArg(f, 2) ?? fail('regexp_replace', 'the replacement must be a literal')))}, 'g')`),
    regexp_extract: arity([2, 3], (a) => `regexp_extract(${a[0]}, ${a[1]}, ${a[2] ?? '1'})`),
    rlike: call('regexp_matches'),
    regexp: call('regexp_matches'),
    regexp_like: call('regexp_matches'),
    // Aggregates and window functions (printed with DISTINCT, FILTER, IGNORE NULLS by the caller).
    count: call('count'),
    sum: typed(call('sum')),
    avg: typed(call('avg')),
    mean: typed(call('avg')),
    min: call('min'),
    max: call('max'),
    any_value: call('any_value'),
    bool_and: call('bool_and'),
    every: call('bool_and'),
    bool_or: call('bool_or'),
    some: call('bool_or'),
    count_if: typed(call('count_if')),
    max_by: call('arg_max'),
    min_by: call('arg_min'),
    stddev: call('stddev_samp'),
    std: call('stddev_samp'),
    stddev_samp: call('stddev_samp'),
    stddev_pop: call('stddev_pop'),
    variance: call('var_samp'),
    var_samp: call('var_samp'),
    var_pop: call('var_pop'),
    grouping: typed(call('grouping')),
    row_number: typed(call('row_number')),
    rank: typed(call('rank')),
    dense_rank: typed(call('dense_rank')),
    ntile: typed(call('ntile')),
    percent_rank: call('percent_rank'),
    cume_dist: call('cume_dist'),
    lag: call('lag'),
    lead: call('lead'),
    first_value: arity([1], call('first_value')),
    last_value: arity([1], call('last_value')),
    nth_value: call('nth_value'),
  };
}

/**
 * A resolved call. `bare` leaves out the cast to Spark's result type: a window function takes
 * it around the whole `f(…) OVER (…)`.
 */
function duckdbFunction(f: ResolvedFunction, bare: boolean): string {
  const printer = printerOf(f.name) ?? fail(f.name, 'function not supported in the DuckDB dialect');
  if (f.withinGroup !== null) fail(`${f.name} WITHIN GROUP`, NS);
  const args = f.args.map(printExpression);
  let s: string;
  if (f.category === 'scalar') s = printer(args, f);
  else {
    if (f.distinct && args.length > 1) fail(`${f.name}(DISTINCT …) of several columns`, NS);
    s = printer(f.distinct ? [`DISTINCT ${args[0]}`] : args, f);
    if (f.filter !== null) s += ` FILTER (WHERE ${printExpression(f.filter)})`;
    if (f.ignoreNulls !== null) s += f.ignoreNulls ? ' IGNORE NULLS' : ' RESPECT NULLS';
  }
  return bare || !TYPED.has(printer) ? s : `CAST(${s} AS ${duckdbType(f.type)})`;
}

// ---- operators and the other expressions ---------------------------------------------------------

/** An operand, parenthesised unless it is a column, a call or a non-negative literal. */
const paren = (e: Expression): string => {
  const s = printExpression(e);
  const atomic = e.kind === 'AttributeRef' || e.kind === 'OuterReference' || e.kind === 'ResolvedFunction' || (e.kind === 'Literal' && !s.startsWith('-'));
  return atomic ? s : `(${s})`;
};

/** Spark raises DIVIDE_BY_ZERO (ANSI); DuckDB gives Infinity or NULL. */
function divisor(e: Expression): string {
  if (e.kind === 'Literal' && e.value !== null && Number(e.value) !== 0) return paren(e);
  const s = printExpression(e);
  return `(CASE WHEN (${s}) = 0 THEN error('[DIVIDE_BY_ZERO] Division by zero') ELSE (${s}) END)`;
}

const EXTRACT_FIELDS: Readonly<Record<string, string>> = Object.fromEntries(
  ['year Y YEAR YEARS YR YRS', 'quarter QUARTER QTR', 'month MONTH MON MONS MONTHS', 'day DAY D DAYS', 'hour HOUR H HOURS HR HRS', 'minute MINUTE M MIN MINS MINUTES'].flatMap((l) => {
    const [unit, ...names] = l.split(' ');
    return names.map((n) => [n, unit!]);
  }),
);

const LIKE_ESCAPE = " ESCAPE '\\'";

/** The DuckDB form of `e`, or null where the shared printer's (Spark) form means the same. */
export function duckdbExpression(e: Expression): string | null {
  switch (e.kind) {
    case 'Literal':
      return duckdbLiteral(e);
    case 'ResolvedFunction':
      return duckdbFunction(e, false);
    case 'WindowExpression': {
      if (e.function.kind !== 'ResolvedFunction') return null;
      const f = e.function;
      const over = `${duckdbFunction(f, true)} OVER ${typeof e.window === 'string' ? quoteIdent(e.window) : printWindowSpec(e.window)}`;
      return TYPED.has(printerOf(f.name)!) ? `CAST(${over} AS ${duckdbType(f.type)})` : over;
    }
    case 'BinaryOp': {
      const l = paren(e.left);
      switch (e.op) {
        case '<=>':
          return `(${l} IS NOT DISTINCT FROM ${paren(e.right)})`;
        case '^':
          return `xor(${l}, ${paren(e.right)})`;
        case '>>>':
          return fail('>>>', 'no unsigned shift in DuckDB');
        case '/': {
          const t = typeOf(e);
          const q = `(${l} / ${divisor(e.right)})`;
          return t.kind === 'decimal' ? `CAST(${q} AS ${duckdbType(t)})` : q;
        }
        case '%':
          return `CAST((${l} % ${divisor(e.right)}) AS ${duckdbType(typeOf(e))})`;
        case 'DIV':
          if (!isIntegral(typeOf(e.left)) || !isIntegral(typeOf(e.right))) fail('div', 'only integer operands in the DuckDB dialect');
          return `CAST((${l} // ${divisor(e.right)}) AS BIGINT)`;
        case '+':
        case '-':
        case '*': {
          const lt = typeOf(e.left);
          const rt = typeOf(e.right);
          if (isDatetime(lt) && isDatetime(rt)) fail(`datetime ${e.op} datetime`, 'Spark gives an interval, DuckDB a number');
          // Decimal precision and scale, and date ± days, follow Spark's result type.
          return lt.kind === 'decimal' || rt.kind === 'decimal' || isDatetime(lt) || isDatetime(rt)
            ? `CAST((${l} ${e.op} ${paren(e.right)}) AS ${duckdbType(typeOf(e))})`
            : null;
        }
        default:
          return null;
      }
    }
    case 'IsOp':
      return e.test === 'UNKNOWN' ? `(${paren(e.child)} IS ${e.negated ? 'NOT ' : ''}NULL)` : null;
    case 'Like':
      // Spark's LIKE escapes with a backslash by default; DuckDB's has no default escape.
      return e.escape === null
        ? `(${paren(e.value)} ${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'} ${paren(e.pattern)}${LIKE_ESCAPE})`
        : null;
    case 'LikeQuantified': {
      const op = `${e.negated ? 'NOT ' : ''}${e.caseInsensitive ? 'ILIKE' : 'LIKE'}`;
      const v = paren(e.value);
      return `(${e.patterns.map((p) => `(${v} ${op} ${paren(p)}${LIKE_ESCAPE})`).join(e.quantifier === 'ALL' ? ' AND ' : ' OR ')})`;
    }
    case 'RLike':
      return `(${e.negated ? 'NOT ' : ''}regexp_matches(${printExpression(e.value)}, ${printExpression(e.pattern)}))`;
    case 'Cast': {
      const from = typeOf(e.child);
      const to = e.type;
      const fn = e.mode === 'try_cast' ? 'TRY_CAST' : 'CAST';
      let child = printExpression(e.child);
      if (isStringType(to) && !(isStringType(from) || isIntegral(from) || from.kind === 'decimal' || isDatetime(from) || from.kind === 'primitive')) {
        fail(`CAST(${from.kind} AS STRING)`, 'Spark and DuckDB write these values differently');
      }
      if (isStringType(to) && (isFloating(from) || (from.kind === 'primitive' && from.name === 'binary'))) {
        fail(`CAST(${from.kind === 'primitive' ? from.name : from.kind} AS STRING)`, 'Spark and DuckDB write these values differently');
      }
      // Spark truncates toward zero where DuckDB rounds, and reads '1.7' as 1.
      if (isIntegral(to) && (isFloating(from) || from.kind === 'decimal')) child = `trunc(${child})`;
      if (isIntegral(to) && isStringType(from)) child = `split_part(trim(${child}), '.', 1)`;
      return `${fn}(${child} AS ${duckdbType(to)})`;
    }
    case 'Extract': {
      // SECOND is a decimal with the fraction in Spark, DAYOFWEEK counts from 1: left out.
      const unit = EXTRACT_FIELDS[e.field.toUpperCase()] ?? fail(`EXTRACT(${e.field})`, NS);
      return `CAST(EXTRACT(${unit} FROM ${printExpression(e.source)}) AS ${duckdbType(typeOf(e))})`;
    }
    case 'IntervalLiteral':
      return `(${e.parts
        .map((p) => (p.to !== undefined ? fail(`INTERVAL … ${p.unit} TO ${p.to}`, NS) : `INTERVAL ${duckdbString(p.value)} ${p.unit}`))
        .join(' + ')})`;
    case 'Subscript':
    case 'LambdaFunction':
    case 'SemiStructuredExtract':
    case 'TimestampArithmetic':
    case 'NamedArgument':
    case 'Parameter':
    case 'Collate':
    case 'IdentifierClause':
    case 'VariableRef':
    case 'MultiAlias':
    case 'UnresolvedFunction':
      return fail(e.kind, NS);
    default:
      return null;
  }
}
