import { describe, expect, it } from 'vitest';
import { parseDataType, parseExpression } from '../../src/parser/index.js';
import { validateExpressionIdentity } from '../helpers/sql.js';

describe('data types in expressions', () => {
  it('reads timestamp precisions and time zone spellings', () => {
    validateExpressionIdentity('CAST(a AS timestamp_ntz(9))', 'CAST(a AS TIMESTAMP_NTZ(9))');
    validateExpressionIdentity('CAST(a AS timestamp_ltz(7))', 'CAST(a AS TIMESTAMP_LTZ(7))');
    // precision 6 is the plain type in Spark
    validateExpressionIdentity('CAST(a AS timestamp_ltz(6))', 'CAST(a AS TIMESTAMP_LTZ)');
    validateExpressionIdentity('CAST(a AS TIMESTAMP WITH LOCAL TIME ZONE)', 'CAST(a AS TIMESTAMP_LTZ)');
    validateExpressionIdentity('CAST(a AS TIMESTAMP(8) WITHOUT TIME ZONE)', 'CAST(a AS TIMESTAMP_NTZ(8))');
    validateExpressionIdentity('CAST(a AS TIME(3) WITHOUT TIME ZONE)', 'CAST(a AS TIME(3))');
    expect(parseDataType('timestamp_ntz(9)')).toEqual({ kind: 'timestamp', variant: 'timestamp_ntz', precision: 9 });
  });

  it('reads spatial types, collated chars and interval types', () => {
    validateExpressionIdentity('a::GEOGRAPHY(ANY)', 'CAST(a AS GEOGRAPHY(ANY))');
    validateExpressionIdentity('CAST(a AS geometry(4326))', 'CAST(a AS GEOMETRY(4326))');
    validateExpressionIdentity('CAST(a AS char(3) COLLATE utf8_lcase)', 'CAST(a AS CHAR(3) COLLATE utf8_lcase)');
    validateExpressionIdentity('CAST(a AS interval day to second)', 'CAST(a AS INTERVAL DAY TO SECOND)');
    validateExpressionIdentity('CAST(a AS interval year)', 'CAST(a AS INTERVAL YEAR)');
  });

  it.each([
    ['CAST(a AS timestamp_ntz(3))', 'INVALID_SQL_SYNTAX'],
    ['CAST(a AS int(3))', 'PARSE_SYNTAX_ERROR'],
    ['CAST(a AS varchar)', 'INVALID_SQL_SYNTAX'],
    ['CAST(a AS interval month to year)', 'PARSE_SYNTAX_ERROR'],
    ['CAST(a AS interval second to minute)', 'INVALID_SQL_SYNTAX'],
    ['CAST(a AS interval days)', 'PARSE_SYNTAX_ERROR'],
    ['CAST(a AS int WITH LOCAL TIME ZONE)', 'PARSE_SYNTAX_ERROR'],
  ])('rejects %s', (sql, code) => {
    expect(() => parseExpression(sql)).toThrow(`[${code}]`);
  });
});

describe('CASE', () => {
  it('does not read WHEN as the operand', () => {
    validateExpressionIdentity('CASE WHEN a = 1 THEN 2 END', 'CASE WHEN a = 1 THEN 2 END');
    validateExpressionIdentity("CASE WHEN true THEN time'12:34:56' ELSE timestamp_ntz'2020-05-17 12:34:56' END");
    validateExpressionIdentity('case a when 1 then 2 else 3 end', 'CASE a WHEN 1 THEN 2 ELSE 3 END');
  });
});
