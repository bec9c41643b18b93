/**
 * The golden case files (test/golden/*.sql): a `-- as:` identity line, then a statement ending in
 * `;`. Shared by the golden test and the Spark plugin's golden harness (shim/spark/golden).
 */
import type { Identity } from '../../src/index.js';

/** The time every golden case is secured at. */
export const NOW = '2026-02-15T12:00:00Z';

export interface Case {
  readonly as: string;
  readonly sql: string;
}

/** `-- as: alice groups=analysts,hr region=EMEA purpose=audit` → identity. */
export function identityOf(spec: string): Identity {
  const [user, ...rest] = spec.trim().split(/\s+/);
  const groups: string[] = [];
  const attributes: Record<string, string[]> = {};
  const purposes: string[] = [];
  for (const kv of rest) {
    const i = kv.indexOf('=');
    const k = kv.slice(0, i);
    const v = kv.slice(i + 1);
    if (k === 'groups') groups.push(...v.split(','));
    else if (k === 'purpose') purposes.push(v);
    else (attributes[k] ??= []).push(v);
  }
  return { user: user!, groups, attributes, purposes };
}

export function casesOf(text: string): Case[] {
  const out: Case[] = [];
  let as: string | null = null;
  let sql: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^--\s*as:\s*(.*)$/.exec(line);
    if (m !== null) {
      as = m[1]!;
      continue;
    }
    if (line.startsWith('--') || (line.trim() === '' && sql.length === 0)) continue;
    sql.push(line);
    if (line.trimEnd().endsWith(';')) {
      if (as === null) throw new Error(`case without an -- as: line: ${sql.join(' ')}`);
      out.push({ as, sql: sql.join('\n').trim().replace(/;$/, '') });
      sql = [];
    }
  }
  return out;
}
