/** `leafguard who-can` on the bundled examples: the policies reaching a table, and what each identity gets. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whoCanCommand } from '../../src/cli/who-can.js';

const EXAMPLES = ['--catalog', 'examples/catalog.json', '--policies', 'examples/policies.yaml', '--now', '2026-02-01T00:00:00Z'];
let out: string[];
beforeEach(() => {
  out = [];
  vi.spyOn(console, 'log').mockImplementation((s: string) => void out.push(s));
});
afterEach(() => vi.restoreAllMocks());

describe('leafguard who-can', () => {
  it('reviews a column: who may read it, filtered and masked how', () => {
    expect(whoCanCommand([...EXAMPLES, '--table', 'hr.employees', '--column', 'ssn', '--identities', 'examples/identities.json'])).toBe(0);
    expect(out).toEqual([
      'hr.employees.ssn (mode protected-until-granted)',
      '  privileged (no rewrite): users root; groups platform-admins',
      '  allow analysts-read: groups analysts, hr',
      '  filter emp-region: everyone except groups hr',
      '  mask emp-ssn (ssn, showLast): everyone except groups hr',
      "  alice: allow, rows where region = 'EMEA', masked: ssn",
      '  hannah: allow, all rows, unmasked',
      '  carl: deny (no grant gives select on hr.employees (user carl))',
      '  root: allow, all rows, unmasked',
    ]);
  });

  it('lists time-bound grants with their window, as JSON too', () => {
    expect(whoCanCommand([...EXAMPLES, '--table', 'sales.orders', '--identities', 'examples/identities.json', '--json'])).toBe(0);
    const r = JSON.parse(out.join('\n'));
    expect(r.grants.map((g: { id: string; validUntil: string }) => [g.id, g.validUntil])).toEqual([['carl-q1', '2026-03-31T23:59:59Z']]);
    expect(r.decisions.map((d: { user: string; decision: string }) => `${d.user} ${d.decision}`)).toEqual(['alice deny', 'hannah deny', 'carl allow', 'root allow']);
  });

  it('says all rows when the row filter holds for every row of an identity (an auditor: the filter folds to TRUE)', () => {
    const ids = join(mkdtempSync(join(tmpdir(), 'who-can-')), 'identities.json');
    writeFileSync(ids, JSON.stringify([{ user: 'ann', groups: ['analysts', 'auditors'] }, { user: 'alice', groups: ['analysts'], attributes: { region: ['EMEA'] } }]));
    expect(whoCanCommand([...EXAMPLES, '--table', 'hr.employees', '--column', 'ssn', '--identities', ids])).toBe(0);
    expect(out.slice(-2)).toEqual(['  ann: allow, all rows (its row filters hold for every row), masked: ssn', "  alice: allow, rows where region = 'EMEA', masked: ssn"]);
  });
});
