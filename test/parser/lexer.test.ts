/** The lexer on its own: token types and images for Spark's lexical forms. */
import { describe, expect, it } from 'vitest';
import { Lexer } from 'chevrotain';
import { tokenize, tokenizeReusing } from '../../src/parser/lexer.js';
import { parseSql } from '../../src/parser/parser.js';
import { lexerTokens } from '../../src/parser/tokens.js';
import { SqlParseError } from '../../src/parser/errors.js';

const LIMITS = { maxLength: 100_000, maxTokens: 10_000 };

/** `TYPE:image` per token. */
function lex(sql: string): string[] {
  return tokenize(sql, LIMITS).map((t) => `${t.tokenType.name}:${t.image}`);
}

function lexError(sql: string): SqlParseError {
  try {
    tokenize(sql, LIMITS);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlParseError);
    return e as SqlParseError;
  }
  throw new Error(`expected a lexer error for ${sql}`);
}

describe('lexer', () => {
  it('builds with chevrotain validations on', () => {
    expect(() => new Lexer(lexerTokens, { ensureOptimizations: false })).not.toThrow();
    const validated = new Lexer(lexerTokens, { ensureOptimizations: false });
    expect(validated.lexerDefinitionErrors).toEqual([]);
  });

  it('reads keywords case-insensitively', () => {
    expect(lex('select Select SELECT sElEcT')).toEqual(['SELECT:select', 'SELECT:Select', 'SELECT:SELECT', 'SELECT:sElEcT']);
    expect(lex('from Where')).toEqual(['FROM:from', 'WHERE:Where']);
  });

  it('maps alternative spellings to one keyword', () => {
    expect(lex('temp temporary')).toEqual(['TEMPORARY:temp', 'TEMPORARY:temporary']);
  });

  it('reads other words as identifiers', () => {
    expect(lex('my_table t1 _x')).toEqual(['UnquotedIdentifier:my_table', 'UnquotedIdentifier:t1', 'UnquotedIdentifier:_x']);
  });

  it('reads backquoted identifiers with doubled backquotes and newlines', () => {
    expect(lex('`a``b` `select` `x y`')).toEqual(['BackquotedIdentifier:`a``b`', 'BackquotedIdentifier:`select`', 'BackquotedIdentifier:`x y`']);
    expect(lex('`a\nb`')).toEqual(['BackquotedIdentifier:`a\nb`']);
  });

  it('reads strings with backslash escapes and doubled quotes', () => {
    expect(lex(`'it''s' 'a\\'b' 'x\\\\' "dq" "a""b" "a\\"b"`)).toEqual([
      "StringLiteral:'it''s'",
      "StringLiteral:'a\\'b'",
      "StringLiteral:'x\\\\'",
      'DoubleQuotedString:"dq"',
      'DoubleQuotedString:"a""b"',
      'DoubleQuotedString:"a\\"b"',
    ]);
  });

  it('reads raw strings, where a backslash escapes nothing', () => {
    expect(lex(`r'\\n' R'a\\' r"x\\"`)).toEqual([`StringLiteral:r'\\n'`, `StringLiteral:R'a\\'`, 'StringLiteral:r"x\\"']);
  });

  it('reads $tag$ quoted strings', () => {
    expect(lex('$$a $ b$$ $t$x$$y$t$')).toEqual(['DollarQuotedString:$$a $ b$$', 'DollarQuotedString:$t$x$$y$t$']);
  });

  it('reads numbers with type suffixes and exponents', () => {
    const numbers = ['123', '1Y', '2s', '3L', '1.5BD', '2bd', '2D', '3.5F', '1e10', '1.5E-3', '2E+2', '.5', '5.', '1.5e3D'];
    expect(lex(numbers.join(' '))).toEqual(numbers.map((n) => `NumberLiteral:${n}`));
  });

  it('reads a number followed by letters as an identifier', () => {
    expect(lex('123abc 1_000 2x')).toEqual(['UnquotedIdentifier:123abc', 'UnquotedIdentifier:1_000', 'UnquotedIdentifier:2x']);
  });

  it('does not take an integer suffix after a fraction as part of the number', () => {
    expect(lex('1.5L')).not.toContain('NumberLiteral:1.5L');
    expect(lex('1e3Y')).not.toContain('NumberLiteral:1e3Y');
  });

  it('drops nested bracketed comments and line comments', () => {
    expect(lex('a /* x /* y */ z */ b')).toEqual(['UnquotedIdentifier:a', 'UnquotedIdentifier:b']);
    expect(lex('a -- to the end\nb')).toEqual(['UnquotedIdentifier:a', 'UnquotedIdentifier:b']);
    expect(lex('a /**/ b')).toEqual(['UnquotedIdentifier:a', 'UnquotedIdentifier:b']);
  });

  it('continues a line comment over a backslash-newline', () => {
    expect(lex('a -- one \\\n two\nb')).toEqual(['UnquotedIdentifier:a', 'UnquotedIdentifier:b']);
  });

  it('reports an unclosed bracketed comment where it starts', () => {
    const e = lexError('SELECT 1 /* open /* nested */');
    expect(e.code).toBe('UNCLOSED_BRACKETED_COMMENT');
    expect(e.column).toBe(10);
  });

  it('keeps hints as tokens for the grammar', () => {
    expect(lex('/*+ BROADCAST(t) */')).toEqual(['HintStart:/*+', 'UnquotedIdentifier:BROADCAST', 'LParen:(', 'UnquotedIdentifier:t', 'RParen:)', 'HintEnd:*/']);
  });

  it('reads parameter markers', () => {
    expect(lex('? :name :a1')).toEqual(['Question:?', 'Colon::', 'NAME:name', 'Colon::', 'UnquotedIdentifier:a1']);
  });

  it('lexes >> and >>> as separate Gt tokens', () => {
    expect(lex('>>')).toEqual(['Gt:>', 'Gt:>']);
    expect(lex('>>>')).toEqual(['Gt:>', 'Gt:>', 'Gt:>']);
    expect(lex('array<map<int,int>>')).toEqual(['ARRAY:array', 'Lt:<', 'MAP:map', 'Lt:<', 'INT:int', 'Comma:,', 'INT:int', 'Gt:>', 'Gt:>']);
  });

  it('prefers the longest operator', () => {
    expect(lex('<=> <= >= <> != == = => -> || |> :: << !< !>')).toEqual([
      'NullSafeEq:<=>',
      'Lte:<=',
      'Gte:>=',
      'Neq:<>',
      'NeqJ:!=',
      'Eq:==',
      'Eq:=',
      'FatArrow:=>',
      'Arrow:->',
      'ConcatPipe:||',
      'OperatorPipe:|>',
      'DoubleColon:::',
      'ShiftLeft:<<',
      'Gte:!<',
      'Lte:!>',
    ]);
  });

  it('tracks offsets; errors derive lines and columns from them', () => {
    const [a, b] = tokenize('a\n  bb', LIMITS);
    expect([a!.startOffset, a!.endOffset, b!.startOffset, b!.endOffset]).toEqual([0, 0, 4, 5]);
    const e = lexError('a\n  bb #');
    expect([e.line, e.column, e.offset]).toEqual([2, 6, 7]);
  });

  it('reports stray characters and unclosed quotes as INVALID_TOKEN with their position', () => {
    expect(lexError('SELECT #').column).toBe(8);
    expect(lexError("SELECT 'abc").code).toBe('INVALID_TOKEN');
    expect(lexError('SELECT `abc').reason).toBe('Unclosed quoted identifier');
    expect(lexError('SELECT "abc').reason).toBe('Unclosed string literal');
  });

  it('enforces the length and token limits', () => {
    expect(() => tokenize('SELECT 1', { maxLength: 3, maxTokens: 10 })).toThrow(/INPUT_TOO_LONG/);
    expect(() => tokenize('a b c d', { maxLength: 100, maxTokens: 3 })).toThrow(/TOO_MANY_TOKENS/);
  });

  it('keeps the images as written, whatever spelling of a word or keyword came before', () => {
    expect(lex('select SELECT Select sElEcT')).toEqual(['SELECT:select', 'SELECT:SELECT', 'SELECT:Select', 'SELECT:sElEcT']);
    // Words that differ in case only (the keyword table's hash ignores case) stay apart.
    expect(lex('ab AB Ab ab c1 C1')).toEqual([
      'UnquotedIdentifier:ab', 'UnquotedIdentifier:AB', 'UnquotedIdentifier:Ab', 'UnquotedIdentifier:ab',
      'UnquotedIdentifier:c1', 'UnquotedIdentifier:C1',
    ]);
  });

  it('gives the same tokens into the array of the previous call, for statements longer and shorter', () => {
    const plain = (sql: string): unknown[] => tokenize(sql, LIMITS).map((t) => ({ ...t }));
    const statements = [
      'SELECT a, b FROM t WHERE a = 1',
      'x',
      "SELECT t0.c1 AS x0, 'lit', 1.5e3, `q``b` FROM d.t0 t0 JOIN d.t1 t1 ON t1.c0 = t0.c0 /*+ hint */",
      'DROP TABLE t1',
      '',
      'SELECT a, b FROM t WHERE a = 1',
    ];
    for (const sql of statements) expect(tokenizeReusing(sql, LIMITS).map((t) => ({ ...t }))).toEqual(plain(sql));
    // A lexer error in between leaves nothing behind for the next statement.
    expect(() => tokenizeReusing('SELECT a, b, c, d, e FROM t WHERE "open', LIMITS)).toThrow(SqlParseError);
    expect(tokenizeReusing('SELECT 1', LIMITS).map((t) => ({ ...t }))).toEqual(plain('SELECT 1'));
  });

  it('parses a statement after another whose token objects it reuses as if it came first', () => {
    // The statement's form is kept with its first token's object, which the next parse reuses.
    const first = (sql: string): string => JSON.stringify(parseSql(sql));
    const set = first('SET spark.sql.x = true');
    const drop = first('DROP TABLE t1');
    expect(JSON.parse(set).kind).toBe('SetConfig');
    expect(JSON.parse(drop).kind).toBe('DropObject');
    for (let i = 0; i < 3; i++) {
      expect(first('SET spark.sql.x = true')).toBe(set);
      expect(first('DROP TABLE t1')).toBe(drop);
    }
  });
});
