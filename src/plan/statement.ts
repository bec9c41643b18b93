/**
 * Statements that are not queries: DDL, DML, session and metadata commands. Each is a `Plan`
 * node; a statement that reads data holds the query plan it reads as a child, so the injector
 * reaches the sources of INSERT, CTAS, CREATE VIEW, CACHE TABLE and MERGE like any query.
 */
import type { Plan } from './logical.js';

export type Statement = UnsupportedStatement | UseStatement | Explain;

/**
 * A statement form leafguard does not model yet. It names the statement kind and keeps the
 * text, so the engine refuses it by name; it is never passed through silently.
 */
export interface UnsupportedStatement {
  readonly kind: 'UnsupportedStatement';
  /** e.g. `CREATE INDEX`, `SHOW GRANTS`. */
  readonly statementKind: string;
  readonly text: string;
}

/** `USE [NAMESPACE|DATABASE|SCHEMA] db`. */
export interface UseStatement {
  readonly kind: 'UseStatement';
  readonly namespace: readonly string[];
}

/** `EXPLAIN [EXTENDED|CODEGEN|COST|FORMATTED] statement`. */
export interface Explain {
  readonly kind: 'Explain';
  readonly mode: 'SIMPLE' | 'EXTENDED' | 'CODEGEN' | 'COST' | 'FORMATTED';
  readonly statement: Plan;
}
