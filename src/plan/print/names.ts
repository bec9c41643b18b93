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

/** Quotes a name unless it is a plain word that is not a reserved keyword. */
export function quoteIdent(name: string): string {
  if (dialect === 'duckdb') return '"' + name.replace(/"/g, '""') + '"';
  if (SIMPLE.test(name) && !RESERVED.has(name.toUpperCase())) return name;
  return '`' + name.replace(/`/g, '``') + '`';
}

/** Quotes a function name part: keywords are fine there (`left(…)`, `if(…)`). */
export function quoteFunctionName(name: string): string {
  return SIMPLE.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

export function quoteParts(parts: readonly string[]): string {
  return parts.map(quoteIdent).join('.');
}

/** A string literal Spark reads back as `value`. */
export function quoteString(value: string): string {
  if (dialect === 'duckdb') return duckdbString(value);
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}
