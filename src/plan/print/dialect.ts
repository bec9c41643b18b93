/**
 * The SQL dialect the printers write. Spark is the default and the only dialect plans read back
 * from; `duckdb` prints a resolved plan as SQL that DuckDB runs with Spark's meaning (duckdb.ts).
 * The choice is module state set by `printPlan` for the duration of one call, like the attribute
 * printer of expression.ts, so that the printers keep their signatures.
 */
export type Dialect = 'spark' | 'duckdb';

export let dialect: Dialect = 'spark';

export function withDialect<T>(d: Dialect, f: () => T): T {
  const saved = dialect;
  dialect = d;
  try {
    return f();
  } finally {
    dialect = saved;
  }
}

/** A plan the chosen dialect cannot express with Spark's meaning; nothing is printed. */
export class DialectError extends Error {
  override readonly name = 'DialectError';
  readonly code = 'UNSUPPORTED_IN_DUCKDB';
  /** The function, operator, type or plan node at fault (`substring_index`, `Pivot`, …). */
  readonly construct: string;
  constructor(construct: string, why: string) {
    super(`[UNSUPPORTED_IN_DUCKDB] ${construct}: ${why}`);
    this.construct = construct;
  }
}
