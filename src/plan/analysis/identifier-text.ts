/**
 * The text of `IDENTIFIER(expr)`: a constant string expression (literals joined with `||`), read
 * as a multi-part name with the grammar's own identifier rules.
 */
import type { Expression } from '../expression.js';
import { parseMultipartIdentifier } from '../../parser/parser.js';
import { SqlParseError } from '../../parser/errors.js';
import { AnalysisError } from './errors.js';

/** The value of a constant string expression, or null when it is not one. */
export function constantString(e: Expression): string | null {
  if (e.kind === 'Literal' && e.type === 'string' && typeof e.value === 'string') return e.value;
  if (e.kind === 'BinaryOp' && e.op === '||') {
    const l = constantString(e.left);
    const r = constantString(e.right);
    return l === null || r === null ? null : l + r;
  }
  return null;
}

/** `a.b`, `` `a.b`.c `` → name parts; INVALID_IDENTIFIER when the text is not a name. */
export function identifierParts(text: string): string[] {
  try {
    return parseMultipartIdentifier(text);
  } catch (e) {
    if (e instanceof SqlParseError) throw new AnalysisError('INVALID_IDENTIFIER', `The identifier ${text} is invalid.`, { ident: text });
    throw e;
  }
}
