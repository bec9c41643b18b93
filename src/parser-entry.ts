/**
 * `leafguard/parser`: the parser and the printer alone, for tools that only read and write Spark
 * SQL (a smaller module than the package entry, so it loads faster).
 */
export { parseSql, parseExpression, parseDataType, parseMultipartIdentifier, SqlParseError, DEFAULT_PARSE_OPTIONS } from './parser/index.js';
export type { SqlParseErrorCode, ParseOptions } from './parser/index.js';
export { printPlan as toSql, printExpression } from './plan/print/index.js';
export type { Plan, QueryPlan } from './plan/logical.js';
export type { Statement } from './plan/statement.js';
export type { Expression } from './plan/expression.js';
