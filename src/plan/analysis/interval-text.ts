/**
 * Interval literals as Spark normalises them: `INTERVAL 3 DAY 1 SECOND` and
 * `INTERVAL '3 days 1 second'` are the day-time interval `INTERVAL '3 00:00:01' DAY TO SECOND`;
 * year-month units fold into `INTERVAL 'y-m' YEAR TO MONTH`. Used for literal types and for the
 * text Spark prints in generated names.
 */
import type { DataType, IntervalUnit } from '../data-type.js';
import type { IntervalPart } from '../expression.js';

export type IntervalValue =
  | { readonly family: 'year-month'; readonly from: IntervalUnit; readonly to: IntervalUnit; readonly months: number }
  | { readonly family: 'day-time'; readonly from: IntervalUnit; readonly to: IntervalUnit; readonly micros: bigint };

const UNIT_ALIASES: Readonly<Record<string, string>> = {
  YEARS: 'YEAR', MONTHS: 'MONTH', WEEKS: 'WEEK', DAYS: 'DAY', HOURS: 'HOUR', MINUTES: 'MINUTE', SECONDS: 'SECOND',
  MILLISECONDS: 'MILLISECOND', MICROSECONDS: 'MICROSECOND',
};
const ORDER: readonly IntervalUnit[] = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];
const MICROS: Readonly<Record<string, bigint>> = {
  WEEK: 604_800_000_000n, DAY: 86_400_000_000n, HOUR: 3_600_000_000n, MINUTE: 60_000_000n, SECOND: 1_000_000n, MILLISECOND: 1000n, MICROSECOND: 1n,
};

const unitOf = (u: string): string => UNIT_ALIASES[u.toUpperCase()] ?? u.toUpperCase();
const ansi = (u: string): IntervalUnit => (u === 'WEEK' ? 'DAY' : u === 'MILLISECOND' || u === 'MICROSECOND' ? 'SECOND' : (u as IntervalUnit));

/** A decimal number of a unit, in microseconds (`1.5` SECOND → 1500000). */
function toMicros(text: string, unit: string): bigint | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (m === null || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const per = MICROS[unit];
  if (per === undefined) return null;
  const frac = (m[3] ?? '').padEnd(6, '0').slice(0, 6);
  const whole = BigInt(m[2] || '0') * per + (BigInt(frac) * per) / 1_000_000n;
  return m[1] === '-' ? -whole : whole;
}

/** `'1-2'` YEAR TO MONTH, `'1 2:03:04.5'` DAY TO SECOND: the string of a `from TO to` literal. */
function parseRange(text: string, from: IntervalUnit, to: IntervalUnit): IntervalValue | null {
  let s = text.trim();
  let sign = 1n;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s.startsWith('-')) sign = -1n;
    s = s.slice(1);
  }
  if (from === 'YEAR' || from === 'MONTH') {
    const m = /^(\d+)(?:-(\d+))?$/.exec(s);
    if (m === null) return null;
    const months = from === 'YEAR' ? Number(m[1]) * 12 + Number(m[2] ?? 0) : Number(m[1]);
    return { family: 'year-month', from, to, months: Number(sign) * months };
  }
  const fields = s.split(/[ :]/);
  const units = ORDER.slice(ORDER.indexOf(from), ORDER.indexOf(to) + 1);
  if (fields.length !== units.length) return null;
  let micros = 0n;
  for (let i = 0; i < units.length; i++) {
    const v = toMicros(fields[i]!, units[i]!);
    if (v === null) return null;
    micros += v;
  }
  return { family: 'day-time', from, to, micros: sign * micros };
}

/** Combines `value unit` pairs; null when the units mix the two families (a calendar interval). */
function combine(pairs: readonly (readonly [string, string])[]): IntervalValue | null {
  let months = 0;
  let micros = 0n;
  const units: IntervalUnit[] = [];
  let ym = false;
  let dt = false;
  for (const [value, rawUnit] of pairs) {
    const unit = unitOf(rawUnit);
    if (unit === 'YEAR' || unit === 'MONTH') {
      const m = /^([+-]?)(\d+)$/.exec(value.trim());
      if (m === null) return null;
      months += (m[1] === '-' ? -1 : 1) * Number(m[2]) * (unit === 'YEAR' ? 12 : 1);
      ym = true;
    } else {
      const v = toMicros(value, unit);
      if (v === null) return null;
      micros += v;
      dt = true;
    }
    units.push(ansi(unit));
  }
  if (ym === dt) return null;
  units.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
  const from = units[0]!;
  const to = units[units.length - 1]!;
  return ym ? { family: 'year-month', from, to, months } : { family: 'day-time', from, to, micros };
}

/** The value of an interval literal's parts (`INTERVAL 1 DAY 2 HOURS`, `INTERVAL '1-2' YEAR TO MONTH`). */
export function intervalFromParts(parts: readonly IntervalPart[]): IntervalValue | null {
  if (parts.length === 1 && parts[0]!.to !== undefined) {
    const p = parts[0]!;
    return parseRange(p.value, ansi(unitOf(p.unit)), ansi(unitOf(p.to!)));
  }
  const pairs: (readonly [string, string])[] = [];
  for (const p of parts) {
    // A quoted single-unit value may itself be signed text: `INTERVAL '-1' YEAR`.
    pairs.push([p.value, p.unit]);
  }
  return combine(pairs);
}

/** The value of a calendar-interval string (`'-1 year 1 month'`, `'3 days 4 hours'`). */
export function intervalFromString(text: string): IntervalValue | null {
  const tokens = text.trim().replace(/^interval\s+/i, '').split(/\s+/);
  if (tokens.length < 2 || tokens.length % 2 !== 0) return null;
  const pairs: (readonly [string, string])[] = [];
  for (let i = 0; i < tokens.length; i += 2) pairs.push([tokens[i]!, tokens[i + 1]!]);
  return combine(pairs);
}

export function intervalType(v: IntervalValue): DataType {
  return { kind: 'interval', from: v.from, to: v.from === v.to ? null : v.to };
}

const pad2 = (n: bigint): string => n.toString().padStart(2, '0');

/** Spark's literal text: `INTERVAL '3-1' YEAR TO MONTH`, `INTERVAL '3 00:00:01' DAY TO SECOND`, `INTERVAL '01' HOUR`. */
export function intervalSql(v: IntervalValue): string {
  const range = v.from === v.to ? v.from : `${v.from} TO ${v.to}`;
  if (v.family === 'year-month') {
    const sign = v.months < 0 ? '-' : '';
    const m = Math.abs(v.months);
    const text = v.from === 'MONTH' ? `${m}` : v.to === 'MONTH' ? `${Math.floor(m / 12)}-${m % 12}` : `${Math.floor(m / 12)}`;
    return `INTERVAL '${sign}${text}' ${range}`;
  }
  const sign = v.micros < 0n ? '-' : '';
  let rest = v.micros < 0n ? -v.micros : v.micros;
  const units = ORDER.slice(ORDER.indexOf(v.from), ORDER.indexOf(v.to) + 1);
  const out: string[] = [];
  for (const u of units) {
    const per = MICROS[u]!;
    if (u === 'SECOND') {
      const secs = rest / per;
      const frac = rest % per;
      const fracText = frac === 0n ? '' : '.' + frac.toString().padStart(6, '0').replace(/0+$/, '');
      out.push((u === v.from ? pad2(secs) : pad2(secs)) + fracText);
    } else {
      const n = rest / per;
      rest %= per;
      out.push(u === 'DAY' ? n.toString() : pad2(n));
    }
  }
  // The leading field is not truncated: 26 hours in HOUR TO MINUTE is `26:00`.
  let text = out[0]!;
  for (let i = 1; i < out.length; i++) text += (units[i] === 'HOUR' && units[0] === 'DAY' ? ' ' : ':') + out[i];
  return `INTERVAL '${sign}${text}' ${range}`;
}
