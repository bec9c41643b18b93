/**
 * Turning policy text into plan expressions: predicates and mask expressions are parsed with the
 * SQL grammar's expression entry point, identity functions become literals built in the tree
 * (never text), and the result is resolved against the raw columns of the table it guards.
 */
import { parseExpression } from '../parser/parser.js';
import { SqlParseError } from '../parser/errors.js';
import type { Expression } from '../plan/expression.js';
import type { AttributeRef } from '../plan/resolved.js';
import { transformExpressionUp } from '../plan/traverse.js';
import { resolveAgainst, type AnalyzerEnv } from '../plan/analysis/analyzer.js';
import { AnalysisError } from '../plan/analysis/errors.js';
import { attributeValues, inGroup, type Identity } from './identity.js';

export class PolicyCompileError extends Error {
  override readonly name = 'PolicyCompileError';
  constructor(
    readonly policyId: string,
    message: string,
  ) {
    super(`policy ${policyId}: ${message}`);
  }
}

export const str = (value: string | null): Expression => ({ kind: 'Literal', type: value === null ? 'null' : 'string', value });
export const bool = (value: boolean): Expression => ({ kind: 'Literal', type: 'boolean', value });
const arrayOf = (values: readonly string[]): Expression => ({
  kind: 'UnresolvedFunction',
  name: ['array'],
  args: values.map(str),
  distinct: false,
  filter: null,
  ignoreNulls: null,
  withinGroup: null,
});

/**
 * Parsed policy texts: a plan is immutable data, so one parse per text serves every rewrite
 * (identity values are bound into a copy by `bindIdentity`). Bounded; oldest dropped first.
 */
const parsed = new Map<string, Expression>();
const MAX_PARSED = 10_000;

export function parsePolicyExpression(text: string, policyId: string): Expression {
  const hit = parsed.get(text);
  if (hit !== undefined) return hit;
  try {
    const e = parseExpression(text);
    if (parsed.size >= MAX_PARSED) parsed.delete(parsed.keys().next().value!);
    parsed.set(text, e);
    return e;
  } catch (e) {
    if (e instanceof SqlParseError) throw new PolicyCompileError(policyId, `cannot parse ${JSON.stringify(text)}: ${e.message.split('\n')[0]}`);
    throw e;
  }
}

function literalArg(e: Expression, fn: string, policyId: string): string {
  if (e.kind === 'Literal' && typeof e.value === 'string') return e.value;
  throw new PolicyCompileError(policyId, `${fn}() takes a string literal`);
}

/**
 * Replaces the identity functions (`current_user()`, `is_member('g')`, `user_attribute('k')`, …)
 * by literals of this identity's values.
 */
export function bindIdentity(e: Expression, identity: Identity, groupsCaseSensitive: boolean, policyId: string): Expression {
  return transformExpressionUp(e, (x) => {
    if (x.kind !== 'UnresolvedFunction' || x.name.length !== 1) return x;
    const fn = x.name[0]!.toLowerCase();
    switch (fn) {
      case 'current_user':
      case 'user':
      case 'session_user':
        return str(identity.user);
      case 'is_member':
      case 'is_account_group_member':
        return bool(inGroup(identity, literalArg(x.args[0] ?? str(null), fn, policyId), { groupsCaseSensitive }));
      case 'current_groups':
        return arrayOf(identity.groups ?? []);
      case 'user_attribute': {
        const values = attributeValues(identity, literalArg(x.args[0] ?? str(null), fn, policyId));
        return str(values[0] ?? null);
      }
      case 'user_attributes':
        return arrayOf(attributeValues(identity, literalArg(x.args[0] ?? str(null), fn, policyId)));
      case 'has_purpose':
        return bool((identity.purposes ?? []).includes(literalArg(x.args[0] ?? str(null), fn, policyId)));
      default:
        return x;
    }
  });
}

/** Resolves a policy expression against the table's raw columns; errors name the policy. */
export function resolvePolicyExpression(
  e: Expression,
  columns: readonly AttributeRef[],
  env: AnalyzerEnv,
  lastId: number,
  policyId: string,
): { expr: Expression; lastId: number } {
  try {
    return resolveAgainst(e, columns, env, lastId);
  } catch (err) {
    if (err instanceof AnalysisError) throw new PolicyCompileError(policyId, err.message);
    throw err;
  }
}
