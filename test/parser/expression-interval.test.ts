import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/parser/index.js';
import { validateExpressionIdentity } from '../helpers/sql.js';

describe('interval literals', () => {
  it('reads value/unit pairs with singular and plural units', () => {
    validateExpressionIdentity('INTERVAL 3 DAYS 2 HOURS', 'INTERVAL 3 DAY 2 HOUR');
    validateExpressionIdentity('interval 1 week 2 milliseconds 3 microseconds', 'INTERVAL 1 WEEK 2 MILLISECOND 3 MICROSECOND');
    validateExpressionIdentity("INTERVAL '1' DAY", "INTERVAL '1' DAY");
    validateExpressionIdentity('INTERVAL 1 YEAR 2 MONTHS', 'INTERVAL 1 YEAR 2 MONTH');
    expect(parseExpression('INTERVAL 3 DAYS')).toEqual({ kind: 'IntervalLiteral', parts: [{ value: '3', quoted: false, unit: 'DAY' }] });
  });

  it('reads the from-to form', () => {
    validateExpressionIdentity("INTERVAL '1-2' YEAR TO MONTH", "INTERVAL '1-2' YEAR TO MONTH");
    validateExpressionIdentity("INTERVAL '3 4:05:06.789' DAY TO SECOND", "INTERVAL '3 4:05:06.789' DAY TO SECOND");
    validateExpressionIdentity("interval '10:20' hour to minute", "INTERVAL '10:20' HOUR TO MINUTE");
    validateExpressionIdentity("INTERVAL '-178956970-8' YEAR TO MONTH");
  });

  it('applies a sign to the value as Spark does', () => {
    validateExpressionIdentity("INTERVAL -'1' DAY", "INTERVAL '-1' DAY");
    validateExpressionIdentity("interval -'-1-1' year to month", "INTERVAL '1-1' YEAR TO MONTH");
    validateExpressionIdentity("interval +'1 2:3:4.001' day to second", "INTERVAL '1 2:3:4.001' DAY TO SECOND");
    validateExpressionIdentity('INTERVAL -2 SECOND', 'INTERVAL -2 SECOND');
  });

  it('reads a string with units inside as a typed interval literal', () => {
    validateExpressionIdentity("interval '2 seconds'", "INTERVAL '2 seconds'");
    expect(parseExpression("interval '1 month -1 day'")).toEqual({ kind: 'Literal', type: 'interval', value: '1 month -1 day' });
  });

  it('keeps `interval` usable as a column name', () => {
    validateExpressionIdentity('interval', 'interval');
    validateExpressionIdentity('interval + 1', 'interval + 1');
    validateExpressionIdentity('y - interval 2 day', 'y - INTERVAL 2 DAY');
  });

  it.each([
    ['interval 1 year to month', 'Can only use numbers'],
    ['interval 1 year 2 day', 'Cannot mix year-month and day-time'],
    ["interval '1 day 2' day", 'Cannot parse the INTERVAL value'],
    ["interval '1'", 'Cannot parse the INTERVAL value'],
    ["INTERVAL '178956970-8' YEAR TO MONTH", 'year to month'],
    ["interval '15:40' hour to second", 'hour to second'],
    ["interval '1' year to second", 'not supported'],
    ["interval '10-9' year to month '1' year", 'single from-to'],
  ])('rejects %s', (sql, message) => {
    expect(() => parseExpression(sql)).toThrow(message);
    try {
      parseExpression(sql);
    } catch (e) {
      expect((e as { code: string }).code).toBe('INVALID_LITERAL');
    }
  });

  it('rejects repeated units as a syntax error', () => {
    expect(() => parseExpression('interval 30 day day day')).toThrow(/PARSE_SYNTAX_ERROR/);
  });
});
