/** Identifier quoting for printed SQL: backquotes only where a bare word would not read back. */
import { ANSI_NON_RESERVED, KEYWORD_SPELLINGS, STRICT_NON_RESERVED } from '../../parser/keywords.js';
import { dialect } from './dialect.js';
import { duckdbString } from './duckdb.js';

/**
 * Keywords printed quoted: those reserved in ANSI mode (so the SQL also reads back there), which
 * include the join and set-operation words that are never aliases.
 */
const RESERVED: ReadonlySet<string> = new Set([
  ...Object.entries(KEYWORD_SPELLINGS)
    .filter(([token]) => !ANSI_NON_RESERVED.includes(token) || STRICT_NON_RESERVED.includes(token))
    .flatMap(([, spellings]) => spellings),
  // Words a bare name would not read back as: literals, the identifier clause `IDENTIFIER(…)`, and
  // VALUES (`FROM values` starts an inline table).
  'TRUE',
  'FALSE',
  'IDENTIFIER',
  'VALUES',
]);
const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CACHE_LIMIT = 4096;
const sparkIdents = new Map<string, string>();
const functionNames = new Map<string, string>();

/** No reserved word has a digit: a plain word with one (`c1`, `t2`) needs no further look. */
const DIGITS_NEVER_RESERVED = ![...RESERVED].some((w) => /[0-9]/.test(w));

/** Whether `name` matches SIMPLE and has a digit (a character scan, cheaper than the cache). */
function plainWithDigit(name: string): boolean {
  const n = name.length;
  if (n < 2) return false;
  let c = name.charCodeAt(0);
  if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return false;
  let digit = false;
  for (let i = 1; i < n; i++) {
    c = name.charCodeAt(i);
    if (c >= 48 && c <= 57) digit = true;
    else if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return false;
  }
  return digit;
}

/** Quotes a name unless it is a plain word that is not a reserved keyword. */
export function quoteIdent(name: string): string {
  if (dialect === 'duckdb') return '"' + name.replace(/"/g, '""') + '"';
  if (DIGITS_NEVER_RESERVED && plainWithDigit(name)) return name;
  // Plans repeat a few names many times: the answer is remembered (a bounded cache of short names,
  // emptied when full, since names can come from untrusted SQL).
  let quoted = sparkIdents.get(name);
  if (quoted === undefined) {
    quoted = SIMPLE.test(name) && !RESERVED.has(name.toUpperCase()) ? name : '`' + name.replace(/`/g, '``') + '`';
    if (name.length <= 64) {
      if (sparkIdents.size >= CACHE_LIMIT) sparkIdents.clear();
      sparkIdents.set(name, quoted);
    }
  }
  return quoted;
}

/** Quotes a function name part: keywords are fine there (`left(…)`, `if(…)`). */
export function quoteFunctionName(name: string): string {
  let quoted = functionNames.get(name);
  if (quoted === undefined) {
    quoted = SIMPLE.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
    if (name.length <= 64) {
      if (functionNames.size >= CACHE_LIMIT) functionNames.clear();
      functionNames.set(name, quoted);
    }
  }
  return quoted;
}

export function quoteParts(parts: readonly string[]): string {
  if (parts.length === 0) return '';
  let s = quoteIdent(parts[0]!);
  for (let i = 1; i < parts.length; i++) s += '.' + quoteIdent(parts[i]!);
  return s;
}

/** A string literal Spark reads back as `value`. */
export function quoteString(value: string): string {
  if (dialect === 'duckdb') return duckdbString(value);
  // Most strings need no escape: two scans instead of two regular-expression replacements.
  if (!value.includes('\\') && !value.includes("'")) return "'" + value + "'";
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}
