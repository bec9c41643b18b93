/**
 * Readable messages for zod issues in catalog and policy documents (zod/mini ships no locale
 * texts). Each issue keeps its JSON path (`$.tables[2].columns[0].type`).
 */
import type { DocumentIssue } from '../analysis/errors.js';
import { jsonPath } from '../analysis/errors.js';

interface ZodIssueLike {
  readonly code?: string;
  readonly path: readonly PropertyKey[];
  readonly expected?: unknown;
  readonly keys?: readonly string[];
  readonly values?: readonly unknown[];
  readonly minimum?: unknown;
  readonly maximum?: unknown;
  readonly origin?: string;
  readonly message?: string;
  readonly input?: unknown;
}

function describeInput(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`;
}

export function describeIssue(issue: ZodIssueLike): DocumentIssue {
  const path = jsonPath(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: issue.input === undefined ? `required ${String(issue.expected)} is missing` : `expected ${String(issue.expected)}, got ${describeInput(issue.input)}` };
    case 'unrecognized_keys':
      return { path, message: `unknown field${(issue.keys?.length ?? 0) > 1 ? 's' : ''} ${(issue.keys ?? []).map((k) => JSON.stringify(k)).join(', ')}` };
    case 'invalid_value':
      return { path, message: `expected one of ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(', ')}` };
    case 'too_small':
      return { path, message: issue.origin === 'string' && issue.minimum === 1 ? 'must not be empty' : `too small: at least ${String(issue.minimum)}` };
    case 'too_big':
      return { path, message: `too big: at most ${String(issue.maximum)}` };
    case 'invalid_union':
      return { path, message: 'does not match any of the allowed forms' };
    default:
      return { path, message: issue.message && issue.message !== 'Invalid input' ? issue.message : `invalid (${issue.code ?? 'unknown problem'})` };
  }
}
