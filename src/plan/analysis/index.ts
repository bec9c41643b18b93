/** The analyzer's public surface. */
import type { Plan } from '../logical.js';
import type { Catalog } from '../catalog/catalog.js';
import { createSession, type SessionOptions } from './session.js';

export { AnalysisError, CatalogError } from './errors.js';
export type { DocumentIssue } from './errors.js';
export { createSession, schemaOf, Session } from './session.js';
export type { SessionOptions, SchemaField } from './session.js';
export type { FunctionDef } from './functions.js';
export { checkIntegrity } from './integrity.js';
export { outputOf } from './output.js';

export interface AnalyzeOptions {
  readonly currentDatabase?: string;
  readonly caseSensitive?: boolean;
}

/**
 * Analyses one statement (SQL text or a parsed plan) against a catalog, without changing the
 * catalog. Throws AnalysisError with Spark's error class for unknown or ambiguous names.
 */
export function analyze(statement: string | Plan, catalog: Catalog, options: AnalyzeOptions = {}): Plan {
  const session = createSession({ catalog, ...options } satisfies SessionOptions);
  return typeof statement === 'string' ? session.analyze(statement) : session.analyzeParsed(statement);
}
