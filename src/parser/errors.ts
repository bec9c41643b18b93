/**
 * Parse errors. Every problem with SQL text surfaces as a `SqlParseError` with a stable code,
 * a 1-based line and column, the tokens that would have been accepted and a caret snippet.
 */

export type SqlParseErrorCode =
  /** The text does not follow Spark's grammar. */
  | 'PARSE_SYNTAX_ERROR'
  /** A character sequence that is no token (stray `#`, unclosed string or comment). */
  | 'INVALID_TOKEN'
  /** `/* …` without its `*\/`. */
  | 'UNCLOSED_BRACKETED_COMMENT'
  /** Syntactically well-formed but rejected by Spark while building the tree. */
  | 'INVALID_SQL_SYNTAX'
  /** A literal Spark cannot read (`12345678901234567890Y`, `DATE 'x'`, bad interval). */
  | 'INVALID_LITERAL'
  /** A feature Spark's parser recognises and refuses (`TRANSFORM(DISTINCT …)`, record reader classes). */
  | 'UNSUPPORTED_FEATURE'
  /** An identifier Spark's parser rejects. */
  | 'INVALID_IDENTIFIER'
  /** A keyword reserved in ANSI-strict mode used as an identifier. */
  | 'RESERVED_KEYWORD'
  /** Input longer than `limits.maxLength` characters. */
  | 'INPUT_TOO_LONG'
  /** More than `limits.maxTokens` tokens. */
  | 'TOO_MANY_TOKENS'
  /** Expressions or queries nested deeper than `limits.maxDepth`. */
  | 'NESTING_TOO_DEEP';

export interface SourcePosition {
  /** 0-based offset into the statement text. */
  readonly offset: number;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

export class SqlParseError extends Error {
  override readonly name = 'SqlParseError';
  readonly code: SqlParseErrorCode;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  /** Token names or spellings that would have been accepted at the position, if known. */
  readonly expected: readonly string[];
  /** The offending line with a caret under the position. */
  readonly snippet: string;
  /** The message without position and snippet. */
  readonly reason: string;

  constructor(code: SqlParseErrorCode, reason: string, sql: string, offset: number, expected: readonly string[] = []) {
    const pos = positionAt(sql, offset);
    const snippet = caretSnippet(sql, pos);
    super(`[${code}] ${reason} (line ${pos.line}, column ${pos.column})\n${snippet}`);
    this.code = code;
    this.reason = reason;
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
    this.expected = expected;
    this.snippet = snippet;
  }

  toJSON(): object {
    return {
      error: this.name,
      code: this.code,
      message: this.reason,
      line: this.line,
      column: this.column,
      expected: this.expected,
    };
  }
}

// Shorthands for the errors the grammar raises in some twenty places each (bundle weight).
/** `new SqlParseError('INVALID_SQL_SYNTAX', …)`. */
export function invalidSyntax(reason: string, sql: string, offset: number): SqlParseError {
  return new SqlParseError('INVALID_SQL_SYNTAX', reason, sql, offset);
}
/** `new SqlParseError('PARSE_SYNTAX_ERROR', …)`. */
export function syntaxError(reason: string, sql: string, offset: number): SqlParseError {
  return new SqlParseError('PARSE_SYNTAX_ERROR', reason, sql, offset);
}

export function positionAt(sql: string, offset: number): SourcePosition {
  const o = Math.max(0, Math.min(offset, sql.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < o; i++) {
    if (sql.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset: o, line, column: o - lineStart + 1 };
}

function caretSnippet(sql: string, pos: SourcePosition): string {
  const lineStart = pos.offset - (pos.column - 1);
  let lineEnd = sql.indexOf('\n', lineStart);
  if (lineEnd < 0) lineEnd = sql.length;
  let text = sql.slice(lineStart, lineEnd).replace(/\r$/, '');
  let col = pos.column - 1;
  // Keep very long lines readable: a window around the caret.
  if (text.length > 120) {
    const from = Math.max(0, col - 60);
    text = (from > 0 ? '…' : '') + text.slice(from, from + 120);
    col = col - from + (from > 0 ? 1 : 0);
  }
  return `${text}\n${' '.repeat(Math.max(0, col))}^`;
}
