/**
 * Name resolution over wide column lists: the indexes (by qualifier and name, by name) find
 * exactly what a scan of the whole list finds — the same column, the same struct-field access,
 * the same ambiguity error — whatever the case of names and qualifiers (fast-check, fixed seed).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { caseInsensitive, indexJoinColumns, NameIndexes, resolveColumn } from '../../src/plan/analysis/scope.js';
import type { AttributeRef } from '../../src/plan/resolved.js';
import type { DataType } from '../../src/plan/data-type.js';

const SEED = 20261125;
const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 200);

const INT: DataType = { kind: 'primitive', name: 'int' } as DataType;
const STRUCT: DataType = { kind: 'struct', fields: [{ name: 'f', type: INT, nullable: true, comment: null }] } as DataType;

/** Few distinct words (so that names and qualifiers collide), in any case, some non-ASCII. */
const word = fc.constantFrom('a', 'b', 'c0', 'C0', 't', 'T', 't1', 'db', 'DB', 'x_y', 'é', 'É', 'K', '\u212a', 'k', 's');
/** One relation's columns: a qualifier (0 to 3 parts), shared by its columns as the analyzer shares it. */
const relation = fc.record({ qualifier: fc.array(word, { maxLength: 3 }), names: fc.array(word, { minLength: 1, maxLength: 8 }) });
const reference = fc.array(word, { minLength: 1, maxLength: 4 });

function columnsOf(relations: readonly { qualifier: string[]; names: string[] }[]): AttributeRef[][] {
  let id = 0;
  return relations.map(({ qualifier, names }) =>
    names.map((name): AttributeRef => ({ kind: 'AttributeRef', id: ++id, name, type: name === 's' ? STRUCT : INT, nullable: true, qualifier })),
  );
}

/** The outcome of a resolution, comparable: the expression, or the error's message. */
function outcome(f: () => unknown): unknown {
  try {
    return { value: f() };
  } catch (e) {
    return { error: String(e) };
  }
}

describe('resolveColumn over an indexed list', () => {
  it('finds what a scan finds, along a chain of joins and for a list searched often', () => {
    fc.assert(
      fc.property(fc.array(relation, { minLength: 3, maxLength: 8 }), fc.array(reference, { minLength: 1, maxLength: 12 }), (relations, refs) => {
        const tables = columnsOf(relations);
        // A chain of joins, each indexed from its left input's index as the analyzer does it.
        const indexes = new NameIndexes();
        let attrs: AttributeRef[] = [];
        for (const t of tables) {
          const left = attrs;
          attrs = left.concat(t);
          indexJoinColumns(attrs, left, caseInsensitive, indexes);
        }
        // The same columns as a list that is indexed when searched a fourth time.
        const searched = [...attrs];
        const fresh = new NameIndexes();
        for (const parts of refs) {
          const scan = outcome(() => resolveColumn(parts, attrs, caseInsensitive));
          expect(outcome(() => resolveColumn(parts, attrs, caseInsensitive, indexes))).toEqual(scan);
          for (let i = 0; i < 5; i++) expect(outcome(() => resolveColumn(parts, searched, caseInsensitive, fresh))).toEqual(scan);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('uses the index on wide lists (a qualified name, a bare one, an ambiguous one)', () => {
    const tables = columnsOf(Array.from({ length: 6 }, (_, t) => ({ qualifier: ['db', `T${t}`], names: ['id', 'a', 'b', 'c', 'd'] })));
    const indexes = new NameIndexes();
    let attrs: AttributeRef[] = [];
    for (const t of tables) {
      const left = attrs;
      attrs = left.concat(t);
      indexJoinColumns(attrs, left, caseInsensitive, indexes);
    }
    expect(attrs.length).toBeGreaterThanOrEqual(24);
    expect(resolveColumn(['t3', 'B'], attrs, caseInsensitive, indexes)).toBe(tables[3]![2]);
    expect(resolveColumn(['DB', 't5', 'id'], attrs, caseInsensitive, indexes)).toBe(tables[5]![0]);
    expect(resolveColumn(['t9', 'id'], attrs, caseInsensitive, indexes)).toBeNull();
    expect(() => resolveColumn(['id'], attrs, caseInsensitive, indexes)).toThrow(/AMBIGUOUS|ambiguous/);
    expect(resolveColumn(['db', 'id'], attrs, caseInsensitive, indexes)).toBeNull();
  });
});
