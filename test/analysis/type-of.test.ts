import { describe, expect, it } from 'vitest';
import { resolveConstant, typeText } from './constant.js';
import { typeOf, arithmeticType, checkExpression } from '../../src/plan/analysis/type-of.js';
import { T } from '../../src/plan/analysis/types.js';
import { AnalysisError } from '../../src/plan/analysis/errors.js';

const typeOfSql = (sql: string): string => typeText(typeOf(resolveConstant(sql)));

describe('typeOf', () => {
  // Each row is a column type of the corpus (Spark 4, ANSI on).
  it.each([
    ["'1' + cast(1 as tinyint)", 'bigint'],
    ["'1' + cast(1 as float)", 'double'],
    ["'1' / cast(1 as decimal(10, 0))", 'double'],
    ['cast(1 as int) / cast(1 as int)', 'double'],
    ['cast(1 as decimal(10, 0)) / cast(1 as int)', 'decimal(21,11)'],
    ['cast(1 as tinyint) / cast(1 as decimal(10, 0))', 'decimal(14,11)'],
    ['cast(1 as tinyint) + cast(1 as decimal(10, 0))', 'decimal(11,0)'],
    ["timestamp'2011-11-11 11:11:11' - timestamp'2011-11-11 11:11:10'", 'interval day to second'],
    ["(INTERVAL '-178956970-8' YEAR TO MONTH) / 2", 'interval year to month'],
    ["date'2011-11-11' - date'2011-11-10'", 'interval day'],
    ["interval '1' day + interval '1' hour", 'interval day to hour'],
    ['case when true then cast(1 as tinyint) else cast(2 as string) end', 'bigint'],
    ["extract(second from timestamp'2011-11-11 11:11:11')", 'decimal(8,6)'],
    ["extract(month from interval '1-2' year to month)", 'tinyint'],
    ['1.50', 'decimal(3,2)'],
    ["TIMESTAMP_LTZ '2020-01-01 13:24:35.123456789'", 'timestamp_ltz(9)'],
    ['array(1, 2L)[0]', 'bigint'],
    ["named_struct('a', 1, 'b', 'x').b", 'string'],
    ["map('k', 1.5)['k']", 'decimal(2,1)'],
    ['transform(array(1, 2), x -> x + 1.5)', 'array<decimal(12,1)>'],
    ['aggregate(array(1, 2), 0L, (acc, x) -> acc + x)', 'bigint'],
    ["zip_with(array(1), array('a'), (x, y) -> concat(y, x))", 'array<string>'],
    ["map_zip_with(map(1, 'a'), map(1, 2), (k, v1, v2) -> v2)", 'map<int,int>'],
    ['1 & 3L', 'bigint'],
  ])('%s is %s', (sql, expected) => {
    expect(typeOfSql(sql)).toBe(expected);
  });

  it('is unknown, not a guess, when an operand is unknown', () => {
    expect(typeText(arithmeticType('+', T.unknown, T.int))).toBe('unknown');
  });

  it('rejects comparisons of incomparable types with BINARY_OP_DIFF_TYPES', () => {
    expect(() => checkExpression(resolveConstant('1 = array(1)'))).toThrow(AnalysisError);
    expect(() => checkExpression(resolveConstant("1 = '1'"))).not.toThrow();
    try {
      checkExpression(resolveConstant('1 = array(1)'));
    } catch (e) {
      expect((e as AnalysisError).errorClass).toBe('DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES');
    }
  });
});
