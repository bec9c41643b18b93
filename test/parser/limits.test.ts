import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';

function parseError(sql: string, options?: Parameters<typeof parseSql>[1]): SqlParseError {
  try {
    parseSql(sql, options);
  } catch (e) {
    expect(e).toBeInstanceOf(SqlParseError);
    return e as SqlParseError;
  }
  throw new Error(`expected a parse error for ${sql.slice(0, 80)}`);
}

describe('limits', () => {
  it('refuses 10,000 nested parentheses with NESTING_TOO_DEEP', () => {
    const sql = 'SELECT ' + '('.repeat(10_000) + '1' + ')'.repeat(10_000);
    expect(parseError(sql).code).toBe('NESTING_TOO_DEEP');
  });

  it('refuses deep NOT chains without a stack overflow', () => {
    expect(parseError('SELECT ' + 'NOT '.repeat(20_000) + 'TRUE').code).toBe('NESTING_TOO_DEEP');
  });

  it('refuses deep unary minus chains', () => {
    expect(parseError('SELECT ' + '- '.repeat(20_000) + 'a').code).toBe('NESTING_TOO_DEEP');
  });

  it('enforces the input length limit', () => {
    expect(parseError('SELECT 1', { maxLength: 5 }).code).toBe('INPUT_TOO_LONG');
  });

  it('enforces the token limit', () => {
    expect(parseError('SELECT 1, 2, 3', { maxTokens: 3 }).code).toBe('TOO_MANY_TOKENS');
  });

  it('accepts nesting within the limit', () => {
    expect(() => parseSql('SELECT ' + '('.repeat(50) + '1' + ')'.repeat(50))).not.toThrow();
  });
});

describe('errors', () => {
  it('gives line, column, expected tokens and a caret snippet', () => {
    const e = parseError('SELECT a\nFROM t WHERE');
    expect(e.code).toBe('PARSE_SYNTAX_ERROR');
    expect(e.line).toBe(2);
    expect(e.column).toBe(13);
    expect(e.snippet).toBe('FROM t WHERE\n            ^');
  });

  it('reports an unclosed comment', () => {
    expect(parseError('SELECT 1 /* open /* nested */').code).toBe('UNCLOSED_BRACKETED_COMMENT');
  });

  it('reports an unclosed string', () => {
    expect(parseError("SELECT 'abc").code).toBe('INVALID_TOKEN');
  });
});

describe('set-operation chains', () => {
  it('are bounded like nesting: 1,000 queries by default, a clear error beyond', () => {
    const chain = (n: number): string => Array.from({ length: n }, () => 'SELECT a FROM t').join(' UNION ALL ');
    expect(parseSql(chain(1000)).kind).toBe('SetOperation');
    let err: unknown;
    try {
      parseSql(chain(1001));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SqlParseError);
    expect((err as SqlParseError).code).toBe('NESTING_TOO_DEEP');
    expect(parseSql(chain(20), { maxDepth: 4 }).kind).toBe('SetOperation');
    expect(() => parseSql(chain(21), { maxDepth: 4 })).toThrow(/More than 20 queries joined by set operators/);
  });
});
