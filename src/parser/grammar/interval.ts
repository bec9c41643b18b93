/**
 * Interval literals, as Spark's `interval` rule and AstBuilder read them:
 *   INTERVAL 3 DAYS 4 HOURS          (multi-unit: value/unit pairs)
 *   INTERVAL '1-2' YEAR TO MONTH     (unit-to-unit: one string value)
 *   INTERVAL '2 seconds'             (a typed literal: the string holds the units)
 * Spark checks the values while building the tree; the checks here follow those that raise a
 * ParseException (units inside a pair's string, mixed year-month and day-time units, the
 * from-to string formats and ranges), not the evaluation.
 */
import type { IToken, TokenType } from 'chevrotain';
import { defineRule, type Grammar } from '../rules.js';
import type { Rule } from '../dsl.js';
import * as T from '../tokens.js';
import { SqlParseError } from '../errors.js';
import type { Expression, IntervalPart } from '../../plan/expression.js';
import { isStringToken } from './expression.js';

const K = T.keyword;

declare module '../rules.js' {
  interface Rules {
    intervalLiteral: Rule<Expression>;
    intervalValue: Rule<{ value: string; quoted: boolean; token: IToken }>;
  }
}

/** Unit keywords of `unitInMultiUnits`, by token type, as the singular upper-case unit. */
const MULTI_UNITS: ReadonlyMap<TokenType, string> = new Map(
  ['NANOSECOND', 'MICROSECOND', 'MILLISECOND', 'SECOND', 'MINUTE', 'HOUR', 'DAY', 'WEEK', 'MONTH', 'YEAR'].flatMap(
    (u) => [[K(u), u] as const, [K(u + 'S'), u] as const],
  ),
);
/** `unitInUnitToUnit`: singular only. */
const TO_UNITS: ReadonlySet<string> = new Set(['SECOND', 'MINUTE', 'HOUR', 'DAY', 'MONTH', 'YEAR']);
const YEAR_MONTH: ReadonlySet<string> = new Set(['YEAR', 'MONTH']);

export function isIntervalUnit(t: TokenType): boolean {
  return MULTI_UNITS.has(t);
}

/**
 * Whether an interval literal starts at token `n` (the INTERVAL keyword): a value, or a sign and
 * a value, then a unit; or a single string (the typed-literal form). Otherwise `interval` is a
 * column name (`SELECT interval FROM t`).
 */
export function isIntervalLiteralAhead($: Grammar, n: number): boolean {
  if ($.LA(n).tokenType !== K('INTERVAL')) return false;
  const t = $.LA(n + 1).tokenType;
  return isStringToken(t) || valueThenUnit($, n + 1);
}

/** At token `i`: `[+|-] (number | string+) unit`. */
function valueThenUnit($: Grammar, i: number): boolean {
  let k = i;
  if ($.LA(k).tokenType === T.Plus || $.LA(k).tokenType === T.Minus) k++;
  const t = $.LA(k).tokenType;
  if (t === T.NumberLiteral) k++;
  else if (isStringToken(t)) while (isStringToken($.LA(k).tokenType)) k++;
  else return false;
  return MULTI_UNITS.has($.LA(k).tokenType);
}

export function defineIntervalRules($: Grammar): void {
  defineRule($, 'intervalLiteral', (): Expression => {
    const start = $.CONSUME(K('INTERVAL'));
    return $.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
      {
        GATE: () => !valueThenUnit($, 1),
        ALT: () => {
          const text = $.SUBRULE($.stringConstant);
          return $.ACTION(() => {
            checkIntervalString($, text, start);
            return { kind: 'Literal', type: 'interval', value: text } as Expression;
          });
        },
      },
      {
        ALT: () => {
          const parts: IntervalPart[] = [];
          const tokens: IToken[] = [];
          $.AT_LEAST_ONE({
            GATE: () => valueThenUnit($, 1),
            DEF: () => {
              const v = $.SUBRULE($.intervalValue);
              const unitTok = $.CONSUME(T.Ident);
              let toTok: IToken | null = null;
              $.OPTION(() => {
                $.CONSUME(K('TO'));
                toTok = $.CONSUME1(T.Ident);
              });
              $.ACTION(() => {
                parts.push(intervalPart($, v, unitTok, toTok));
                tokens.push(v.token);
              });
            },
          });
          return $.ACTION(() => checkParts($, parts, tokens, start));
        },
      },
    ]});
  });

  defineRule($, 'intervalValue', () => {
    let sign = '';
    $.OPTION(() =>
      $.OR([
        { ALT: () => ($.CONSUME(T.Plus), (sign = '+')) },
        { ALT: () => ($.CONSUME(T.Minus), (sign = '-')) },
      ]),
    );
    return $.OR1<{ value: string; quoted: boolean; token: IToken }>([
      {
        ALT: () => {
          const n = $.CONSUME(T.NumberLiteral);
          return $.ACTION(() => {
            if (!/^(\d+(\.\d*)?|\.\d+)$/.test(n.image)) fail($, `Invalid interval value '${n.image}'`, n);
            return { value: sign === '-' ? `-${n.image}` : n.image, quoted: false, token: n };
          });
        },
      },
      {
        ALT: () => {
          const token = $.LA(1);
          const text = $.SUBRULE($.stringConstant);
          return $.ACTION(() => {
            // Spark negates the string itself: `-'-1'` is '1', `-'1'` is '-1'.
            const value = sign !== '-' ? text : text.startsWith('-') ? text.slice(1) : `-${text}`;
            return { value, quoted: true, token };
          });
        },
      },
    ]);
  });
}

function fail($: Grammar, why: string, at: IToken): never {
  throw new SqlParseError('INVALID_LITERAL', why, $.text, at.startOffset);
}

function intervalPart($: Grammar, v: { value: string; quoted: boolean; token: IToken }, unitTok: IToken, toTok: IToken | null): IntervalPart {
  const unit = MULTI_UNITS.get(unitTok.tokenType);
  if (unit === undefined) fail($, `'${unitTok.image}' is not an interval unit`, unitTok);
  if (toTok === null) {
    // SPARK-32840: a value must not carry units of its own ('1 day 2' hour).
    if (v.quoted && /\p{L}/u.test(v.value)) fail($, `Cannot parse the INTERVAL value: ${v.value}`, v.token);
    return { value: v.value, quoted: v.quoted, unit };
  }
  const to = MULTI_UNITS.get(toTok.tokenType);
  const from = unit;
  if (!TO_UNITS.has(unitTok.image.toUpperCase()) || to === undefined || !TO_UNITS.has(toTok.image.toUpperCase())) {
    fail($, `'${unitTok.image} TO ${toTok.image}' is not an interval range`, unitTok);
  }
  if (!v.quoted) fail($, `Can only use numbers in the interval value part for multiple unit value pairs interval form, but got invalid value: ${v.value}`, v.token);
  checkFromTo($, v.value, from, to, v.token);
  return { value: v.value, quoted: true, unit: from, to };
}

function checkParts($: Grammar, parts: IntervalPart[], tokens: IToken[], start: IToken): Expression {
  if (parts.length > 1 && parts.some((p) => p.to !== undefined)) {
    const i = parts.findIndex((p, j) => j > 0 && (p.to !== undefined || parts[0]!.to !== undefined));
    fail($, 'Can only have a single from-to unit in the interval literal syntax', tokens[i]!);
  }
  if (parts[0]!.to === undefined) {
    const ym = parts.some((p) => YEAR_MONTH.has(p.unit));
    const dt = parts.some((p) => !YEAR_MONTH.has(p.unit));
    if (ym && dt) fail($, 'Cannot mix year-month and day-time fields in an interval literal', start);
  }
  return { kind: 'IntervalLiteral', parts };
}

const UNIT_ORDER = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];
const MAX_INT = 2147483647n;
const MAX_LONG = 9223372036854775807n;
const MICROS: Readonly<Record<string, bigint>> = {
  DAY: 86_400_000_000n,
  HOUR: 3_600_000_000n,
  MINUTE: 60_000_000n,
  SECOND: 1_000_000n,
};

/** `YEAR TO MONTH` and the day-time ranges, with Spark's (non-legacy) formats and bounds. */
function checkFromTo($: Grammar, raw: string, from: string, to: string, at: IToken): void {
  const fi = UNIT_ORDER.indexOf(from);
  const ti = UNIT_ORDER.indexOf(to);
  const bad = (): never => fail($, `Interval string does not match ${from.toLowerCase()} to ${to.toLowerCase()} format: ${raw}`, at);
  if (from === 'YEAR' && to === 'MONTH') {
    const m = /^([+-])?(\d+)-(\d+)$/.exec(raw.trim());
    if (m === null) return bad();
    const years = BigInt(m[2]!);
    const months = BigInt(m[3]!);
    if (months > 11n || years > MAX_INT / 12n) bad();
    const total = years * 12n + months;
    if (m[1] === '-' ? total > MAX_INT + 1n : total > MAX_INT) bad();
    return;
  }
  if (fi < 2 || ti <= fi) fail($, `Intervals FROM ${from} TO ${to} are not supported`, at);
  // Fields from `from` to `to`, e.g. DAY TO SECOND is `d h:m:s[.f]`; the first field is unbounded.
  const fields = UNIT_ORDER.slice(fi, ti + 1);
  const sep = (f: string): string => (f === 'HOUR' && from === 'DAY' ? ' ' : ':');
  const firstDigits: Readonly<Record<string, number>> = { DAY: 9, HOUR: 10, MINUTE: 12, SECOND: 13 };
  let pattern = `^([+-])?(\\d{1,${firstDigits[from]}})`;
  for (const f of fields.slice(1)) pattern += `${sep(f)}(\\d{1,2})`;
  if (to === 'SECOND') pattern += '(\\.\\d{1,9})?';
  const m = new RegExp(pattern + '$').exec(raw.trim());
  if (m === null) return bad();
  const limits: Readonly<Record<string, number>> = { HOUR: 23, MINUTE: 59, SECOND: 59 };
  let micros = 0n;
  fields.forEach((f, i) => {
    const v = BigInt(m[i + 2]!);
    if (i > 0 && v > BigInt(limits[f]!)) bad();
    micros += v * MICROS[f]!;
  });
  if (micros > MAX_LONG) fail($, `Interval value out of range: ${raw}`, at);
}

/**
 * The typed-literal form `INTERVAL '…'`: the text must read as `[interval] (value unit)+`, as
 * Spark's `stringToInterval` reads it (signs allowed on values; units singular or plural).
 */
function checkIntervalString($: Grammar, text: string, at: IToken): void {
  const units = 'years?|months?|weeks?|days?|hours?|minutes?|seconds?|milliseconds?|microseconds?|nanoseconds?';
  const pair = `[+-]?\\s*(?:\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(?:${units})`;
  if (!new RegExp(`^\\s*(?:interval\\s*)?(?:${pair}\\s*)+$`, 'i').test(text)) fail($, `Cannot parse the INTERVAL value: ${text}`, at);
}
