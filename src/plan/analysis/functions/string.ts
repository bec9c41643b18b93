/** String functions (Spark's stringExpressions.scala, regexpExpressions.scala, url, mask, utf8). */
import type { DataType } from '../../data-type.js';
import { T, isDatetime, isUnknown } from '../types.js';
import { typeOf } from '../type-of.js';
import {
  type ArgInfo,
  type FunctionDef,
  type ResultFn,
  alias,
  alwaysNullable,
  commonOf,
  anyNullable,
  fixed,
  isBinary,
  literalString,
  neverNullable,
  scalar,
  stringOrBinary,
  stringResult,
  widest,
  withDefaults,
} from './define.js';

/** A string result keeping the collation of argument `i`. */
const str = (i = 0, nullable: (a: readonly ArgInfo[]) => boolean = anyNullable): ResultFn => (a) => ({ type: stringResult(a, i), nullable: nullable(a) });
/** A string (or binary, for binary input) result. */
const strOrBin = (i = 0): ResultFn => (a) => ({ type: stringOrBinary(a, i), nullable: a.some((x) => x.nullable) });

/** `to_number('454.2', '000.0')`: decimal(precision, scale) read off the format's digits. */
function toNumberType(a: readonly ArgInfo[]): DataType {
  const fmt = literalString(a[1]);
  if (fmt === null) return T.unknown;
  const f = fmt.toUpperCase();
  const point = f.search(/[.D]/);
  const digits = (s: string): number => (s.match(/[09]/g) ?? []).length;
  const precision = digits(f);
  const scale = point < 0 ? 0 : digits(f.slice(point + 1));
  return precision === 0 ? T.unknown : T.decimal(precision, scale);
}

/** `trim(s)`, `trim(chars, s)`: Spark prints the two-argument form as `TRIM(BOTH chars FROM s)`. */
const trimLike = (name: string, side: string | null): FunctionDef =>
  scalar(name, 1, 2, (a) => ({ type: stringResult(a, a.length - 1), nullable: anyNullable(a) }), {
    pretty: (n, args) => (args.length === 1 || side === null ? `${n}(${args.join(', ')})` : `TRIM(${side} ${args[0]} FROM ${args[1]})`),
  });

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function stringFunctions(): readonly FunctionDef[] {
  const length = scalar('length', 1, 1, fixed(T.int));
  const chr = scalar('chr', 1, 1, fixed(T.string));
  const upper = scalar('upper', 1, 1, str());
  const lower = scalar('lower', 1, 1, str());
  const substring = scalar('substring', 2, 3, strOrBin(0), { pretty: withDefaults(2, '2147483647') });
  const locate = scalar('locate', 2, 3, fixed(T.int, alwaysNullable), { pretty: withDefaults(2, '1') });
  // RLike prints its (alias) name in upper case.
  const rlike = scalar('rlike', 2, 2, fixed(T.boolean), { pretty: (n, args) => `${n.toUpperCase()}(${args.join(', ')})` });
  const formatString = scalar('format_string', 1, Infinity, fixed(T.string, alwaysNullable));
  const toChar = scalar('to_char', 2, 2, fixed(T.string), {
    // For datetimes Spark builds date_format and prints it under that name.
    pretty: (n, args, c) => `${c.args[0] !== undefined && isDatetime(typeOf(c.args[0])) ? 'date_format' : n}(${args.join(', ')})`,
  });

  return [
    upper,
    alias(upper, 'ucase'),
    lower,
    alias(lower, 'lcase'),
    scalar('initcap', 1, 1, str()),
    length,
    alias(length, 'len'),
    alias(length, 'char_length'),
    alias(length, 'character_length'),
    scalar('bit_length', 1, 1, fixed(T.int)),
    scalar('octet_length', 1, 1, fixed(T.int)),
    scalar('ascii', 1, 1, fixed(T.int)),
    chr,
    alias(chr, 'char'),
    scalar('base64', 1, 1, fixed(T.string)),
    scalar('unbase64', 1, 1, fixed(T.binary)),
    scalar('encode', 2, 2, fixed(T.binary)),
    // decode(bin, charset) decodes bytes; decode(x, search, result, …[, default]) is a CASE.
    scalar('decode', 2, Infinity, (a) => {
      if (a.length === 2) return { type: stringResult(a), nullable: anyNullable(a) };
      const results = a.filter((_, i) => i >= 2 && i % 2 === 0).concat(a.length % 2 === 0 ? [a[a.length - 1]!] : []);
      return { type: commonOf('decode', results), nullable: true };
    }),
    scalar('concat_ws', 1, Infinity, str(0, (a) => a[0]!.nullable)),
    scalar('elt', 2, Infinity, (a) => ({ type: a.slice(1).some((x) => isBinary(x.type)) ? T.binary : stringResult(a, 1), nullable: true })),
    scalar('find_in_set', 2, 2, fixed(T.int)),
    scalar('format_number', 2, 2, fixed(T.string)),
    formatString,
    alias(formatString, 'printf'),
    scalar('to_number', 2, 2, (a) => ({ type: toNumberType(a), nullable: true })),
    scalar('try_to_number', 2, 2, (a) => ({ type: toNumberType(a), nullable: true })),
    toChar,
    alias(toChar, 'to_varchar'),
    scalar('instr', 2, 4, fixed(T.int), { pretty: (n, args) => `${n}(${args.length === 3 ? [...args, '1'].join(', ') : args.join(', ')})` }),
    locate,
    alias(locate, 'position'),
    scalar('lpad', 2, 3, strOrBin(0), { pretty: withDefaults(2, ' ') }),
    scalar('rpad', 2, 3, strOrBin(0), { pretty: withDefaults(2, ' ') }),
    trimLike('trim', 'BOTH'),
    trimLike('ltrim', 'LEADING'),
    trimLike('rtrim', 'TRAILING'),
    trimLike('btrim', null),
    scalar('levenshtein', 2, 3, fixed(T.int)),
    scalar('jaro_winkler_similarity', 2, 2, fixed(T.double)),
    scalar('luhn_check', 1, 1, fixed(T.boolean)),
    scalar('like', 2, 3, fixed(T.boolean)),
    scalar('ilike', 2, 3, fixed(T.boolean)),
    rlike,
    alias(rlike, 'regexp_like'),
    alias(rlike, 'regexp'),
    scalar('regexp_extract', 2, 3, str(0), { pretty: withDefaults(2, '1') }),
    scalar('regexp_extract_all', 2, 3, (a) => ({ type: T.array(stringResult(a)), nullable: anyNullable(a) }), { pretty: withDefaults(2, '1') }),
    scalar('regexp_replace', 3, 4, str(0), { pretty: withDefaults(3, '1') }),
    scalar('regexp_count', 2, 2, fixed(T.int)),
    scalar('regexp_substr', 2, 2, str(0, alwaysNullable)),
    scalar('regexp_instr', 2, 3, fixed(T.int), { pretty: withDefaults(2, '0') }),
    scalar('repeat', 2, 2, str(0)),
    scalar('replace', 2, 3, str(0), { pretty: withDefaults(2, '') }),
    scalar('overlay', 3, 4, strOrBin(0), { pretty: withDefaults(3, '-1') }),
    scalar('sentences', 1, 3, (a) => ({ type: T.array(T.array(stringResult(a))), nullable: anyNullable(a) }), { pretty: withDefaults(1, '', '') }),
    scalar('soundex', 1, 1, str(0)),
    scalar('space', 1, 1, fixed(T.string)),
    scalar('split', 2, 3, (a) => ({ type: T.array(stringResult(a)), nullable: anyNullable(a) }), { pretty: withDefaults(2, '-1') }),
    scalar('split_part', 3, 3, str(0)),
    substring,
    alias(substring, 'substr'),
    scalar('left', 2, 2, strOrBin(0)),
    scalar('right', 2, 2, strOrBin(0)),
    scalar('substring_index', 3, 3, str(0)),
    scalar('translate', 3, 3, str(0)),
    scalar('unhex', 1, 1, fixed(T.binary, alwaysNullable)),
    scalar('quote', 1, 1, str(0)),
    scalar('contains', 2, 2, fixed(T.boolean)),
    scalar('startswith', 2, 2, fixed(T.boolean)),
    scalar('endswith', 2, 2, fixed(T.boolean)),
    scalar('is_valid_utf8', 1, 1, fixed(T.boolean)),
    scalar('make_valid_utf8', 1, 1, str(0)),
    scalar('validate_utf8', 1, 1, str(0)),
    scalar('try_validate_utf8', 1, 1, str(0, alwaysNullable)),
    scalar('url_encode', 1, 1, str(0)),
    scalar('url_decode', 1, 1, str(0)),
    scalar('try_url_decode', 1, 1, str(0, alwaysNullable)),
    scalar('parse_url', 2, 3, fixed(T.string, alwaysNullable)),
    scalar('try_parse_url', 2, 3, fixed(T.string, alwaysNullable)),
    scalar('mask', 1, 5, str(0), { pretty: withDefaults(1, 'X', 'x', 'n', 'NULL') }),
    scalar('collation', 1, 1, fixed(T.string, neverNullable)),
    scalar('to_binary', 1, 2, fixed(T.binary, alwaysNullable)),
    scalar('try_to_binary', 1, 2, fixed(T.binary, alwaysNullable)),
    scalar('str_to_map', 1, 3, (a) => ({ type: T.map(stringResult(a), stringResult(a)), nullable: anyNullable(a) }), { pretty: withDefaults(1, ',', ':') }),
    scalar('concat', 0, Infinity, (a) => ({
      type: a.length > 0 && a.every((x) => x.type.kind === 'array' || isUnknown(x.type))
        ? widest('concat')(a).type
        : a.length > 0 && a.every((x) => isBinary(x.type))
          ? T.binary
          : stringResult(a),
      nullable: anyNullable(a),
    })),
    scalar('reverse', 1, 1, (a) => ({ type: a[0]!.type.kind === 'array' ? a[0]!.type : stringResult(a), nullable: anyNullable(a) })),
    scalar('uuid', 0, 1, fixed(T.string, neverNullable)),
  ];
}
