/**
 * The embeddable surface (dist/leafguard.min.js, for GraalJS, QuickJS and other embedders): the
 * same exports as the package entry, without the YAML reader (policy text is JSON here), which
 * keeps the single file under its budget of 500,000 bytes.
 */
export { parseSql, parseExpression, parseDataType, parseMultipartIdentifier, SqlParseError, DEFAULT_PARSE_OPTIONS } from './parser/index.js';
export type { SqlParseErrorCode, ParseOptions } from './parser/index.js';
export { toSql, printExpression, explain, DialectError } from './plan/print/index.js';
export { PlanTooDeepError } from './plan/depth.js';
export { typeToString } from './plan/data-type.js';
export type { Plan, QueryPlan } from './plan/logical.js';
export type { Statement } from './plan/statement.js';
export type { Expression } from './plan/expression.js';
export type { DataType } from './plan/data-type.js';
export * as traverse from './plan/traverse.js';
export { createCatalog, Catalog } from './plan/catalog/catalog.js';
export type { CatalogTable, CatalogColumn } from './plan/catalog/catalog.js';
export { CatalogSchema } from './plan/catalog/schema.js';
export { analyze, createSession, schemaOf, checkIntegrity, outputOf, AnalysisError, CatalogError, Session } from './plan/analysis/index.js';
export type { AnalyzeOptions, SessionOptions, SchemaField, DocumentIssue } from './plan/analysis/index.js';
export type { AttributeRef, Relation, View, TableIdentifier, SecureScan } from './plan/resolved.js';
export { loadPolicies, PolicyError } from './policies/load.js';
export type { PolicySet } from './policies/load.js';
export type { Identity } from './policies/identity.js';
export { PolicyDocumentSchema } from './policies/schema.js';
export type { PolicyDocument, Settings } from './policies/schema.js';
export { createEngine } from './rewrite/engine.js';
export { handle } from './rewrite/handle.js';
export type { Engine, EngineOptions, RewriteResult, ScanDirective, AuditRecord, SecureRelationResult } from './rewrite/engine.js';

export const VERSION = '0.1.0';
