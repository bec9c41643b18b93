/**
 * Tokenizes Spark SQL. A chevrotain lexer finds the tokens; words that spell a keyword are then
 * re-tagged with the keyword's token type (see tokens.ts). Comments are dropped, except hints,
 * which the grammar reads.
 */
import { Lexer, type IToken } from 'chevrotain';
import { isClosedBlockComment, keywordBySpelling, lexerTokens, UnquotedIdentifier } from './tokens.js';
import { SqlParseError } from './errors.js';

const lexer = new Lexer(lexerTokens, {
  positionTracking: 'full',
  ensureOptimizations: false,
  // Validation is for grammar authors; tests construct a validating lexer (see lexer.test.ts).
  skipValidations: true,
});

export interface LexLimits {
  readonly maxLength: number;
  readonly maxTokens: number;
}

export function tokenize(sql: string, limits: LexLimits): IToken[] {
  if (sql.length > limits.maxLength) {
    throw new SqlParseError('INPUT_TOO_LONG', `Statement is ${sql.length} characters long; the limit is ${limits.maxLength}`, sql, limits.maxLength);
  }
  const result = lexer.tokenize(sql);
  if (result.errors.length > 0) {
    const e = result.errors[0]!;
    const ch = sql[e.offset] ?? '';
    const what =
      ch === "'" || ch === '"' ? 'Unclosed string literal' : ch === '`' ? 'Unclosed quoted identifier' : `Unexpected character '${ch}'`;
    throw new SqlParseError('INVALID_TOKEN', what, sql, e.offset);
  }
  for (const c of (result.groups['comments'] ?? []) as IToken[]) {
    if (!isClosedBlockComment(c.image)) {
      throw new SqlParseError('UNCLOSED_BRACKETED_COMMENT', 'Found an unclosed bracketed comment', sql, c.startOffset);
    }
  }
  const tokens = result.tokens;
  if (tokens.length > limits.maxTokens) {
    throw new SqlParseError('TOO_MANY_TOKENS', `Statement has ${tokens.length} tokens; the limit is ${limits.maxTokens}`, sql, tokens[limits.maxTokens]!.startOffset);
  }
  for (const t of tokens) {
    if (t.tokenType === UnquotedIdentifier) {
      const kw = keywordBySpelling.get(t.image.toUpperCase());
      if (kw !== undefined) {
        t.tokenType = kw;
        t.tokenTypeIdx = kw.tokenTypeIdx!;
      }
    }
  }
  return tokens;
}
