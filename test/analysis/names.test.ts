import { describe, expect, it } from 'vitest';
import { column } from './constant.js';
import { javaDouble, javaFloat } from '../../src/plan/analysis/names.js';

// Each expectation is a column of a Spark 4 schema from the SQLQueryTestSuite corpus.
describe('generated names (toPrettySQL)', () => {
  it.each([
    ["LEN(LOWER('X'))", 'len(lower(X)):int'],
    ['5 % 3', '(5 % 3):int'],
    ['20181117 >> 2', '(20181117 >> 2):int'],
    ["X'4561'", "X'4561':binary"],
    ['cast(null as array<array<int>>)', 'NULL:array<array<int>>'],
    ["cast('23.45' as decimal(4, 2))", 'CAST(23.45 AS DECIMAL(4,2)):decimal(4,2)'],
    ["cast(null as map<int, array<int>>)", 'NULL:map<int,array<int>>'],
    ["TIME '00:01:52' :: int", "CAST(TIME '00:01:52' AS INT):int"],
    ['CAST(interval 3 year 1 month AS string)', "CAST(INTERVAL '3-1' YEAR TO MONTH AS STRING):string"],
    ['CAST(interval 3 day 1 second AS string)', "CAST(INTERVAL '3 00:00:01' DAY TO SECOND AS STRING):string"],
    ["cast(interval '1.000001' second as decimal(10, 6))", "CAST(INTERVAL '01.000001' SECOND AS DECIMAL(10,6)):decimal(10,6)"],
    ["-interval '-1 year 1 month'", "(- INTERVAL '-0-11' YEAR TO MONTH):interval year to month"],
    ["timestamp'2019-10-15' - timestamp'2019-10-14'", "(TIMESTAMP '2019-10-15 00:00:00' - TIMESTAMP '2019-10-14 00:00:00'):interval day to second"],
    ["int(float('2147483520'))", '2147483520:int'],
    ['ceil(1234567890123456)', 'CEIL(1234567890123456):bigint'],
    ['CEIL(2.5, 0)', 'ceil(2.5, 0):decimal(2,0)'],
    ['round(25y, -1)', 'round(25, -1):tinyint'],
    ['power(2, 3)', 'POWER(2, 3):double'],
    ['log(10.0)', 'LOG(E(), 10.0):double'],
    ["to_number('454.2', '000.0')", 'to_number(454.2, 000.0):decimal(4,1)'],
    ["regexp_like('1a 2b 14m', 'b')", 'REGEXP_LIKE(1a 2b 14m, b):boolean'],
    ["regexp_replace('healthy', 'h', 'x')", 'regexp_replace(healthy, h, x, 1):string'],
    ["substring('abc', 2)", 'substring(abc, 2, 2147483647):string'],
    ["trim(BOTH 'xyz' FROM 'yxTomxx')", 'TRIM(BOTH xyz FROM yxTomxx):string'],
    ["mask('AbCD123-@$#')", 'mask(AbCD123-@$#, X, x, n, NULL):string'],
    ['make_interval(1)', 'make_interval(1, 0, 0, 0, 0, 0, 0.000000):interval'],
    ["date_add(date'2011-11-11', 1)", "date_add(DATE '2011-11-11', 1):date"],
    ['current_database()', 'current_schema():string'],
    ['assert_true(true)', "assert_true(true, 'true' is not true!):void"],
    ["nvl2(null, 'x', 'y')", 'nvl2(NULL, x, y):string'],
    ['if(1 >= 0, 1 - 0, 1 / 0)', '(IF((1 >= 0), (1 - 0), (1 / 0))):double'],
    ["'a' || 'b' || 'c'", 'concat(concat(a, b), c):string'],
    ['not true', '(NOT true):boolean'],
    ['1D', '1.0:double'],
    ['1e10', '1.0E10:double'],
    ['2.35E10 * 1.0', '(2.35E10 * 1.0):double'],
    ["from_json('{\"a\":1}', 'a INT')", 'from_json({"a":1}):struct<a:int>'],
    ["timestampadd(MONTH, -1, timestamp'2022-02-14 01:02:03')", "timestampadd(MONTH, -1, TIMESTAMP '2022-02-14 01:02:03'):timestamp"],
  ])('%s', (sql, expected) => {
    expect(column(sql)).toBe(expected);
  });

  it('prints doubles and floats as Java does', () => {
    expect([1, 150000, 1e10, 0.1, 1e-5, -0].map(javaDouble)).toEqual(['1.0', '150000.0', '1.0E10', '0.1', '1.0E-5', '-0.0']);
    expect(javaFloat(3.14)).toBe('3.14');
  });
});
