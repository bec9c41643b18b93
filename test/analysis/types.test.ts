import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { T, commonType, sameType, tightestCommonType } from '../../src/plan/analysis/types.js';
import type { DataType } from '../../src/plan/data-type.js';
import { typeToString } from '../../src/plan/data-type.js';

const numeric: readonly DataType[] = [T.tinyint, T.smallint, T.int, T.bigint, T.float, T.double, T.decimal(10, 0), T.decimal(5, 2), T.decimal(38, 10)];
const atomic: readonly DataType[] = [...numeric, T.string, T.boolean, T.date, T.timestamp, T.binary, T.void];
const show = (t: DataType | null): string => (t === null ? 'none' : typeToString(t));

describe('tightestCommonType (ANSI findWiderTypeForTwo)', () => {
  // Rows from the corpus' typeCoercion/native/caseWhenCoercion.sql: THEN a ELSE b → type.
  it.each([
    [T.tinyint, T.float, 'double'],
    [T.int, T.decimal(10, 0), 'decimal(10,0)'],
    [T.bigint, T.decimal(10, 0), 'decimal(20,0)'],
    [T.float, T.decimal(10, 0), 'double'],
    [T.string, T.int, 'bigint'],
    [T.string, T.decimal(10, 0), 'double'],
    [T.string, T.binary, 'binary'],
    [T.string, T.boolean, 'boolean'],
    [T.date, T.timestamp, 'timestamp'],
    [T.tinyint, T.boolean, 'none'],
    [T.int, T.date, 'none'],
    [T.binary, T.int, 'none'],
    [{ kind: 'interval', from: 'DAY', to: null }, { kind: 'interval', from: 'HOUR', to: 'MINUTE' }, 'interval day to minute'],
    [{ kind: 'interval', from: 'YEAR', to: null }, { kind: 'interval', from: 'DAY', to: null }, 'none'],
  ] as [DataType, DataType, string][])('%o and %o', (a, b, expected) => {
    expect(show(tightestCommonType(a, b))).toBe(expected);
    expect(show(tightestCommonType(b, a))).toBe(expected);
  });

  it('is reflexive, commutative and has NULL as identity', () => {
    fc.assert(
      fc.property(fc.constantFrom(...atomic), fc.constantFrom(...atomic), (a, b) => {
        expect(sameType(tightestCommonType(a, a)!, a)).toBe(true);
        expect(show(tightestCommonType(a, b))).toBe(show(tightestCommonType(b, a)));
        expect(sameType(tightestCommonType(T.void, a)!, a)).toBe(true);
      }),
    );
  });

  it('is associative on numeric types', () => {
    fc.assert(
      fc.property(fc.constantFrom(...numeric), fc.constantFrom(...numeric), fc.constantFrom(...numeric), (a, b, c) => {
        expect(show(commonType([a, b, c]))).toBe(show(commonType([c, b, a])));
      }),
    );
  });

  it('keeps unknown unknown rather than guessing', () => {
    expect(show(tightestCommonType(T.unknown, T.int))).toBe('unknown');
    expect(show(commonType([T.int, T.unknown]))).toBe('unknown');
  });
});
