export { printPlan, printQuery, printRelation } from './query.js';
export { printExpression, printLiteral, printSortOrder, printWindowSpec } from './expression.js';
export { typeToSql } from './data-type.js';
export { quoteIdent, quoteParts, quoteString } from './names.js';
export { explain } from './explain.js';
export { DialectError, type Dialect } from './dialect.js';
