/**
 * Token types of Spark SQL.
 *
 * Keywords are not matched by the lexer's regexes: the lexer reads every unquoted word as
 * `UnquotedIdentifier`, and `lexer.ts` re-tags a word whose upper-cased text is a keyword with
 * that keyword's token type (one map lookup, instead of 439 regexes tried in order).
 * Keyword token types carry the `Ident` category when Spark's default mode lets them be
 * identifiers, so grammar rules that want a name simply consume `Ident`.
 */
import { createToken, EOF, Lexer, type TokenType } from 'chevrotain';
import { ANSI_NON_RESERVED_CLASS, DEFAULT_NON_RESERVED_CLASS, KEYWORD_ALIASES, KEYWORD_CLASSES, KEYWORD_NAMES, STRICT_NON_RESERVED_CLASS } from './keywords.js';

// ---- categories -------------------------------------------------------------------------------
/** Anything usable as an identifier in `identifier` position (incl. strict non-reserved words). */
export const Ident = createToken({ name: 'Ident', pattern: Lexer.NA });
/** Identifiers that may also be table aliases (`strictIdentifier`): all `Ident` but join words. */
export const StrictIdent = createToken({ name: 'StrictIdent', pattern: Lexer.NA, categories: [Ident] });
/** Every keyword token has this category (used by error messages and the printer's quoting). */
export const Keyword = createToken({ name: 'Keyword', pattern: Lexer.NA });

// ---- trivia -----------------------------------------------------------------------------------
export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\n\f\r\u000B\u00A0\u1680\u2000-\u200A\u2028\u202F\u205F\u3000]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
/** `-- …` to the end of the line; a backslash before the newline continues it (Spark's rule). */
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /--(?:\\\n|[^\r\n])*/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});

/**
 * Bracketed comments nest (`/* a /* b *\/ c *\/`). A comment that starts with `/*+` is a hint.
 * An unclosed comment is matched to the end of input and reported by the lexer wrapper.
 */
export function matchBlockComment(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 47 /* / */ || text.charCodeAt(offset + 1) !== 42 /* * */) return null;
  if (text.charCodeAt(offset + 2) === 43 /* + */) return null;
  let depth = 1;
  let i = offset + 2;
  while (i < text.length && depth > 0) {
    const c = text.charCodeAt(i);
    if (c === 47 && text.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (c === 42 && text.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
    } else i++;
  }
  return execResult(text.slice(offset, i));
}
/** Whether a matched bracketed comment was closed (its nesting returns to zero). */
export function isClosedBlockComment(image: string): boolean {
  let depth = 0;
  for (let i = 0; i < image.length; i++) {
    if (image[i] === '/' && image[i + 1] === '*') (depth++, i++);
    else if (image[i] === '*' && image[i + 1] === '/') (depth--, i++);
  }
  return depth === 0;
}
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  start_chars_hint: ['/'],
  line_breaks: true,
  group: 'comments',
});

export const HintStart = createToken({ name: 'HintStart', pattern: '/*+' });
export const HintEnd = createToken({ name: 'HintEnd', pattern: '*/' });

// ---- literals ---------------------------------------------------------------------------------
/** `'…'` with backslash escapes and doubled quotes; raw `r'…'` / `r"…"` take no escapes. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /[rR]'[^']*'|[rR]"[^"]*"|'(?:[^'\\]|\\[\s\S]|'')*'/,
  line_breaks: true,
  start_chars_hint: ["'", 'r', 'R'],
});
export const DoubleQuotedString = createToken({
  name: 'DoubleQuotedString',
  pattern: /"(?:[^"\\]|""|\\[\s\S])*"/,
  line_breaks: true,
});
/** `$tag$ … $tag$` (Spark 4). */
export const DollarQuotedString = createToken({
  name: 'DollarQuotedString',
  pattern: { exec: matchDollarQuoted },
  start_chars_hint: ['$'],
  line_breaks: true,
});
function matchDollarQuoted(text: string, offset: number): RegExpExecArray | null {
  const open = /\$[A-Za-z]*\$/y;
  open.lastIndex = offset;
  const m = open.exec(text);
  if (!m) return null;
  const end = text.indexOf(m[0], offset + m[0].length);
  if (end < 0) return null;
  return execResult(text.slice(offset, end + m[0].length));
}

/**
 * Patterns with Unicode property classes, made when first used: making one costs 0.2 ms (V8 parses
 * the pattern then), and only text with non-ASCII letters needs them (lexer.ts scans ASCII itself).
 */
let identChar: RegExp | undefined;
let word: RegExp | undefined;

/**
 * Numbers: `123`, `123L`, `12S`, `1Y`, `1.5`, `.5`, `1e10`, `1.5E-3D`, `2F`, `1.0BD`.
 * Like Spark's lexer, a number immediately followed by a letter, digit or `_` is not a number
 * (`123abc` is an identifier), so the Identifier token gets its turn.
 */
const NUMBER = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:[bB][dD]|[dDfFlLsSyY])?/y;
export function matchNumber(text: string, offset: number): RegExpExecArray | null {
  NUMBER.lastIndex = offset;
  const m = NUMBER.exec(text);
  if (!m) return null;
  const end = offset + m[0].length;
  // (Indexed only within the text: a read past the end deoptimizes the scanner, see lexer.ts.)
  if (end < text.length && (identChar ??= /[\p{L}\p{N}_]/u).test(text[end]!)) return null;
  // Integer-only suffixes after a fraction or an exponent are not Spark numbers.
  if (/[lLsSyY]$/.test(m[0]) && /[.eE]/.test(m[0])) return null;
  return m;
}
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: { exec: matchNumber },
  start_chars_hint: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.'],
});

/** Unquoted words, incl. words that start with digits (`1a`) and Spark's `scheme://path` form. */
export function matchWord(text: string, offset: number): RegExpExecArray | null {
  word ??= /[\p{L}\p{N}_]+(?::\/\/[\p{L}\p{N}_/\-.?=&#%]+)?/uy;
  word.lastIndex = offset;
  return word.exec(text);
}
export const UnquotedIdentifier = createToken({
  name: 'UnquotedIdentifier',
  pattern: { exec: matchWord },
  categories: [StrictIdent],
  line_breaks: false,
});
export const BackquotedIdentifier = createToken({
  name: 'BackquotedIdentifier',
  pattern: /`(?:[^`]|``)*`/,
  categories: [StrictIdent],
  line_breaks: true,
});

// ---- punctuation and operators (longest first) -----------------------------------------------
const op = (name: string, pattern: string) => createToken({ name, pattern });
export const Semicolon = op('Semicolon', ';');
export const LParen = op('LParen', '(');
export const RParen = op('RParen', ')');
export const Comma = op('Comma', ',');
export const Dot = op('Dot', '.');
export const LBracket = op('LBracket', '[');
export const RBracket = op('RBracket', ']');
export const LBrace = op('LBrace', '{');
export const RBrace = op('RBrace', '}');
export const NullSafeEq = op('NullSafeEq', '<=>');
export const ShiftLeft = op('ShiftLeft', '<<');
export const Neq = op('Neq', '<>');
export const Lte = createToken({ name: 'Lte', pattern: /<=|!>/ });
export const Gte = createToken({ name: 'Gte', pattern: />=|!</ });
export const NeqJ = op('NeqJ', '!=');
export const FatArrow = op('FatArrow', '=>');
export const Eq = createToken({ name: 'Eq', pattern: /==?/ });
export const Lt = op('Lt', '<');
/** `>>` and `>>>` are two or three adjacent `Gt` tokens: `map<int,array<int>>` needs them apart. */
export const Gt = op('Gt', '>');
export const Arrow = op('Arrow', '->');
export const Plus = op('Plus', '+');
export const Minus = op('Minus', '-');
export const Asterisk = op('Asterisk', '*');
export const Slash = op('Slash', '/');
export const Percent = op('Percent', '%');
export const Tilde = op('Tilde', '~');
export const Ampersand = op('Ampersand', '&');
export const ConcatPipe = op('ConcatPipe', '||');
export const OperatorPipe = op('OperatorPipe', '|>');
export const Pipe = op('Pipe', '|');
export const Hat = op('Hat', '^');
export const DoubleColon = op('DoubleColon', '::');
export const Colon = op('Colon', ':');
export const AtSign = op('AtSign', '@');
export const Question = op('Question', '?');
export const Bang = op('Bang', '!');

// ---- keywords ---------------------------------------------------------------------------------
// The tables below are built in indexed loops over the ~440 keywords: they run once per process
// in code not yet optimized, where building them with Object.fromEntries, for-of and
// destructuring took some 3 ms of a cold start. The loops are in functions, not at the module's
// top level: in a bundle that is one function of some 250 KB of bytecode, and the iterations of
// its loops count towards V8 compiling it with its baseline compiler (1 ms, once they add up).
/**
 * Keyword token types by name, in a Map: the grammar looks keywords up while it parses
 * (`K('AS')`), and a lookup by name in an object of some 440 properties (a dictionary to the
 * engine) costs several times as much.
 */
const keywordsByName = new Map<string, TokenType>();
const ansiReserved = new Set<string>();
/** The keyword token types, in the order of KEYWORD_NAMES. */
const keywordTypes: TokenType[] = new Array<TokenType>(KEYWORD_NAMES.length);
/** By keyword (in the order of KEYWORD_NAMES), its identifier category: none, Ident or StrictIdent. */
const IDENT = 1;
const STRICT_IDENT = 2;
const identCategory = new Uint8Array(KEYWORD_NAMES.length);
createKeywords();
function createKeywords(): void {
  // One configuration for all (createToken keeps none of it): 440 fewer objects made at start-up.
  const config = { name: '', pattern: Lexer.NA };
  for (let i = 0; i < KEYWORD_NAMES.length; i++) {
    const name = KEYWORD_NAMES[i]!;
    // Categories are attached once AnyToken exists (below): createToken would recompute every
    // category's member list for each of the ~440 keywords (quadratic, ~20 ms at startup); the
    // category maps of the whole vocabulary are computed once (completeCategories).
    config.name = name;
    const t = createToken(config);
    keywordsByName.set(name, t);
    keywordTypes[i] = t;
    // Spark's lists, one digit per keyword (keywords.ts).
    const on = KEYWORD_CLASSES.charCodeAt(i) - 48;
    if (on & STRICT_NON_RESERVED_CLASS) identCategory[i] = IDENT;
    else if (on & DEFAULT_NON_RESERVED_CLASS) identCategory[i] = STRICT_IDENT;
    if ((on & (STRICT_NON_RESERVED_CLASS | ANSI_NON_RESERVED_CLASS)) === 0) ansiReserved.add(name);
  }
}
/**
 * Keyword token types by Spark's token name (`SELECT`, `TEMPORARY`, …): a read-only view of the
 * map above. A dictionary of its own was 50 KB of start-up allocation, enough to make the young
 * generation collect a third time (a 0.6 ms scavenge) after an import and a first parse.
 */
export const KW: Readonly<Record<string, TokenType>> = new Proxy(Object.create(null) as Record<string, TokenType>, {
  get: (_, name) => (typeof name === 'string' ? keywordsByName.get(name) : undefined),
  has: (_, name) => typeof name === 'string' && keywordsByName.has(name),
  ownKeys: () => [...keywordsByName.keys()],
  getOwnPropertyDescriptor: (_, name) => {
    const t = typeof name === 'string' ? keywordsByName.get(name) : undefined;
    return t === undefined ? undefined : { value: t, writable: false, enumerable: true, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
});
/** The keyword token types, in the order of KEYWORD_NAMES (the lexer's keyword table is built from these). */
export const KEYWORD_TYPES: readonly TokenType[] = keywordTypes;

/**
 * Upper-cased spelling → keyword token type (`TEMP` and `TEMPORARY` both → TEMPORARY): a view of
 * the map by name and the few aliases, not a second map of some 450 entries (28 KB of start-up
 * allocation). Iterating it makes that map, in KEYWORD_NAMES order, on first use.
 */
class Spellings implements ReadonlyMap<string, TokenType> {
  #all: Map<string, TokenType> | undefined;
  get(spelling: string): TokenType | undefined {
    // A keyword with aliases is spelled only so (BINARY_HEX is `X`); otherwise by its name.
    return KEYWORD_ALIASES[spelling] === undefined ? keywordsByName.get(spelling) ?? aliasOwners()[spelling] : aliasOwners()[spelling];
  }
  has(spelling: string): boolean {
    return this.get(spelling) !== undefined;
  }
  get size(): number {
    return this.#map().size;
  }
  forEach(f: (type: TokenType, spelling: string, map: ReadonlyMap<string, TokenType>) => void, thisArg?: unknown): void {
    this.#map().forEach((t, s) => f.call(thisArg, t, s, this));
  }
  entries(): MapIterator<[string, TokenType]> {
    return this.#map().entries();
  }
  keys(): MapIterator<string> {
    return this.#map().keys();
  }
  values(): MapIterator<TokenType> {
    return this.#map().values();
  }
  [Symbol.iterator](): MapIterator<[string, TokenType]> {
    return this.#map().entries();
  }
  #map(): Map<string, TokenType> {
    if (this.#all !== undefined) return this.#all;
    const all = new Map<string, TokenType>();
    for (let i = 0; i < KEYWORD_NAMES.length; i++) {
      const aliases = KEYWORD_ALIASES[KEYWORD_NAMES[i]!];
      if (aliases === undefined) all.set(KEYWORD_NAMES[i]!, keywordTypes[i]!);
      else for (let j = 0; j < aliases.length; j++) all.set(aliases[j]!, keywordTypes[i]!);
    }
    return (this.#all = all);
  }
}
/** Alias spelling → its keyword (no prototype), made on first use. */
let aliasOwnersByName: Record<string, TokenType> | undefined;
function aliasOwners(): Record<string, TokenType> {
  if (aliasOwnersByName !== undefined) return aliasOwnersByName;
  const owners = Object.create(null) as Record<string, TokenType>;
  for (const name in KEYWORD_ALIASES) for (const spelling of KEYWORD_ALIASES[name]!) owners[spelling] = keywordsByName.get(name)!;
  return (aliasOwnersByName = owners);
}
export const keywordBySpelling: ReadonlyMap<string, TokenType> = /* @__PURE__ */ new Spellings();
/** Keywords that are reserved when ANSI keyword enforcement is on. */
export const ANSI_RESERVED: ReadonlySet<string> = ansiReserved;

/** The keyword token type named `name` (as in `KW`); an unknown name is a grammar bug. */
export function keyword(name: string): TokenType {
  const t = keywordsByName.get(name);
  if (t === undefined) throw new Error(`unknown keyword ${name}`);
  return t;
}

/**
 * The vocabulary's token type named `name`, chevrotain's EOF included, or undefined: keywords from
 * their map, the few others (categories and lexer tokens) from a dictionary made on first use.
 */
export function tokenTypeNamed(name: string): TokenType | undefined {
  return keywordsByName.get(name) ?? (otherTypesByName ??= otherTypes())[name];
}
let otherTypesByName: Record<string, TokenType> | undefined;
function otherTypes(): Record<string, TokenType> {
  const byName = Object.create(null) as Record<string, TokenType>;
  byName[EOF.name] = EOF;
  // The vocabulary less its keywords, which come last (a first parse from a grammar snapshot
  // makes this: a test of each of some 500 token types was 0.15 ms of it).
  for (let i = 0; i < allTokens.length - keywordTypes.length; i++) byName[allTokens[i]!.name] = allTokens[i]!;
  return byName;
}

/** Whether `t` is a keyword's token type. */
export function isKeywordType(t: TokenType): boolean {
  return keywordIndex[t.tokenTypeIdx!] === 1;
}

/** Order matters: comments before `/`, hints before comments, longer operators before shorter. */
export const lexerTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  HintStart,
  BlockComment,
  HintEnd,
  StringLiteral,
  DoubleQuotedString,
  DollarQuotedString,
  NumberLiteral,
  UnquotedIdentifier,
  BackquotedIdentifier,
  Semicolon,
  LParen,
  RParen,
  Comma,
  Dot,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  NullSafeEq,
  ShiftLeft,
  Neq,
  Lte,
  Gte,
  NeqJ,
  FatArrow,
  Eq,
  Lt,
  Gt,
  Arrow,
  Plus,
  Minus,
  Asterisk,
  Slash,
  Percent,
  Tilde,
  Ampersand,
  ConcatPipe,
  OperatorPipe,
  Pipe,
  Hat,
  DoubleColon,
  Colon,
  AtSign,
  Question,
  Bang,
];

/** A category every token belongs to (to skip the rest of an unmodelled statement). */
export const AnyToken = createToken({ name: 'AnyToken', pattern: Lexer.NA });
addAnyToken();
function addAnyToken(): void {
  for (let i = 0; i < lexerTokens.length; i++) (lexerTokens[i]!.CATEGORIES ??= []).push(AnyToken);
  // Keywords with the same categories share one array of them (nothing changes a keyword's
  // categories after this): one array per keyword was 35 KB that the young generation carries
  // through the scavenges of a cold start.
  const asIdent = [Keyword, Ident, AnyToken];
  const asStrictIdent = [Keyword, StrictIdent, AnyToken];
  const reserved = [Keyword, AnyToken];
  for (let i = 0; i < keywordTypes.length; i++) {
    const category = identCategory[i];
    keywordTypes[i]!.CATEGORIES = category === IDENT ? asIdent : category === STRICT_IDENT ? asStrictIdent : reserved;
  }
}

/** The parser's vocabulary: categories, lexer tokens and keywords (last: see otherTypes). */
export const allTokens: TokenType[] = [AnyToken, Ident, StrictIdent, Keyword].concat(lexerTokens, keywordTypes);

/** One more than the largest token type index of the vocabulary and chevrotain's EOF (indices are numbered as token types are created). */
export const VOCABULARY_SIZE = vocabularySize();
function vocabularySize(): number {
  let max = EOF.tokenTypeIdx!;
  for (let i = 0; i < allTokens.length; i++) max = Math.max(max, allTokens[i]!.tokenTypeIdx!);
  return max + 1;
}

/** Keyword token types by token type index. */
const keywordIndex = keywordMarks();
function keywordMarks(): Uint8Array {
  const marks = new Uint8Array(VOCABULARY_SIZE);
  for (let i = 0; i < keywordTypes.length; i++) marks[keywordTypes[i]!.tokenTypeIdx!] = 1;
  return marks;
}

/**
 * Marks a vocabulary whose category maps are complete: scripts/lean-chevrotain.mjs has the
 * parser's constructor skip its own pass over such a vocabulary.
 */
export const CATEGORIES_COMPLETE = Symbol.for('leafguard.categoriesComplete');

/**
 * The category maps of the vocabulary, as chevrotain's `augmentTokenTypes` leaves them when the
 * parser is built (every category lists every token type below it, by index, in ascending
 * order), computed here directly: chevrotain's pass over ~500 token types (maps, sets, each
 * member index turned into a string and back) was 1 ms and 400 KB of allocation of every cold
 * start. test/cold/token-categories.test.ts holds this to chevrotain's pass.
 */
function completeCategories(vocabulary: TokenType[]): void {
  type Augmented = TokenType & { tokenTypeIdx: number; CATEGORIES: Augmented[]; categoryMatches: number[]; categoryMatchesMap: Record<number, boolean>; isParent: boolean };
  const byIndex: (Augmented | undefined)[] = new Array<Augmented | undefined>(VOCABULARY_SIZE).fill(undefined);
  for (let i = 0; i < vocabulary.length; i++) byIndex[vocabulary[i]!.tokenTypeIdx!] = vocabulary[i] as Augmented;
  // By category's index: its members so far, in ascending order as indices are visited so (no
  // builtin calls in these loops, which run in the interpreter).
  const members: (number[] | undefined)[] = new Array<number[] | undefined>(VOCABULARY_SIZE).fill(undefined);
  // Every category reachable from a list of categories, each once (categories may form cycles),
  // by list: keywords share their lists of categories (addAnyToken), so some 440 of the walks
  // are three lists' walks again.
  const reachable = new Map<Augmented[], Augmented[]>();
  /** By token type index: the walk that last reached it. */
  const reachedIn = new Int32Array(VOCABULARY_SIZE).fill(-1);
  for (let idx = 0; idx < VOCABULARY_SIZE; idx++) {
    const t = byIndex[idx];
    if (t === undefined || t.CATEGORIES.length === 0) continue;
    let up = reachable.get(t.CATEGORIES);
    if (up === undefined) {
      up = [];
      for (let j = 0; j < t.CATEGORIES.length; j++) {
        const c = t.CATEGORIES[j]!;
        if (reachedIn[c.tokenTypeIdx] !== idx) (reachedIn[c.tokenTypeIdx] = idx), up.push(c);
      }
      for (let r = 0; r < up.length; r++) {
        const above = up[r]!.CATEGORIES;
        for (let j = 0; j < above.length; j++) {
          const c = above[j]!;
          if (reachedIn[c.tokenTypeIdx] !== idx) (reachedIn[c.tokenTypeIdx] = idx), up.push(c);
        }
      }
      reachable.set(t.CATEGORIES, up);
    }
    // t is not its own member (a cycle of categories through t).
    for (let r = 0; r < up.length; r++) {
      const c = up[r]!;
      if (c === t) continue;
      const at = c.tokenTypeIdx;
      c.categoryMatchesMap[idx] = true;
      let list = members[at];
      if (list === undefined) {
        list = members[at] = [];
        byIndex[at] ??= c; // (a category outside the vocabulary)
      }
      list.push(idx);
    }
  }
  for (let at = 0; at < VOCABULARY_SIZE; at++) {
    const list = members[at];
    if (list === undefined) continue;
    const c = byIndex[at]!;
    c.categoryMatches = list;
    c.isParent = true;
  }
  (vocabulary as TokenType[] & { [CATEGORIES_COMPLETE]?: boolean })[CATEGORIES_COMPLETE] = true;
}
completeCategories(allTokens);

function execResult(s: string): RegExpExecArray {
  const r = [s] as unknown as RegExpExecArray;
  return r;
}
