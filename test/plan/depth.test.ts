/**
 * Hand-built plans are not bounded by the parser's nesting limit: a plan too deep for the walks
 * is a PlanTooDeepError (code PLAN_TOO_DEEP), a problem or a denial at each public entry
 * point, never a bare stack overflow.
 */
import { describe, expect, it } from 'vitest';
import { PlanTooDeepError, checkIntegrity, createCatalog, createEngine, createSession, explain, loadPolicies, parseSql, toSql, type Plan } from '../../src/index.js';

const DEPTH = 50_000;
function deepFilters(): Plan {
  let p = parseSql('SELECT 1') as Plan;
  for (let i = 0; i < DEPTH; i++) p = { kind: 'Filter', condition: { kind: 'Literal', type: 'boolean', value: 'true' }, child: p } as Plan;
  return p;
}
function deepExpression(): Plan {
  let e: unknown = { kind: 'Literal', type: 'int', value: '1' };
  for (let i = 0; i < DEPTH; i++) e = { kind: 'UnaryOp', op: '-', child: e };
  return { kind: 'Project', projectList: [e], child: { kind: 'OneRowRelation' } } as Plan;
}

describe('plans too deep for the stack', () => {
  for (const [shape, build] of [['a chain of plan nodes', deepFilters], ['a chain of expressions', deepExpression]] as const) {
    it(`${shape}: toSql, explain and analysis throw PlanTooDeepError`, () => {
      const plan = build();
      const session = createSession({ catalog: createCatalog({ databases: [], tables: [] }) });
      for (const f of [() => toSql(plan), () => toSql(plan, { dialect: 'duckdb' }), () => explain(plan), () => session.analyzeParsed(plan)]) {
        let thrown: unknown;
        try {
          f();
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(PlanTooDeepError);
        expect((thrown as PlanTooDeepError).code).toBe('PLAN_TOO_DEEP');
      }
    });

    it(`${shape}: checkIntegrity reports it, securePlan denies it`, () => {
      const plan = build();
      expect(checkIntegrity(plan)).toEqual(['the plan is nested too deeply to check']);
      const engine = createEngine({ catalog: createCatalog({ databases: [], tables: [] }), policies: loadPolicies({ version: 1 }) });
      const r = engine.securePlan(plan, { user: 'alice' });
      expect(r.decision).toBe('deny');
    });
  }
});
