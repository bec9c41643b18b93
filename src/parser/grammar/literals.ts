/** Decoding of string and number literals, as Spark's lexer and AstBuilder read them. */
import type { IToken } from 'chevrotain';
import type { Grammar } from '../rules.js';
import { SqlParseError } from '../errors.js';
import type { Literal } from '../../plan/expression.js';

/**
 * The value of a string token. Single- and double-quoted strings take Spark's backslash escapes
 * (`\n`, `\t`, `\b`, `\r`, `\Z`, `\0`, octal `\ooo`, `\uXXXX`, `\\`, `\'`, `\"`; `\%` and `\_` keep
 * their backslash for LIKE) and doubled quotes; raw strings `r'…'` and `$tag$…$tag$` take none.
 */
export function decodeStringLiteral(_$: Grammar, t: IToken): string {
  const s = t.image;
  const c0 = s[0]!;
  if (c0 === 'r' || c0 === 'R') return s.slice(2, -1);
  if (c0 === '$') {
    const tag = s.slice(0, s.indexOf('$', 1) + 1);
    return s.slice(tag.length, s.length - tag.length);
  }
  return unescapeSql(s.slice(1, -1), c0);
}

export function unescapeSql(body: string, quote: string): string {
  if (body.indexOf('\\') < 0 && body.indexOf(quote + quote) < 0) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote && body[i + 1] === quote) {
      out += quote;
      i++;
      continue;
    }
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1]!;
    if (n === 'u' && /^[0-9A-Fa-f]{4}$/.test(body.slice(i + 2, i + 6))) {
      out += String.fromCharCode(parseInt(body.slice(i + 2, i + 6), 16));
      i += 5;
      continue;
    }
    if (/^[0-3][0-7][0-7]$/.test(body.slice(i + 1, i + 4))) {
      out += String.fromCharCode(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
      continue;
    }
    i++;
    switch (n) {
      case '0': out += '\u0000'; break;
      case 'b': out += '\b'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'Z': out += '\u001A'; break;
      case '%': out += '\\%'; break;
      case '_': out += '\\_'; break;
      default: out += n;
    }
  }
  return out;
}

const RANGES: Record<'tinyint' | 'smallint' | 'int' | 'bigint', readonly [bigint, bigint]> = {
  tinyint: [-128n, 127n],
  smallint: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  bigint: [-9223372036854775808n, 9223372036854775807n],
};

/** A number token (optionally negated) as Spark types it. */
export function numberLiteral($: Grammar, t: IToken, negative: boolean): Literal {
  const image = t.image;
  const n = image.length;
  // The commonest literal, up to 9 digits, is an int.
  const integralLength = digitsAt(image);
  if (integralLength === n && n <= 9) return lit('int', negative ? '-' + image : image);
  // The type suffix (the token's pattern allows one: BD, D, F, L, S or Y in either case).
  const last = image.charCodeAt(n - 1) | 0x20; // lower case
  const suffixLength = last === 100 /* d */ && n > 1 && (image.charCodeAt(n - 2) | 0x20) === 98 /* b */ ? 2 : last === 100 || last === 102 || last === 108 || last === 115 || last === 121 /* d f l s y */ ? 1 : 0;
  const digits = image.slice(0, n - suffixLength);
  const suffix = image.slice(n - suffixLength).toUpperCase();
  const text = (negative ? '-' : '') + digits;
  const integral = integralLength === digits.length;
  const fail = (type: string): never => {
    const [lo, hi] = RANGES[type as 'int'];
    throw new SqlParseError('INVALID_LITERAL', `Numeric literal ${text} does not fit in range [${lo}, ${hi}] for type ${type}`, $.text, t.startOffset);
  };
  const fits = (type: keyof typeof RANGES): boolean => {
    const v = BigInt(text);
    const [lo, hi] = RANGES[type];
    return v >= lo && v <= hi;
  };
  const outOfRange = (type: 'float' | 'double', max: number): never => {
    throw new SqlParseError('INVALID_LITERAL', `Numeric literal ${text} is outside the valid range for ${type} [-${max}, ${max}]`, $.text, t.startOffset);
  };
  switch (suffix) {
    case 'Y':
      return fits('tinyint') ? lit('tinyint', text) : fail('tinyint');
    case 'S':
      return fits('smallint') ? lit('smallint', text) : fail('smallint');
    case 'L':
      return fits('bigint') ? lit('bigint', text) : fail('bigint');
    case 'BD':
      return decimal($, t, text);
    case 'D':
      return Number.isFinite(Number(digits)) ? lit('double', text) : outOfRange('double', Number.MAX_VALUE);
    case 'F':
      return Math.abs(Number(digits)) <= FLOAT_MAX ? lit('float', text) : outOfRange('float', FLOAT_MAX);
  }
  if (integral) return lit(fits('int') ? 'int' : fits('bigint') ? 'bigint' : 'decimal', text);
  if (digits.includes('e') || digits.includes('E')) return Number.isFinite(Number(digits)) ? lit('double', text) : outOfRange('double', Number.MAX_VALUE);
  return lit('decimal', text);
}

const FLOAT_MAX = 3.4028234663852886e38;

/** How many ASCII digits `text` starts with. */
function digitsAt(text: string): number {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) break;
    i++;
  }
  return i;
}

/**
 * A `…BD` literal; as Spark's Decimal of a BigDecimal, its precision (digits, widened to the
 * scale when that is larger, or by a negative scale) must not exceed 38. (Unsuffixed decimals
 * too wide for a decimal are read as doubles instead.)
 */
function decimal($: Grammar, t: IToken, text: string): Literal {
  const m = /^-?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m !== null) {
    const fraction = m[2] ?? '';
    const significant = (m[1]! + fraction).replace(/^0+/, '');
    const scale = fraction.length - Number(m[3] ?? 0);
    const digits = Math.max(significant.length, 1);
    const precision = scale >= 0 ? Math.max(digits, scale) : digits - scale;
    if (precision > 38) {
      throw new SqlParseError('INVALID_LITERAL', `Decimal literal ${text} has precision ${precision}, more than the maximum 38`, $.text, t.startOffset);
    }
  }
  return lit('decimal', text);
}

function lit(type: Literal['type'], value: string): Literal {
  return { kind: 'Literal', type, value };
}

/*
 * Date and timestamp literal text, checked as Spark's parser checks it (DateTimeUtils.stringToDate
 * / stringToTimestamp): a signed year of 4 to 7 digits, optional month and day, an optional time
 * with up to 9 fraction digits and a zone, or a time alone; the special values epoch, now, today,
 * tomorrow, yesterday. Leading and trailing whitespace is ignored.
 */
const SPECIAL = /^(epoch|now|today|tomorrow|yesterday)(\s+\S+)?$/i;
const DATE_PART = /^([+-]?\d{4,7})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/;
const TIME_PART = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{0,9})?)?/;
const ZONE = /^\s*(?:[A-Za-z][A-Za-z0-9_/+\-:]*|[+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?)?\s*$/;

function validMonthDay(month: string | undefined, day: string | undefined): boolean {
  return (month === undefined || (+month >= 1 && +month <= 12)) && (day === undefined || (+day >= 1 && +day <= 31));
}

function validTime(m: RegExpExecArray): boolean {
  return +m[1]! <= 23 && +m[2]! <= 59 && (m[3] === undefined || +m[3] <= 59);
}

export function isValidDateText(text: string): boolean {
  const s = text.trim();
  if (SPECIAL.test(s)) return true;
  const d = DATE_PART.exec(s);
  if (d === null || !validMonthDay(d[2], d[3])) return false;
  const rest = s.slice(d[0].length);
  return rest === '' || (d[3] !== undefined && /^[ T]/.test(rest));
}

export function isValidTimestampText(text: string): boolean {
  const s = text.trim();
  if (SPECIAL.test(s)) return true;
  const timeOnly = TIME_PART.exec(s);
  if (timeOnly !== null) return validTime(timeOnly) && ZONE.test(s.slice(timeOnly[0].length));
  const d = DATE_PART.exec(s);
  if (d === null || !validMonthDay(d[2], d[3])) return false;
  let rest = s.slice(d[0].length);
  if (rest === '') return true;
  if (d[3] === undefined) return false;
  if (!/^[ T]/.test(rest)) return false;
  rest = rest.slice(1);
  const t = TIME_PART.exec(rest);
  if (t === null) return rest.trim() === '' || ZONE.test(rest);
  return validTime(t) && ZONE.test(rest.slice(t[0].length));
}

/**
 * TIME literal text (Spark's stringToTime): `H[H]:M[M][:S[S][.fraction]]`, 0-23 hours, or a
 * 12-hour clock `1-12 … AM|PM`; surrounding whitespace is ignored.
 */
export function isValidTimeText(text: string): boolean {
  const m = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d{1,9})?)?(?:\s*([AaPp][Mm]))?$/.exec(text.trim());
  if (m === null) return false;
  const hour = +m[1]!;
  const hourOk = m[4] === undefined ? hour <= 23 : hour >= 1 && hour <= 12;
  return hourOk && +m[2]! <= 59 && (m[3] === undefined || +m[3] <= 59);
}
