export { parseSql, parseExpression, parseDataType, parseMultipartIdentifier } from './parser.js';
export { SqlParseError, type SqlParseErrorCode } from './errors.js';
export { type ParseOptions, DEFAULT_PARSE_OPTIONS } from './options.js';
