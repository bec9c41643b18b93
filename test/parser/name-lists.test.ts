/**
 * Name lists shared within a parse (src/parser/name-lists.ts): the columns and relations of one
 * statement that spell the same name share one array; each keeps its own position; names that
 * meet in a slot of the table keep their own spelling; nothing is shared across statements.
 */
import { describe, expect, it } from 'vitest';
import { parseSql } from '../../src/parser/parser.js';
import { positionOf } from '../../src/parser/positions.js';
import type { Expression } from '../../src/plan/expression.js';
import type { Plan } from '../../src/plan/logical.js';

type Project = Extract<Plan, { kind: 'Project' }>;
type SetOperation = Extract<Plan, { kind: 'SetOperation' }>;
type Column = Extract<Expression, { kind: 'UnresolvedAttribute' }>;
type Relation = Extract<Plan, { kind: 'UnresolvedRelation' }>;

/** The SELECT blocks of a left-deep chain of set operations, first to last. */
function blocks(plan: Plan): Project[] {
  const out: Project[] = [];
  let p = plan;
  while (p.kind === 'SetOperation') {
    out.unshift((p as SetOperation).right as Project);
    p = (p as SetOperation).left;
  }
  out.unshift(p as Project);
  return out;
}
const columns = (p: Project): Column[] => p.projectList as Column[];
const relation = (p: Project): Relation => p.child as Relation;

describe('name lists', () => {
  it('share one array per name within a statement, each node keeping its position', () => {
    const sql = 'SELECT c0, c1 FROM d.t0 UNION ALL SELECT c0, c1 FROM d.t0';
    const [a, b] = blocks(parseSql(sql));
    expect(columns(a!)[0]!.nameParts).toEqual(['c0']);
    expect(columns(b!)[0]!.nameParts).toBe(columns(a!)[0]!.nameParts);
    expect(columns(b!)[1]!.nameParts).toBe(columns(a!)[1]!.nameParts);
    expect(columns(a!)[1]!.nameParts).not.toBe(columns(a!)[0]!.nameParts);
    expect(relation(b!).name).toBe(relation(a!).name);
    expect(relation(a!).name).toEqual(['d', 't0']);
    expect(positionOf(columns(a!)[0]!)).toBe(sql.indexOf('c0'));
    expect(positionOf(columns(b!)[0]!)).toBe(sql.lastIndexOf('c0'));
    expect(positionOf(relation(b!))).toBe(sql.lastIndexOf('d.t0'));
  });

  it('keep names apart that meet in one slot (same first and last letters and length)', () => {
    const [a, b] = blocks(parseSql('SELECT axb, ayb, x.axb FROM axb.ayb UNION SELECT ayb, axb, x.ayb FROM axb.axb'));
    expect(columns(a!).map((c) => c.nameParts)).toEqual([['axb'], ['ayb'], ['x', 'axb']]);
    expect(columns(b!).map((c) => c.nameParts)).toEqual([['ayb'], ['axb'], ['x', 'ayb']]);
    expect(relation(a!).name).toEqual(['axb', 'ayb']);
    expect(relation(b!).name).toEqual(['axb', 'axb']);
  });

  it('share nothing across statements, nor after a failed parse', () => {
    const first = columns(parseSql('SELECT c0 FROM t') as Project)[0]!.nameParts;
    expect(() => parseSql('SELECT c0 FROM t WHERE')).toThrow();
    expect(() => parseSql("SELECT c0 FROM t WHERE x = 'open")).toThrow();
    const second = columns(parseSql('SELECT c0 FROM t') as Project)[0]!.nameParts;
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });
});
