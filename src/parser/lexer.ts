/**
 * Tokenizes Spark SQL.
 *
 * A hand-written scanner that dispatches on the first character. It produces exactly what a
 * chevrotain `Lexer` built from `lexerTokens` (tokens.ts, the patterns and their order are the
 * specification) produces, then re-tagging words that spell a keyword with the keyword's token
 * type; test/parser/lexer-reference.test.ts holds the two to the same output over the corpus
 * and random text. Scanning by hand is several times faster than chevrotain's lexer here, which
 * cannot use its first-character optimisation with Unicode identifiers and so tries every
 * pattern in turn at every token.
 *
 * Tokens carry offsets only: line and column are derived from the offset when an error needs
 * them (errors.ts). Comments are dropped, except hints, which the grammar reads.
 */
import { EOF, type IToken, type TokenType } from 'chevrotain';
import * as T from './tokens.js';
import { KEYWORD_ALIASES, KEYWORD_NAMES } from './keywords.js';
import { SqlParseError } from './errors.js';

export interface LexLimits {
  readonly maxLength: number;
  readonly maxTokens: number;
  /** Deepest nesting of parentheses and brackets (checked when given). */
  readonly maxDepth?: number;
}

/**
 * Keywords in an open-addressing table keyed by a hash of the upper-cased spelling, which the
 * scanner computes as it reads a word: a word is looked up without upper-casing or hashing a new
 * string (a Map lookup of the word was half the scanner's time). Keywords are ASCII words.
 */
const KEYWORD_SLOTS = 2048; // a power of two, over four times the number of spellings
const keywordSlot = new Int16Array(KEYWORD_SLOTS).fill(-1);
/** By keyword index: the hash of its spelling, its spelling and its token type (at their final length: no room made by push). */
const keywordCount = spellingCount();
const keywordHash = new Int32Array(keywordCount);
const keywordSpelling = new Array<string>(keywordCount);
const keywordType = new Array<TokenType>(keywordCount);
let longestKeyword = 0;
/** The scanner's hash step: `c` is a character of [A-Za-z0-9_], upper-cased here. */
const hashStep = (h: number, c: number): number => (Math.imul(h, 31) + (c >= 97 ? c - 32 : c)) | 0;
fillKeywordTable();

/** The number of keyword spellings: a name each, or its aliases instead (keywords.ts). */
function spellingCount(): number {
  let n = KEYWORD_NAMES.length;
  for (const name in KEYWORD_ALIASES) n += KEYWORD_ALIASES[name]!.length - 1;
  return n;
}

// Indexed loops, not iterators: this runs once per process, in code not yet optimized, where
// iterating a Map with for-of and destructuring allocates at every entry. Spellings in the order
// of T.keywordBySpelling (lexing as it does); hashStep inlined (a call per character of some 450
// spellings, in the interpreter), the characters are upper case already.
function fillKeywordTable(): void {
  for (let i = 0, k = 0; i < KEYWORD_NAMES.length; i++) {
    const aliases = KEYWORD_ALIASES[KEYWORD_NAMES[i]!];
    for (let j = 0; j < (aliases?.length ?? 1); j++, k++) {
      const spelling = aliases?.[j] ?? KEYWORD_NAMES[i]!;
      let h = 0;
      for (let n = 0; n < spelling.length; n++) {
        const c = spelling.charCodeAt(n);
        if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95)) throw new Error(`keyword ${spelling} is not an upper-case ASCII word`);
        h = (Math.imul(h, 31) + c) | 0;
      }
      let slot = h & (KEYWORD_SLOTS - 1);
      while (keywordSlot[slot] !== -1) slot = (slot + 1) & (KEYWORD_SLOTS - 1);
      keywordSlot[slot] = k;
      keywordHash[k] = h;
      keywordSpelling[k] = spelling;
      keywordType[k] = T.KEYWORD_TYPES[i]!;
      if (spelling.length > longestKeyword) longestKeyword = spelling.length;
    }
  }
}

/** Lower-case spellings, by keyword index, made on first use. */
const keywordLower: (string | undefined)[] = [];

/** Index of the keyword that `sql[start, end)` (ASCII word characters, hashed to `h`) spells in any case; -1 for none. */
function keywordAt(sql: string, start: number, end: number, h: number): number {
  const length = end - start;
  if (length > longestKeyword) return -1;
  for (let slot = h & (KEYWORD_SLOTS - 1); ; slot = (slot + 1) & (KEYWORD_SLOTS - 1)) {
    const k = keywordSlot[slot]!;
    if (k === -1) return -1;
    if (keywordHash[k] !== h) continue;
    const spelling = keywordSpelling[k]!;
    if (spelling.length !== length) continue;
    let i = 0;
    while (i < length) {
      const c = sql.charCodeAt(start + i);
      if ((c >= 97 ? c - 32 : c) !== spelling.charCodeAt(i)) break;
      i++;
    }
    if (i === length) return k;
  }
}

/**
 * The image of keyword `k` at `sql[start, end)`: its spelling when written in upper or lower case
 * (a string kept, instead of one sliced per token), the text as written otherwise.
 */
function keywordImage(sql: string, start: number, end: number, k: number): string {
  const upper = keywordSpelling[k]!;
  if (sql.startsWith(upper, start)) return upper;
  const lower = (keywordLower[k] ??= upper.toLowerCase());
  return sql.startsWith(lower, start) ? lower : sql.slice(start, end);
}

/** Token types of one-character tokens that no longer token starts with, by char code. */
const SINGLE: (TokenType | undefined)[] = [];
for (const [ch, type] of [
  [';', T.Semicolon],
  ['(', T.LParen],
  [')', T.RParen],
  [',', T.Comma],
  ['[', T.LBracket],
  [']', T.RBracket],
  ['{', T.LBrace],
  ['}', T.RBrace],
  ['+', T.Plus],
  ['%', T.Percent],
  ['~', T.Tilde],
  ['&', T.Ampersand],
  ['^', T.Hat],
  ['@', T.AtSign],
  ['?', T.Question],
] as const) {
  SINGLE[ch.charCodeAt(0)] = type;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAsciiWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95;

/**
 * End of the number at `start` as `T.matchNumber` (the specification) reads it, without its
 * regular expressions: the longest match of its pattern, refused when a word character follows or
 * when an integer suffix follows a fraction or an exponent; -1 when there is none. Non-ASCII
 * text after the number goes to `T.matchNumber` for its Unicode test.
 */
function numberEnd(sql: string, start: number): number {
  let j = start;
  let fractionOrExponent = false;
  if (isDigit(code(sql, j))) {
    while (isDigit(code(sql, j))) j++;
    if (code(sql, j) === 46 /* . */) {
      fractionOrExponent = true;
      j++;
      while (isDigit(code(sql, j))) j++;
    }
  } else {
    // `.` and digits.
    if (!isDigit(code(sql, j + 1))) return -1;
    fractionOrExponent = true;
    j += 2;
    while (isDigit(code(sql, j))) j++;
  }
  let c = code(sql, j);
  if (c === 101 || c === 69 /* e E */) {
    let k = j + 1;
    const sign = code(sql, k);
    if (sign === 43 || sign === 45 /* + - */) k++;
    if (isDigit(code(sql, k))) {
      while (isDigit(code(sql, k))) k++;
      fractionOrExponent = true;
      j = k;
      c = code(sql, j);
    }
  }
  let integerSuffix = false;
  if ((c === 98 || c === 66) /* b B */ && (code(sql, j + 1) === 100 || code(sql, j + 1) === 68) /* d D */) j += 2;
  else if (c === 100 || c === 68 || c === 102 || c === 70 /* d D f F */) j++;
  else if (c === 108 || c === 76 || c === 115 || c === 83 || c === 121 || c === 89 /* l L s S y Y */) {
    integerSuffix = true;
    j++;
  }
  const next = code(sql, j);
  if (next >= 128) return T.matchNumber(sql, start) === null ? -1 : j;
  return isAsciiWordChar(next) || (integerSuffix && fractionOrExponent) ? -1 : j;
}

const SPACE = /[ \t\n\f\r\u000B\u00A0\u1680\u2000-\u200A\u2028\u202F\u205F\u3000]/;
const DOLLAR_TAG = /\$[A-Za-z]*\$/y;

/**
 * The char code at `i`, or -1 past the end. Reading past the end with `charCodeAt` gives NaN, but
 * optimized code first deoptimizes at each place that does it, and the scanner is recompiled a
 * few times over.
 */
function code(text: string, i: number): number {
  return i < text.length ? text.charCodeAt(i) : -1;
}

function token(image: string, startOffset: number, type: TokenType): IToken {
  return { image, startOffset, endOffset: startOffset + image.length - 1, tokenType: type, tokenTypeIdx: type.tokenTypeIdx! } as IToken;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Sets token `count` of `tokens`: the token object already there (tokenizeReusing) takes the new
 * values, or a new one is added. Returns the count after it.
 */
function put(tokens: IToken[], count: number, image: string, startOffset: number, type: TokenType): number {
  if (count < tokens.length) {
    const t = tokens[count] as Writable<IToken>;
    t.image = image;
    t.startOffset = startOffset;
    t.endOffset = startOffset + image.length - 1;
    t.tokenType = type;
    t.tokenTypeIdx = type.tokenTypeIdx!;
  } else tokens.push(token(image, startOffset, type));
  return count + 1;
}

/**
 * End (exclusive) of a quoted form opened at `start` by `quote`, where a doubled quote stands for
 * itself and, with `escapes`, a backslash escapes the next character; -1 when unclosed. Like the
 * pattern's backtracking, an unclosed text ends at its last doubled quote if it has one.
 */
function quotedEnd(text: string, start: number, quote: number, escapes: boolean): number {
  const n = text.length;
  let lastDoubled = -1;
  let i = start + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === quote) {
      if (code(text, i + 1) !== quote) return i + 1;
      lastDoubled = i;
      i += 2;
    } else if (c === 92 /* \ */ && escapes) {
      if (i + 1 >= n) break;
      i += 2;
    } else i++;
  }
  return lastDoubled < 0 ? -1 : lastDoubled + 1;
}

function lexError(sql: string, offset: number): SqlParseError {
  const ch = sql[offset] ?? '';
  const what = ch === "'" || ch === '"' ? 'Unclosed string literal' : ch === '`' ? 'Unclosed quoted identifier' : `Unexpected character '${ch}'`;
  return new SqlParseError('INVALID_TOKEN', what, sql, offset);
}

export function tokenize(sql: string, limits: LexLimits): IToken[] {
  return scan(sql, limits, []);
}

/**
 * The words (not keywords) of the text being scanned, by hash: a word met again (a column in
 * every branch of a UNION) takes the string it had instead of a new one, which would outlive the
 * parse in the plan (24 bytes each). Emptied at the end of each scan (`filled` says where): no
 * statement's words stay for the next one, and a short statement, whose words seldom repeat,
 * pays no more than its own. Only words shorter than 13 characters, which `slice` copies: a
 * longer slice shares, and would keep, the whole text.
 */
const WORD_SLOTS = 256; // a power of two
const words = new Array<string | undefined>(WORD_SLOTS).fill(undefined);
const filled = new Int16Array(WORD_SLOTS);
let filledCount = 0;

function wordImage(sql: string, start: number, end: number, h: number): string {
  const slot = h & (WORD_SLOTS - 1);
  const known = words[slot];
  if (known !== undefined && known.length === end - start && sql.startsWith(known, start)) return known;
  const image = sql.slice(start, end);
  if (end - start < 13) {
    if (known === undefined) filled[filledCount++] = slot;
    words[slot] = image;
  }
  return image;
}

/** The array and token objects of the last tokenizeReusing call. */
const reused: IToken[] = [];

/**
 * Tokenizes as `tokenize` does, into the array and token objects of the previous call, which this
 * one overwrites: for the parser, which reads a statement's tokens only while it parses it. The
 * token objects and their array were a third of the bytes a parse allocated.
 */
export function tokenizeReusing(sql: string, limits: LexLimits): IToken[] {
  // Chevrotain pads the array with its end-of-input token while it parses and takes it off after;
  // should a parse ever leave it there, the array is not written over (that token is shared).
  if (reused.length > 0 && reused[reused.length - 1]!.tokenType === EOF) reused.length = 0;
  return scan(sql, limits, reused);
}

/** Tokenizes into `tokens` from its start, overwriting the tokens there and dropping those left over. */
function scan(sql: string, limits: LexLimits, tokens: IToken[]): IToken[] {
  try {
    return scanText(sql, limits, tokens);
  } finally {
    for (let k = 0; k < filledCount; k++) words[filled[k]!] = undefined;
    filledCount = 0;
  }
}

/** scan's work, whose table of words scan empties however it ends. */
function scanText(sql: string, limits: LexLimits, tokens: IToken[]): IToken[] {
  if (sql.length > limits.maxLength) {
    throw new SqlParseError('INPUT_TOO_LONG', `Statement is ${sql.length} characters long; the limit is ${limits.maxLength}`, sql, limits.maxLength);
  }
  let count = 0;
  const n = sql.length;
  const maxDepth = limits.maxDepth ?? Infinity;
  let depth = 0;
  let tooDeepAt = -1;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    const start = i;
    // Whitespace.
    if (c === 32 || c === 10 || c === 9 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    // Words, which may spell keywords.
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
      if ((c === 114 || c === 82) /* r R */ && (code(sql, i + 1) === 39 || code(sql, i + 1) === 34)) {
        const close = sql.indexOf(sql[i + 1]!, i + 2);
        if (close >= 0) {
          count = put(tokens, count, sql.slice(start, close + 1), start, T.StringLiteral);
          i = close + 1;
          continue;
        }
      }
      let h = 0;
      let j = i;
      let d = c;
      while ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95) {
        h = hashStep(h, d);
        d = code(sql, ++j);
      }
      if (d >= 128 || (d === 58 /* : */ && code(sql, j + 1) === 47 && code(sql, j + 2) === 47)) {
        count = word(sql, start, tokens, count);
        i = start + tokens[count - 1]!.image.length;
        continue;
      }
      const kw = keywordAt(sql, start, j, h);
      if (kw >= 0) count = put(tokens, count, keywordImage(sql, start, j, kw), start, keywordType[kw]!);
      else count = put(tokens, count, wordImage(sql, start, j, h), start, T.UnquotedIdentifier);
      i = j;
      continue;
    }
    // Numbers (a number followed by a word character is a word: `1a`, `1_000`).
    if ((c >= 48 && c <= 57) || c === 46 /* . */) {
      const end = numberEnd(sql, i);
      if (end >= 0) {
        count = put(tokens, count, sql.slice(start, end), start, T.NumberLiteral);
        i = end;
        continue;
      }
      if (c === 46) {
        count = put(tokens, count, '.', start, T.Dot);
        i++;
        continue;
      }
      count = word(sql, start, tokens, count);
        i = start + tokens[count - 1]!.image.length;
      continue;
    }
    const single = SINGLE[c];
    if (single !== undefined) {
      if (c === 40 /* ( */ || c === 91 /* [ */) {
        if (++depth > maxDepth && tooDeepAt < 0) tooDeepAt = start;
      } else if (c === 41 || c === 93) depth--;
      count = put(tokens, count, sql[i]!, start, single);
      i++;
      continue;
    }
    const c1 = code(sql, i + 1);
    let type: TokenType | undefined;
    let len = 1;
    switch (c) {
      case 39 /* ' */:
      case 34 /* " */: {
        const end = quotedEnd(sql, i, c, true);
        if (end < 0) throw lexError(sql, start);
        count = put(tokens, count, sql.slice(start, end), start, c === 39 ? T.StringLiteral : T.DoubleQuotedString);
        i = end;
        continue;
      }
      case 96 /* ` */: {
        const end = quotedEnd(sql, i, c, false);
        if (end < 0) throw lexError(sql, start);
        count = put(tokens, count, sql.slice(start, end), start, T.BackquotedIdentifier);
        i = end;
        continue;
      }
      case 36 /* $ */: {
        DOLLAR_TAG.lastIndex = i;
        const m = DOLLAR_TAG.exec(sql);
        const end = m === null ? -1 : sql.indexOf(m[0], i + m[0].length);
        if (end < 0) throw lexError(sql, start);
        count = put(tokens, count, sql.slice(start, end + m![0].length), start, T.DollarQuotedString);
        i = end + m![0].length;
        continue;
      }
      case 45 /* - */:
        if (c1 === 45) {
          // `-- …` to the end of the line; a backslash before the newline continues it.
          i += 2;
          while (i < n) {
            const e = sql.charCodeAt(i);
            if (e === 92 && code(sql, i + 1) === 10) i += 2;
            else if (e === 10 || e === 13) break;
            else i++;
          }
          continue;
        }
        if (c1 === 62) (type = T.Arrow), (len = 2);
        else type = T.Minus;
        break;
      case 47 /* / */:
        if (c1 === 42 /* * */) {
          if (code(sql, i + 2) === 43 /* + */) {
            (type = T.HintStart), (len = 3);
            break;
          }
          const end = blockCommentEnd(sql, i);
          if (end < 0) throw new SqlParseError('UNCLOSED_BRACKETED_COMMENT', 'Found an unclosed bracketed comment', sql, start);
          i = end;
          continue;
        }
        type = T.Slash;
        break;
      case 42 /* * */:
        if (c1 === 47) (type = T.HintEnd), (len = 2);
        else type = T.Asterisk;
        break;
      case 60 /* < */:
        if (c1 === 61 && code(sql, i + 2) === 62) (type = T.NullSafeEq), (len = 3);
        else if (c1 === 60) (type = T.ShiftLeft), (len = 2);
        else if (c1 === 62) (type = T.Neq), (len = 2);
        else if (c1 === 61) (type = T.Lte), (len = 2);
        else type = T.Lt;
        break;
      case 62 /* > */:
        if (c1 === 61) (type = T.Gte), (len = 2);
        else type = T.Gt;
        break;
      case 33 /* ! */:
        if (c1 === 62) (type = T.Lte), (len = 2);
        else if (c1 === 60) (type = T.Gte), (len = 2);
        else if (c1 === 61) (type = T.NeqJ), (len = 2);
        else type = T.Bang;
        break;
      case 61 /* = */:
        if (c1 === 62) (type = T.FatArrow), (len = 2);
        else if (c1 === 61) (type = T.Eq), (len = 2);
        else type = T.Eq;
        break;
      case 124 /* | */:
        if (c1 === 124) (type = T.ConcatPipe), (len = 2);
        else if (c1 === 62) (type = T.OperatorPipe), (len = 2);
        else type = T.Pipe;
        break;
      case 58 /* : */:
        if (c1 === 58) (type = T.DoubleColon), (len = 2);
        else type = T.Colon;
        break;
      default:
        if (c >= 128) {
          if (SPACE.test(sql[i]!)) {
            i++;
            continue;
          }
          count = word(sql, start, tokens, count);
        i = start + tokens[count - 1]!.image.length;
          continue;
        }
        throw lexError(sql, start);
    }
    count = put(tokens, count, sql.slice(start, start + len), start, type);
    i += len;
  }
  // Tokens of a longer statement before, if any, go (they would keep its text).
  if (tokens.length > count) tokens.length = count;
  if (tokens.length > limits.maxTokens) {
    throw new SqlParseError('TOO_MANY_TOKENS', `Statement has ${tokens.length} tokens; the limit is ${limits.maxTokens}`, sql, tokens[limits.maxTokens]!.startOffset);
  }
  if (tooDeepAt >= 0) {
    throw new SqlParseError('NESTING_TOO_DEEP', `Parentheses are nested deeper than ${maxDepth}`, sql, tooDeepAt);
  }
  return tokens;
}

/** A word with non-ASCII characters or a `scheme://path` tail, by the general pattern, put as token `count`. */
function word(sql: string, start: number, tokens: IToken[], count: number): number {
  const m = T.matchWord(sql, start);
  if (m === null) throw lexError(sql, start);
  const image = m[0];
  // A keyword when upper-cased (`ſelect` is SELECT): keywords are ASCII words, in the table above.
  const upper = image.toUpperCase();
  let h = 0;
  for (let i = 0; i < upper.length; i++) {
    const c = upper.charCodeAt(i);
    if (!isAsciiWordChar(c)) return put(tokens, count, image, start, T.UnquotedIdentifier);
    h = hashStep(h, c);
  }
  const k = keywordAt(upper, 0, upper.length, h);
  return put(tokens, count, image, start, k < 0 ? T.UnquotedIdentifier : keywordType[k]!);
}

/** End (exclusive) of a bracketed comment at `start`, which nests; -1 when unclosed. */
function blockCommentEnd(sql: string, start: number): number {
  const image = T.matchBlockComment(sql, start)![0];
  return T.isClosedBlockComment(image) ? start + image.length : -1;
}
