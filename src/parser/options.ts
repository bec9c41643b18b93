/** Options of `parseSql` and the other entry points. */
export interface ParseOptions {
  /**
   * `default`: Spark's default keyword behaviour (every keyword but the join and set-operation
   * words is a valid identifier). `ansi`: `spark.sql.ansi.enforceReservedKeywords=true`, where
   * ANSI-reserved keywords are not identifiers.
   */
  readonly keywords: 'default' | 'ansi';
  /** Longest accepted statement, in characters. */
  readonly maxLength: number;
  /** Most tokens in one statement. */
  readonly maxTokens: number;
  /**
   * Deepest nesting of parentheses, subqueries and expressions; a chain of set operations
   * (`q UNION q UNION …`) may join up to five times as many queries.
   */
  readonly maxDepth: number;
}

export const DEFAULT_PARSE_OPTIONS: ParseOptions = {
  keywords: 'default',
  maxLength: 1_000_000,
  maxTokens: 200_000,
  maxDepth: 200,
};

export function resolveOptions(options: Partial<ParseOptions> | undefined): ParseOptions {
  return options === undefined ? DEFAULT_PARSE_OPTIONS : { ...DEFAULT_PARSE_OPTIONS, ...options };
}
