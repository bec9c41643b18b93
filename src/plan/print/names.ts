/** Identifier quoting for printed SQL: backquotes only where a bare word would not read back. */
import { ANSI_NON_RESERVED, KEYWORD_SPELLINGS, STRICT_NON_RESERVED } from '../../parser/keywords.js';
import { dialect } from './dialect.js';
import { duckdbString } from './duckdb.js';

/**
 * Keywords printed quoted: those reserved in ANSI mode (so the SQL also reads back there), which
 * include the join and set-operation words that are never aliases. Made on first use: building
 * it is some 0.3 ms and 100 KB of garbage that a process only parsing never needs.
 */
let reserved: ReadonlySet<string> | undefined;
function reservedWords(): ReadonlySet<string> {
  return (reserved ??= new Set([
    ...Object.entries(KEYWORD_SPELLINGS)
      .filter(([token]) => !ANSI_NON_RESERVED.includes(token) || STRICT_NON_RESERVED.includes(token))
      .flatMap(([, spellings]) => spellings),
    // Words a bare name would not read back as: literals, the identifier clause `IDENTIFIER(…)`, and
    // VALUES (`FROM values` starts an inline table).
    'TRUE',
    'FALSE',
    'IDENTIFIER',
    'VALUES',
  ]));
}
const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `f` with its answers remembered: plans repeat the same few names and literals many times. The
 * memo holds short keys only and is emptied when full, since the keys can come from untrusted SQL.
 */
function remembered(f: (key: string) => string): (key: string) => string {
  const answers = new Map<string, string>();
  return (key) => {
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = f(key);
      if (key.length <= 64) {
        if (answers.size >= 4096) answers.clear();
        answers.set(key, answer);
      }
    }
    return answer;
  };
}

const sparkIdent = remembered((name) => (SIMPLE.test(name) && !reservedWords().has(name.toUpperCase()) ? name : '`' + name.replace(/`/g, '``') + '`'));

/** Quotes a name unless it is a plain word that is not a reserved keyword. */
export function quoteIdent(name: string): string {
  if (dialect !== 'duckdb') return sparkIdent(name);
  // DuckDB quotes every name: the regular expression only where there is a quote to double.
  return name.includes('"') ? '"' + name.replace(/"/g, '""') + '"' : '"' + name + '"';
}

/** Quotes a function name part: keywords are fine there (`left(…)`, `if(…)`). */
export const quoteFunctionName = remembered((name) => (SIMPLE.test(name) ? name : '`' + name.replace(/`/g, '``') + '`'));

export function quoteParts(parts: readonly string[]): string {
  if (parts.length === 0) return '';
  let s = quoteIdent(parts[0]!);
  for (let i = 1; i < parts.length; i++) s += '.' + quoteIdent(parts[i]!);
  return s;
}

const sparkString = remembered((value) => "'" + value.replace(/\\/g, '\\\\').replace(/'/g, "\\'") + "'");

/** A string literal Spark reads back as `value`. */
export function quoteString(value: string): string {
  return dialect === 'duckdb' ? duckdbString(value) : sparkString(value);
}
