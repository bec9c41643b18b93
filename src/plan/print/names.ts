/** Identifier quoting for printed SQL: backquotes only where a bare word would not read back. */
import { KEYWORD_SPELLINGS } from '../../parser/keywords.js';

const KEYWORDS: ReadonlySet<string> = new Set(Object.values(KEYWORD_SPELLINGS).flat());
const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes a name unless it is a plain word that is not a keyword. */
export function quoteIdent(name: string): string {
  if (SIMPLE.test(name) && !KEYWORDS.has(name.toUpperCase())) return name;
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
  return "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'";
}
