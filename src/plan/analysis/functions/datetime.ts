/** Date, timestamp, time and interval functions (Spark's datetimeExpressions.scala, timeExpressions, intervalExpressions). */
import type { DataType } from '../../data-type.js';
import { T, isUnknown } from '../types.js';
import { type FunctionDef, alias, alwaysNullable, fixed, literalString, neverNullable, sameAs, scalar, withDefaults } from './define.js';
import { extractFieldType } from '../type-of.js';

const TIME6: DataType = { kind: 'time', precision: 6 };
const DAY_TO_SECOND: DataType = { kind: 'interval', from: 'DAY', to: 'SECOND' };
const YEAR_TO_MONTH: DataType = { kind: 'interval', from: 'YEAR', to: 'MONTH' };

/** A function of no arguments printed with its parentheses (`current_date()`). */
const niladic = (name: string, type: DataType): FunctionDef => scalar(name, 0, 0, fixed(type, neverNullable));

const intPart = (name: string): FunctionDef => scalar(name, 1, 1, fixed(T.int));

/** Made at the registry's first lookup (functions.ts), not when the module loads. */
export function datetimeFunctions(): readonly FunctionDef[] {
  const currentDate = niladic('current_date', T.date);
  const currentTime = scalar('current_time', 0, 1, fixed(TIME6, neverNullable));
  const dateAdd = scalar('date_add', 2, 2, fixed(T.date));
  const dateDiff = scalar('datediff', 2, 2, fixed(T.int));
  const dayOfMonth = intPart('dayofmonth');
  const datePart = scalar('date_part', 2, 2, (a) => {
    const f = literalString(a[0]);
    return { type: f === null ? T.unknown : extractFieldType(f, a[1]!.type), nullable: true };
  });
  const makeTimestamp = scalar('make_timestamp', 1, 7, fixed(T.timestamp, alwaysNullable));
  const toTimestampNtz = scalar('to_timestamp_ntz', 1, 2, fixed(T.timestampNtz, alwaysNullable));

  return [
    currentDate,
    alias(currentDate, 'curdate'),
    niladic('current_timestamp', T.timestamp),
    niladic('now', T.timestamp),
    niladic('localtimestamp', T.timestampNtz),
    niladic('current_timezone', T.string),
    currentTime,
    alias(currentTime, 'localtime'),
    dateAdd,
    alias(dateAdd, 'dateadd'),
    scalar('date_sub', 2, 2, fixed(T.date)),
    scalar('add_months', 2, 2, fixed(T.date)),
    dateDiff,
    alias(dateDiff, 'date_diff'),
    scalar('date_format', 2, 2, fixed(T.string, alwaysNullable)),
    dayOfMonth,
    alias(dayOfMonth, 'day'),
    ...['dayofyear', 'dayofweek', 'weekday', 'weekofyear', 'year', 'month', 'quarter', 'hour', 'minute', 'second', 'unix_date'].map(intPart),
    scalar('dayname', 1, 1, fixed(T.string)),
    scalar('monthname', 1, 1, fixed(T.string)),
    scalar('from_unixtime', 1, 2, fixed(T.string), { pretty: withDefaults(1, 'yyyy-MM-dd HH:mm:ss') }),
    scalar('unix_timestamp', 0, 2, fixed(T.bigint, alwaysNullable), { pretty: (n, args) => `${n}(${[...(args.length === 0 ? ['current_timestamp()'] : args), ...(args.length < 2 ? ['yyyy-MM-dd HH:mm:ss'] : [])].join(', ')})` }),
    scalar('to_unix_timestamp', 1, 2, fixed(T.bigint, alwaysNullable), { pretty: withDefaults(1, 'yyyy-MM-dd HH:mm:ss') }),
    scalar('from_utc_timestamp', 2, 2, fixed(T.timestamp)),
    scalar('to_utc_timestamp', 2, 2, fixed(T.timestamp)),
    scalar('last_day', 1, 1, fixed(T.date)),
    scalar('next_day', 2, 2, fixed(T.date, alwaysNullable)),
    scalar('months_between', 2, 3, fixed(T.double), { pretty: withDefaults(2, 'true') }),
    scalar('to_date', 1, 2, fixed(T.date, alwaysNullable)),
    scalar('try_to_date', 1, 2, fixed(T.date, alwaysNullable)),
    scalar('to_timestamp', 1, 2, fixed(T.timestamp, alwaysNullable)),
    scalar('try_to_timestamp', 1, 2, fixed(T.timestamp, alwaysNullable)),
    toTimestampNtz,
    scalar('to_timestamp_ltz', 1, 2, fixed(T.timestamp, alwaysNullable)),
    scalar('to_time', 1, 2, fixed(TIME6, alwaysNullable)),
    // try_to_time is printed with the to_time it wraps.
    scalar('try_to_time', 1, 2, fixed(TIME6, alwaysNullable), { pretty: (n, args) => `${n}(to_time(${args.join(', ')}))` }),
    scalar('trunc', 2, 2, fixed(T.date, alwaysNullable)),
    scalar('date_trunc', 2, 2, fixed(T.timestamp, alwaysNullable)),
    scalar('make_date', 3, 3, fixed(T.date, alwaysNullable)),
    scalar('try_make_date', 3, 3, fixed(T.date, alwaysNullable)),
    makeTimestamp,
    scalar('try_make_timestamp', 1, 7, fixed(T.timestamp, alwaysNullable)),
    scalar('make_timestamp_ntz', 2, 6, fixed(T.timestampNtz, alwaysNullable)),
    scalar('try_make_timestamp_ntz', 2, 6, fixed(T.timestampNtz, alwaysNullable)),
    scalar('make_timestamp_ltz', 2, 7, fixed(T.timestamp, alwaysNullable)),
    scalar('try_make_timestamp_ltz', 2, 7, fixed(T.timestamp, alwaysNullable)),
    scalar('make_time', 3, 3, fixed(TIME6, alwaysNullable)),
    scalar('make_interval', 0, 7, fixed(T.calendarInterval, alwaysNullable), { pretty: withDefaults(0, '0', '0', '0', '0', '0', '0', '0.000000') }),
    scalar('try_make_interval', 0, 7, fixed(T.calendarInterval, alwaysNullable), { pretty: withDefaults(0, '0', '0', '0', '0', '0', '0', '0.000000') }),
    scalar('make_dt_interval', 0, 4, fixed(DAY_TO_SECOND), { pretty: withDefaults(0, '0', '0', '0', '0.000000') }),
    scalar('make_ym_interval', 0, 2, fixed(YEAR_TO_MONTH), { pretty: withDefaults(0, '0', '0') }),
    datePart,
    alias(datePart, 'datepart'),
    scalar('date_from_unix_date', 1, 1, fixed(T.date)),
    scalar('timestamp_seconds', 1, 1, fixed(T.timestamp)),
    scalar('timestamp_millis', 1, 1, fixed(T.timestamp)),
    scalar('timestamp_micros', 1, 1, fixed(T.timestamp)),
    scalar('timestamp_nanos', 1, 1, fixed({ kind: 'timestamp', variant: 'timestamp_ltz', precision: 9 })),
    scalar('unix_seconds', 1, 1, fixed(T.bigint)),
    scalar('unix_millis', 1, 1, fixed(T.bigint)),
    scalar('unix_micros', 1, 1, fixed(T.bigint)),
    scalar('unix_nanos', 1, 1, fixed(T.bigint)),
    scalar('convert_timezone', 2, 3, fixed(T.timestampNtz), { pretty: (n, args) => `${n}(${(args.length === 2 ? ['current_timezone()', ...args] : args).join(', ')})` }),
    scalar('window', 2, 4, (a) => timeWindow(a[0]!.type, isUnknown(a[0]!.type))),
    scalar('session_window', 2, 2, (a) => timeWindow(a[0]!.type, false)),
    scalar('window_time', 1, 1, fixed(T.timestamp)),
    scalar('time_diff', 3, 3, fixed(T.bigint)),
    scalar('time_trunc', 2, 2, sameAs(1)),
    scalar('time_from_seconds', 1, 1, fixed(TIME6)),
    scalar('time_from_millis', 1, 1, fixed(TIME6)),
    scalar('time_from_micros', 1, 1, fixed(TIME6)),
    scalar('time_to_seconds', 1, 1, fixed(T.decimal(14, 6))),
    scalar('time_to_millis', 1, 1, fixed(T.bigint)),
    scalar('time_to_micros', 1, 1, fixed(T.bigint)),
    scalar('time_bucket', 2, 3, sameAs(1)),
  ];
}

/** A time window: struct<start, end> of the input's timestamp type (NTZ stays NTZ). */
function timeWindow(t: DataType, unknown: boolean): { type: DataType; nullable: boolean } {
  const ts = unknown ? T.unknown : t.kind === 'timestamp' && t.variant === 'timestamp_ntz' ? T.timestampNtz : T.timestamp;
  const field = (name: string) => ({ name, type: ts, nullable: true, comment: null });
  return { type: { kind: 'struct', fields: [field('start'), field('end')] }, nullable: true };
}
