/**
 * Analysis errors, with Spark's error classes (`TABLE_OR_VIEW_NOT_FOUND`,
 * `UNRESOLVED_COLUMN.WITH_SUGGESTION`, …) so that callers and the corpus report can compare
 * with Spark. `offset` is the position in the statement when the parser recorded one.
 */
export class AnalysisError extends Error {
  override readonly name = 'AnalysisError';
  readonly errorClass: string;
  readonly parameters: Readonly<Record<string, string>>;
  /** Character offset in the statement, when known. */
  offset: number | null;
  line: number | null = null;
  column: number | null = null;

  constructor(errorClass: string, message: string, parameters: Readonly<Record<string, string>> = {}, offset: number | null = null) {
    super(`[${errorClass}] ${message}`);
    this.errorClass = errorClass;
    this.parameters = parameters;
    this.offset = offset;
  }

  /** Fills line and column from the statement text (1-based), once the text is known. */
  locate(sql: string): this {
    if (this.offset === null || this.line !== null) return this;
    let line = 1;
    let col = 1;
    for (let i = 0; i < this.offset && i < sql.length; i++) {
      if (sql.charCodeAt(i) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    this.line = line;
    this.column = col;
    return this;
  }
}

/** One problem in a catalog or policy document, at a JSON path (`$.tables[2].columns[0].type`). */
export interface DocumentIssue {
  readonly path: string;
  readonly message: string;
}

/** An invalid catalog document; lists every problem found. */
export class CatalogError extends Error {
  override readonly name = 'CatalogError';
  readonly code = 'INVALID_CATALOG';
  readonly issues: readonly DocumentIssue[];
  constructor(issues: readonly DocumentIssue[]) {
    super(`Invalid catalog: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
    this.issues = issues;
  }
}

/** `$.a[0].b` from a zod issue path. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p)) ? `.${String(p)}` : `[${JSON.stringify(String(p))}]`;
  return s;
}

/** Quotes a name the way Spark's messages do: `` `a`.`b` ``. */
export function quotedName(parts: readonly string[]): string {
  return parts.map((p) => '`' + p.replace(/`/g, '``') + '`').join('.');
}
