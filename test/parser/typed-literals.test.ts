import { describe, expect, it } from 'vitest';
import { parseSql, SqlParseError } from '../../src/parser/index.js';
import { validateIdentity } from '../helpers/sql.js';

const code = (sql: string): string => {
  try {
    parseSql(sql);
    return 'OK';
  } catch (e) {
    expect(e).toBeInstanceOf(SqlParseError);
    return (e as SqlParseError).code;
  }
};

describe('date and timestamp literals', () => {
  it.each([
    "DATE '2020-01-01'", "DATE '0015'", "DATE '-0001-1-28'", "DATE '4714-11-23 BC'", "DATE '5874897-12-31'", "DATE 'today'",
    "TIMESTAMP '2020-01-01 12:34:56.123456'", "TIMESTAMP '11:00'", "TIMESTAMP '1970-01-01 00:00:00.000Europe/Paris'",
    "TIMESTAMP '99999-03-18T12:03:17'", "TIMESTAMP 'tomorrow EST'", "TIMESTAMP_NTZ '2020-01-01 00:00:00.123456789'",
    "TIMESTAMP_LTZ '2020-01-01 13:24:35.123456789 Asia/Kolkata'", "TIMESTAMP '2018-11-17 13:33:33.123Z'",
  ])('accepts %s as Spark does', (lit) => {
    expect(code(`SELECT ${lit}`)).toBe('OK');
    validateIdentity(`SELECT ${lit}`);
  });

  it.each([
    "DATE '-7'", "DATE '015'", "DATE '1999 01 08'", "DATE 'mar 11 2016'", "DATE '2020-01-01中文'", "DATE '2021-4294967297-11'",
    "TIMESTAMP '2016-33-11 20:54:00.000'", "TIMESTAMP '2019-01-01中文'", "TIMESTAMP '4294967297'",
    "TIMESTAMP '2021-01-01T12:30:4294967297.123456'",
  ])('rejects %s with INVALID_LITERAL, as Spark does', (lit) => {
    expect(code(`SELECT ${lit}`)).toBe('INVALID_LITERAL');
  });
});
