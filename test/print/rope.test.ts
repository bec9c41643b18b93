/**
 * Long outputs (rope.ts): past LONG characters the printers flatten what they append; the text
 * must be exactly what the short road prints, at every place that appends without bound.
 */
import { describe, expect, it } from 'vitest';
import { createCatalog, parseSql, toSql, analyze } from '../../src/index.js';
import { flatIfLong, LONG } from '../../src/plan/print/rope.js';

const catalog = createCatalog({ databases: [{ name: 'db' }], tables: [{ name: 'db.t', columns: [{ name: 'a', type: 'int' }, { name: 'b', type: 'string' }] }] });
/** Pieces `piece(i)` joined by `sep`, enough of them that the text passes LONG well before the last. */
function long(piece: (i: number) => string, sep: string): string {
  const pieces: string[] = [];
  for (let n = 0, i = 0; n < 3 * LONG; i++) {
    pieces.push(piece(i));
    n += pieces[i]!.length + sep.length;
  }
  return pieces.join(sep);
}
const pad = 'x'.repeat(400);

describe('flatIfLong', () => {
  it('returns the piece unchanged, short or long', () => {
    const piece = ['x', 'y'.repeat(20), 'z'].join('+');
    expect(flatIfLong('', piece)).toBe(piece);
    expect(flatIfLong('s'.repeat(LONG), piece)).toBe(piece);
  });
});

describe('long outputs print the same text', () => {
  const cases: [string, string][] = [
    ['a UNION ALL chain', long((i) => `SELECT a, b FROM db.t WHERE b = '${pad}${i}'`, ' UNION ALL ')],
    ['a select list', `SELECT ${long((i) => `a + ${i} AS x${i}`, ', ')} FROM db.t`],
    ['an IN list', `SELECT a FROM db.t WHERE a IN (${long((i) => String(i), ', ')})`],
    ['an AND chain', `SELECT a FROM db.t WHERE ${long((i) => `b <> '${pad}${i}'`, ' AND ')}`],
    ['a join chain', `SELECT t0.a FROM db.t AS t0 ${long((i) => `JOIN db.t AS t${i + 1} ON t${i + 1}.b = '${pad}${i}'`, ' ')}`],
    ['a comma join chain', `SELECT t0.a FROM db.t AS t0, ${long((i) => `(SELECT a FROM db.t WHERE b = '${pad}${i}') AS t${i + 1}`, ', ')}`],
  ];
  for (const [name, sql] of cases) {
    it(name, () => {
      // The parsed plan prints back as the statement was written (spaces and all, for these).
      const printed = toSql(parseSql(sql));
      expect(printed.length).toBeGreaterThan(2 * LONG);
      expect(printed).toBe(sql);
      // The analysed plan re-parses to the same plan it prints from.
      const resolved = toSql(analyze(sql, catalog));
      expect(toSql(analyze(resolved, catalog))).toBe(resolved);
    });
  }
});
