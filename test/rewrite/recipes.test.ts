/**
 * What applies to a read is compiled once per table and identity and reused (secure-read.ts).
 * The reuse must never change an answer: one long-lived engine, fed identities and times in a
 * random order, gives exactly what a fresh engine gives for each call.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEngine, loadPolicies, type Identity } from '../../src/index.js';
import { catalog } from '../analysis/helpers.js';

const policies = () =>
  loadPolicies({
    version: 1,
    grants: [
      { id: 'g', to: { everyone: true }, actions: ['select'], on: { tables: ['hr.*', 'sales.*'] } },
      // Grant decisions are reused too: by identity, and by time when a window may decide them.
      { id: 'no-dir', to: { users: ['bob'] }, effect: 'deny', actions: ['select'], on: { tables: ['hr.emp_directory'] } },
      { id: 'freeze', to: { groups: ['sales'] }, effect: 'deny', actions: ['select'], on: { tables: ['sales.orders'] }, validFrom: '2026-06-01T00:00:00Z', validUntil: '2026-06-01T00:00:00.500Z' },
    ],
    rowFilters: [
      { id: 'mine', table: 'hr.employees', where: "name = current_user() OR is_member('hr')", except: { groups: ['admins'] } },
      { id: 'region', table: 'hr.departments', match: { column: 'region', attribute: 'region' } },
      { id: 'recent', table: 'sales.orders', window: { column: 'ts', newerThanDays: 30 }, to: { groups: ['sales'] } },
      { id: 'big', table: 'sales.orders', where: 'amount > 10 AND emp_id IN (SELECT id FROM hr.departments)', to: { purposes: ['audit'] } },
    ],
    masks: [
      { id: 'ssn', tag: 'pii', mask: { kind: 'hash' }, except: { groups: ['hr'] } },
      { id: 'name', table: 'hr.employees', column: 'name', cases: [{ to: { groups: ['sales'] }, mask: { kind: 'showFirst', n: 1 } }, { to: { everyone: true }, mask: { kind: 'redact' } }], except: { users: ['root'] } },
      { id: 'salary', table: 'hr.employees', column: 'salary', mask: { kind: 'bucket', width: 1000 }, when: "current_user() <> 'boss'" },
      { id: 'dir', table: 'hr.emp_directory', column: 'name', mask: { kind: 'showLast', n: 2 }, to: { groups: ['sales'] } },
    ],
  });

const queries = [
  'SELECT * FROM hr.employees',
  'SELECT e.name, d.region FROM hr.employees e JOIN hr.departments d ON e.dept = d.id',
  'SELECT name, ssn FROM hr.employees UNION ALL SELECT name, ssn FROM hr.employees',
  'SELECT * FROM sales.orders WHERE amount > 1',
  'SELECT * FROM hr.emp_directory',
  'SELECT count(*) FROM hr.departments WHERE EXISTS (SELECT 1 FROM hr.employees WHERE salary > 5)',
];

const identity: fc.Arbitrary<Identity> = fc.record({
  user: fc.constantFrom('alice', 'bob', 'boss', 'root', "o'hara"),
  groups: fc.subarray(['hr', 'sales', 'admins', 'HR']),
  attributes: fc.oneof(fc.constant({}), fc.record({ region: fc.constantFrom('EMEA', 'APAC', ['EMEA', 'APAC']) })),
  purposes: fc.subarray(['audit', 'ml']),
});
const when = fc.constantFrom('2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z', '2026-06-01T00:00:01Z');

describe('compiled reads reused across calls', () => {
  it('give what a fresh engine gives, whatever came before', () => {
    const shared = createEngine({ catalog, policies: policies() });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...queries), identity, when), { minLength: 1, maxLength: 8 }), (calls) => {
        for (const [sql, who, now] of calls) {
          const fresh = createEngine({ catalog, policies: policies() }).rewrite(sql, who, { now });
          const reused = shared.rewrite(sql, who, { now });
          expect(reused.decision).toBe(fresh.decision);
          expect(reused.reasons).toEqual(fresh.reasons);
          expect(reused.audit).toEqual(fresh.audit);
          expect(reused.sql).toBe(fresh.sql);
          expect(reused.scans).toEqual(fresh.scans);
          expect(JSON.stringify(reused.plan)).toBe(JSON.stringify(fresh.plan));
        }
      }),
      { seed: 20261124, numRuns: 150 },
    );
  });

  it('tells identities apart that differ only in what policies see', () => {
    const engine = createEngine({ catalog, policies: policies() });
    const sql = 'SELECT name, ssn FROM hr.employees';
    const a = engine.rewrite(sql, { user: 'alice', groups: ['sales'] });
    const b = engine.rewrite(sql, { user: 'alice', groups: ['hr'] });
    const c = engine.rewrite(sql, { user: 'alice', groups: ['sales'] });
    expect(a.sql).not.toBe(b.sql);
    expect(c.sql).toBe(a.sql);
  });

  it('secures the same statement again with the parts it bound before, and another one afresh', () => {
    const engine = createEngine({ catalog, policies: policies() });
    const fresh = (sql: string) => JSON.stringify(createEngine({ catalog, policies: policies() }).rewrite(sql, bob).plan);
    const bob = { user: 'bob', groups: ['sales'] };
    const one = 'SELECT name, ssn FROM hr.employees';
    const two = 'SELECT e.salary, f.name FROM hr.employees e JOIN hr.employees f ON e.id = f.id';
    const masksOf = (plan: unknown): unknown[] => {
      const found: unknown[] = [];
      const walk = (x: unknown): void => {
        if (x === null || typeof x !== 'object') return;
        const o = x as Record<string, unknown>;
        if (o['kind'] === 'Project' && Array.isArray(o['projectList'])) for (const a of o['projectList'] as { kind: string; child?: { kind: string } }[]) if (a.kind === 'Alias' && a.child!.kind !== 'AttributeRef') found.push(a.child);
        Object.values(o).forEach(walk);
      };
      walk(plan);
      return found;
    };
    const first = engine.rewrite(one, bob).plan;
    const other = engine.rewrite(two, bob).plan;
    const again = engine.rewrite(one, bob).plan;
    expect(JSON.stringify(first)).toBe(fresh(one));
    expect(JSON.stringify(other)).toBe(fresh(two));
    expect(JSON.stringify(again)).toBe(fresh(one));
    // The second read of `two` is numbered apart from the first: bound afresh, not shared.
    const [a, b] = masksOf(other);
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
    // `one` again, right after itself: the same bound masks.
    expect(masksOf(engine.rewrite(one, bob).plan)).toEqual(masksOf(again));
    expect(masksOf(engine.rewrite(one, bob).plan)[0]).toBe(masksOf(engine.rewrite(one, bob).plan)[0]);
  });

  it("binds a part a mask repeats once per read, shared where it occurs, and each read's apart", () => {
    const engine = createEngine({
      catalog,
      policies: loadPolicies({
        version: 1,
        grants: [{ id: 'g', to: { everyone: true }, actions: ['select'], on: { tables: ['hr.*'] } }],
        masks: [{ id: 'last', table: 'hr.employees', column: 'name', mask: { kind: 'showLast', n: 2 } }],
      }),
    });
    const sql = 'SELECT name FROM hr.employees UNION ALL SELECT name FROM hr.employees';
    const r = engine.rewrite(sql, { user: 'alice' });
    // CASE WHEN char_length(name) <= 2 THEN name ELSE concat(…substring(name, 1, char_length(name) - 2)…) END
    const lengths: unknown[] = [];
    const walk = (x: unknown): void => {
      if (x === null || typeof x !== 'object') return;
      const o = x as Record<string, unknown>;
      if (o['kind'] === 'ResolvedFunction' && o['name'] === 'char_length') lengths.push(o);
      Object.values(o).forEach(walk);
    };
    walk(r.plan);
    expect(lengths).toHaveLength(4);
    expect(lengths[1]).toBe(lengths[0]);
    expect(lengths[3]).toBe(lengths[2]);
    expect(lengths[2]).not.toBe(lengths[0]);
    // Its JSON (a tree again) secures to the same SQL, and verifies like the shared plan did.
    expect(engine.securePlan(JSON.parse(JSON.stringify(r.plan)), { user: 'alice' }).sql).toBe(r.sql);
    expect(r.sql).toContain('char_length(name) <= 2 THEN name');
  });

  it('decides a grant with a validity window at the time of each call', () => {
    const engine = createEngine({ catalog, policies: policies() });
    const sql = 'SELECT id FROM sales.orders UNION ALL SELECT id FROM sales.orders';
    const bob = { user: 'bob', groups: ['sales'] };
    expect(engine.rewrite(sql, bob, { now: '2026-06-01T00:00:01Z' }).decision).toBe('allow');
    const frozen = engine.rewrite(sql, bob, { now: '2026-06-01T00:00:00.250Z' });
    expect(frozen.decision).toBe('deny');
    expect(frozen.reasons.join()).toContain('grant freeze denies select on sales.orders');
    expect(engine.rewrite(sql, bob, { now: '2026-06-01T00:00:01Z' }).decision).toBe('allow');
    expect(engine.rewrite(sql, { user: 'bob', groups: [] }, { now: '2026-06-01T00:00:00.250Z' }).decision).toBe('allow');
  });

  it('compiles a time window for the time of each call', () => {
    const engine = createEngine({ catalog, policies: policies() });
    const sql = 'SELECT id FROM sales.orders';
    const bob = { user: 'bob', groups: ['sales'] };
    const early = engine.rewrite(sql, bob, { now: '2026-01-31T00:00:00Z' });
    const late = engine.rewrite(sql, bob, { now: '2026-03-31T00:00:00Z' });
    expect(early.scans![0]!.filter).toContain('2026-01-01');
    expect(late.scans![0]!.filter).toContain('2026-03-01');
  });
});
